package org.netgeom.tensor;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), the
 * counter-based generator behind every random number in netgeom. Element i of a random fill
 * depends only on (seed, stream, i), so the CPU backend, the CUDA kernels and any thread
 * layout produce the same numbers for the same seed.
 *
 * <p>The mapping, which cuda/random.cu implements word for word:
 * <ul>
 *   <li>block = i / 4, lane = i % 4; counter = (lo(block), hi(block), lo(stream), hi(stream)),
 *       key = (lo(seed), hi(seed)); the block gives four 32-bit words.</li>
 *   <li>uniform: u = (word[lane] >>> 8) * 2^-24 in [0, 1); value = low + (high - low) * u,
 *       each operation rounded in float32 (no fused multiply-add).</li>
 *   <li>normal: lanes 0,1 use words 0,1 and lanes 2,3 use words 2,3 (Box-Muller, in float64):
 *       u1 = ((word[2j] >>> 8) + 1) * 2^-24 in (0, 1], u2 = (word[2j+1] >>> 8) * 2^-24,
 *       r = sqrt(-2 ln u1), z = r cos(2 pi u2) for the even lane and r sin(2 pi u2) for the
 *       odd one; value = mean + std * (float) z, rounded in float32.</li>
 * </ul>
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final float TWO_POW_MINUS_24 = 1.0f / (1 << 24);

    private Philox() {}

    /** The four output words of counter block (c0..c3) under key (k0, k1), into out[0..3]. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** The four words of block {@code block} of stream (seed, stream). */
    public static void block(long seed, long stream, long block, int[] out) {
        block((int) block, (int) (block >>> 32), (int) stream, (int) (stream >>> 32),
                (int) seed, (int) (seed >>> 32), out);
    }

    /** A 32-bit word as a float in [0, 1) with 24 random bits. */
    public static float unitFloat(int word) {
        return (word >>> 8) * TWO_POW_MINUS_24;
    }

    /** Element i of a uniform [low, high) fill. */
    public static float uniform(long seed, long stream, long i, float low, float high) {
        int[] words = new int[4];
        block(seed, stream, i >>> 2, words);
        return low + (high - low) * unitFloat(words[(int) (i & 3)]);
    }

    /** Element i of a normal(mean, std) fill. */
    public static float normal(long seed, long stream, long i, float mean, float std) {
        int[] words = new int[4];
        block(seed, stream, i >>> 2, words);
        return mean + std * (float) boxMuller(words, (int) (i & 3));
    }

    /** The standard normal of {@code lane} from a block's words (see the class comment). */
    public static double boxMuller(int[] words, int lane) {
        int pair = lane & ~1;
        double u1 = ((words[pair] >>> 8) + 1) * (double) TWO_POW_MINUS_24;
        double u2 = (words[pair + 1] >>> 8) * (double) TWO_POW_MINUS_24;
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        return (lane & 1) == 0 ? radius * Math.cos(angle) : radius * Math.sin(angle);
    }

    /** Fills {@code out} with uniform [low, high) values, element i from counter i. */
    public static void fillUniform(float[] out, int offset, int count, long seed, long stream, float low, float high) {
        int[] words = new int[4];
        for (int i = 0; i < count; i += 4) {
            block(seed, stream, i >>> 2, words);
            for (int lane = 0; lane < 4 && i + lane < count; lane++) {
                out[offset + i + lane] = low + (high - low) * unitFloat(words[lane]);
            }
        }
    }

    /** Fills {@code out} with normal(mean, std) values, element i from counter i. */
    public static void fillNormal(float[] out, int offset, int count, long seed, long stream, float mean, float std) {
        int[] words = new int[4];
        for (int i = 0; i < count; i += 4) {
            block(seed, stream, i >>> 2, words);
            for (int lane = 0; lane < 4 && i + lane < count; lane++) {
                out[offset + i + lane] = mean + std * (float) boxMuller(words, lane);
            }
        }
    }

    /**
     * A seeded Fisher-Yates permutation of 0..n-1 for shuffling (host side), drawing from
     * stream (seed, stream) so that each epoch can use its own stream.
     */
    public static int[] permutation(int n, long seed, long stream) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        int[] words = new int[4];
        for (int i = n - 1; i > 0; i--) {
            block(seed, stream, i, words);
            long wide = ((words[0] & 0xFFFFFFFFL) << 32) | (words[1] & 0xFFFFFFFFL);
            int j = (int) Long.remainderUnsigned(wide, i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return perm;
    }
}
