package org.netgeom.backend.cpu;

import org.netgeom.linalg.VectorCapability;

/**
 * Bhattacharyya distances between rows of square-rooted probabilities (see
 * {@code Backend.bhattacharyyaDistances}): per sample a C-term inner product, its clamped log,
 * and a float64 sum over samples. On the Vector API ({@link VectorBhattacharyyaOps}) lanes run
 * over samples (the rows are class-major), so each vector step does C fused multiply-adds, one
 * vector log, and two float64 additions; without it the scalar loops here compute the same bits.
 *
 * <p>The log is {@link #log}, written out lane-wise in the vector loop, not the Vector API's LOG:
 * that is Math.log per lane until C2 compiles the loop and SVML's float log after, which differ in
 * the last place, so distances (and the InPCA coordinates made from them) depended on what had
 * run before. The lanes' partial sums are added in a fixed order
 * ({@link org.netgeom.linalg.LaneSums}) for the same reason.
 */
final class BhattacharyyaOps {
    /** Float lanes of the vector loop, whose summation order the scalar loop follows. */
    static final int LANES = VectorCapability.floatLanes();
    /** Samples per pass: a row's slice (C x CHUNK floats) stays in L1, a block of B rows in L2. */
    private static final int CHUNK = 256;
    private static final int B_ROWS_PER_BLOCK = 16;

    // log(x) = k ln 2 + log(1 + f) with 1 + f in [sqrt(1/2), sqrt(2)): adding SQRT_HALF_OFFSET to
    // the bits carries into the exponent exactly when the mantissa is at least sqrt(2) (musl's logf).
    static final int SQRT_HALF_BITS = 0x3f3504f3;
    static final int SQRT_HALF_OFFSET = 0x3f800000 - SQRT_HALF_BITS;
    static final int MANTISSA_BITS = 0x007fffff;
    /** ln 2 split as fdlibm's e_logf.c splits it (ln2_hi 0x3f317180, ln2_lo 0x3717f7d1). */
    static final float LN2_HI = 0x1.62e3p-1f, LN2_LO = 0x1.2fefa2p-17f;
    /** log(1 + f) = 2s + s z (2/3 + 2z/5 + 2z^2/7 + 2z^3/9 + 2z^4/11), s = f / (2 + f), z = s^2 <= 0.0295. */
    static final float P1 = 2f / 3, P2 = 2f / 5, P3 = 2f / 7, P4 = 2f / 9, P5 = 2f / 11;

    private BhattacharyyaOps() {}

    /** out rows [rowFrom, rowTo) of the ka x kb distance matrix. */
    static void distances(CpuMatrix a, CpuMatrix b, int classes, float floor, CpuMatrix out, int rowFrom, int rowTo) {
        int samples = a.cols() / classes;
        int kb = b.rows();
        double[] logSums = new double[(rowTo - rowFrom) * kb];
        for (int s0 = 0; s0 < samples; s0 += CHUNK) {
            int s1 = Math.min(samples, s0 + CHUNK);
            for (int j0 = 0; j0 < kb; j0 += B_ROWS_PER_BLOCK) {
                int j1 = Math.min(kb, j0 + B_ROWS_PER_BLOCK);
                for (int i = rowFrom; i < rowTo; i++) {
                    int aRow = a.offset + i * a.cols();
                    for (int j = j0; j < j1; j++) {
                        int bRow = b.offset + j * b.cols();
                        logSums[(i - rowFrom) * kb + j] += logCoefficientSum(a.data, aRow, b.data, bRow, classes,
                                samples, s0, s1, floor);
                    }
                }
            }
        }
        for (int i = rowFrom; i < rowTo; i++) {
            for (int j = 0; j < kb; j++) {
                out.data[out.offset + i * kb + j] = samples == 0 ? 0f : (float) (-logSums[(i - rowFrom) * kb + j] / samples);
            }
        }
    }

    /**
     * sum over samples s in [s0, s1) of log(max(sum_c a[c * samples + s] b[c * samples + s], floor)),
     * each log in float32 by {@link #log}'s steps, the sum in float64. A floor below the smallest
     * normal float (1.2e-38) counts as that: the log's bit arithmetic needs normal numbers.
     */
    private static double logCoefficientSum(float[] a, int aRow, float[] b, int bRow, int classes, int samples,
                                            int s0, int s1, float floor) {
        float lowest = Math.max(floor, Float.MIN_NORMAL);
        return VectorCapability.AVAILABLE
                ? VectorBhattacharyyaOps.logCoefficientSum(a, aRow, b, bRow, classes, samples, s0, s1, lowest)
                : scalarLogCoefficientSum(a, aRow, b, bRow, classes, samples, s0, s1, lowest, LANES);
    }

    /**
     * {@link VectorBhattacharyyaOps#logCoefficientSum} without the Vector API, bit for bit for the
     * same number of float lanes: the samples of each whole vector of {@code lanes} are summed by
     * two float64 accumulators per double lane (the vector's low half, sample s + lane, and high
     * half, sample s + lanes / 2 + lane), the double lanes' pairs are added in order from lane 0,
     * then the samples after the last whole vector one by one.
     */
    static double scalarLogCoefficientSum(float[] a, int aRow, float[] b, int bRow, int classes, int samples,
                                          int s0, int s1, float lowest, int lanes) {
        int half = lanes / 2, whole = s0 + (s1 - s0) / lanes * lanes;
        double total = 0;
        for (int lane = 0; lane < half; lane++) {
            double low = 0, high = 0;
            for (int s = s0 + lane; s < whole; s += lanes) {
                low += logCoefficient(a, aRow, b, bRow, classes, samples, s, lowest);
                high += logCoefficient(a, aRow, b, bRow, classes, samples, s + half, lowest);
            }
            total = lane == 0 ? low + high : total + (low + high);
        }
        for (int s = whole; s < s1; s++) total += logCoefficient(a, aRow, b, bRow, classes, samples, s, lowest);
        return total;
    }

    /** log(max(sum_c a[c * samples + s] b[c * samples + s], lowest)), the sum by fused multiply-adds from c = 0. */
    static float logCoefficient(float[] a, int aRow, float[] b, int bRow, int classes, int samples, int s, float lowest) {
        float coefficient = 0f;
        for (int c = 0, offset = s; c < classes; c++, offset += samples) {
            coefficient = Math.fma(a[aRow + offset], b[bRow + offset], coefficient);
        }
        return log(Math.max(coefficient, lowest));
    }

    /**
     * The natural log of a positive normal float within 2 units in the last place, from float
     * arithmetic, fused multiply-adds and bit operations only (the same bits in every JVM and
     * tier); NaN gives NaN, infinity NaN.
     */
    static float log(float x) {
        int bits = Float.floatToRawIntBits(x) + SQRT_HALF_OFFSET;
        float k = (bits >> 23) - 127;
        float f = Float.intBitsToFloat((bits & MANTISSA_BITS) + SQRT_HALF_BITS) - 1f;
        float ratio = f / (f + 2f);
        float z = ratio * ratio;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(P5, z, P4), z, P3), z, P2), z, P1);
        return Math.fma(k, LN2_HI, Math.fma(k, LN2_LO, Math.fma(ratio * z, p, ratio + ratio))) + (x - x);
    }
}
