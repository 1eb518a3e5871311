package org.netgeom.linalg;

import java.lang.management.ManagementFactory;

/**
 * Whether this JVM has the Java Vector API (the incubator module {@code jdk.incubator.vector}),
 * decided once, and the vector width every CPU kernel lays its work out for.
 *
 * <p>With the module, the kernels run on the Vector API. Without it they run scalar loops that
 * compute the same bits: the same fused multiply-adds, and wherever a result depends on how lanes
 * are added (a dot product's lane sums, the Bhattacharyya log sums) the same number of lane
 * accumulators added in the same order. For that the scalar path needs the width the Vector API
 * would have chosen, {@link #BIT_SIZE}, which it reads from HotSpot's flags (see
 * {@link #maxVectorBits}). A JVM without the module logs one note, at INFO through
 * {@link System.Logger}, saying how to enable the fast path.
 *
 * <p>Class loading is lazy, so a scalar kernel's class never mentions a Vector API type in a field
 * or signature, and every call into a Vector API class is behind a test of {@link #AVAILABLE}: in
 * a JVM without the module no such class is ever loaded.
 */
public final class VectorCapability {
    /** True when the kernels run on the Vector API. */
    public static final boolean AVAILABLE = vectorModuleReadable();
    /** The vector width in bits: the Vector API's preferred shape, or without it the one HotSpot's flags imply. */
    public static final int BIT_SIZE = AVAILABLE ? VectorFloat64Kernels.preferredBitSize() : maxVectorBits();
    /** Used when neither the Vector API nor HotSpot's MaxVectorSize is there: AVX2's width. */
    static final int DEFAULT_BIT_SIZE = 256;

    static {
        if (!AVAILABLE) {
            System.getLogger(VectorCapability.class.getName()).log(System.Logger.Level.INFO, note());
        }
    }

    private VectorCapability() {}

    /** float lanes of one vector. */
    public static int floatLanes() { return BIT_SIZE / Float.SIZE; }

    /** double lanes of one vector. */
    public static int doubleLanes() { return BIT_SIZE / Double.SIZE; }

    /** How the CPU kernels run, for a device description: "512-bit vectors" or "scalar kernels, no Vector API". */
    public static String description() {
        return AVAILABLE ? BIT_SIZE + "-bit vectors" : "scalar kernels, no Vector API";
    }

    /** The note a JVM without the Vector API logs once. */
    static String note() {
        return "the Java Vector API (module jdk.incubator.vector) is not in this JVM, so netgeom's CPU kernels run as"
                + " scalar code: the same results, but slower. For the fast path, add --add-modules jdk.incubator.vector"
                + " to the JVM options";
    }

    private static boolean vectorModuleReadable() {
        Module self = VectorCapability.class.getModule();
        return ModuleLayer.boot().findModule("jdk.incubator.vector").filter(self::canRead).isPresent();
    }

    /**
     * The width the Vector API's preferred shape would have, from HotSpot's flags: MaxVectorSize
     * (which C2 sets from the processor: 64 bytes with AVX-512, 32 with AVX2, 16 with NEON or SSE),
     * at most 128 bits on x86 below AVX2 (AVX has 256-bit float vectors but 128-bit integer ones,
     * and the preferred shape is the one every lane type has). {@link #DEFAULT_BIT_SIZE} on a JVM
     * without these flags or without jdk.management. One case it misses: AVX-512 without AVX512BW
     * (Xeon Phi), where the Vector API prefers 256 bits.
     */
    static int maxVectorBits() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotSpot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            int bits = 8 * Integer.parseInt(hotSpot.getVMOption("MaxVectorSize").getValue());
            String arch = System.getProperty("os.arch");
            if ((arch.equals("amd64") || arch.equals("x86_64")) && Integer.parseInt(hotSpot.getVMOption("UseAVX").getValue()) < 2) {
                bits = Math.min(bits, 128);
            }
            return Math.max(64, bits);
        } catch (LinkageError | RuntimeException e) {
            return DEFAULT_BIT_SIZE;
        }
    }
}
