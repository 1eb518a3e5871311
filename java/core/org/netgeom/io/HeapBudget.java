package org.netgeom.io;

import java.util.Locale;

/**
 * Checks a large allocation whose size is known against the Java heap before making it, so
 * that a model, data set, distance matrix or batch too large for the heap fails at once with
 * a message that says what to do, instead of an {@link OutOfMemoryError} halfway through a run.
 */
public final class HeapBudget {
    /** Allocations below this are never checked: the JVM's own headroom covers them. */
    private static final long CHECKED_FROM_BYTES = 16L << 20;

    private HeapBudget() {}

    /**
     * Throws {@link HeapExhaustedException} when {@code bytes} cannot fit in the heap that is
     * still free (the heap limit minus what live objects use, after a collection when the first
     * look finds too little).
     *
     * @param what what is being allocated, e.g. "the 60000 x 784 training images"
     */
    public static void require(long bytes, String what) {
        if (bytes < 0) throw new HeapExhaustedException(what + " would need more than 2^63 bytes", 0);
        if (bytes < CHECKED_FROM_BYTES) return;
        long available = available();
        if (bytes > available) {
            // Garbage counts as used until a collection; ask for one before refusing, so that a
            // long sweep is never refused what a collection would have made room for. This runs
            // only near the limit, where the alternative is an OutOfMemoryError.
            System.gc();
            available = available();
        }
        if (bytes > available) {
            throw new HeapExhaustedException(what + " needs " + bytes(bytes) + " but only " + bytes(available)
                    + " of the Java heap is free", bytes);
        }
    }

    private static long available() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /** Bytes of {@code count} elements of {@code elementBytes} each, or -1 when the product overflows a long. */
    public static long bytesOf(long count, long elementBytes) {
        try {
            return Math.multiplyExact(count, elementBytes);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** The heap limit (-Xmx) in bytes. */
    public static long maxHeap() { return Runtime.getRuntime().maxMemory(); }

    /** A byte count for people: "1.5 GiB", "12.0 MiB", "512 B". */
    public static String bytes(long count) {
        if (count < 1024) return count + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * What to raise the heap to for a failed allocation: twice the current limit, or the limit
     * plus the request when that is more, rounded up to whole GiB.
     */
    static long suggestedHeapGiB(long requestedBytes) {
        long current = maxHeap();
        long wanted = Math.max(2 * current, current + Math.max(requestedBytes, 0));
        return Math.max(1, (wanted + (1L << 30) - 1) >> 30);
    }
}
