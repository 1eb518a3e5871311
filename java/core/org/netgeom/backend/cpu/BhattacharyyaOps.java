package org.netgeom.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.netgeom.linalg.LaneSums;

/**
 * Bhattacharyya distances between rows of square-rooted probabilities (see
 * {@code Backend.bhattacharyyaDistances}): per sample a C-term inner product, its clamped log,
 * and a float64 sum over samples. Lanes run over samples (the rows are class-major), so each
 * vector step does C fused multiply-adds, one vector log, and two float64 additions.
 *
 * <p>The log is {@link #log}, written out lane-wise in the loop, not the Vector API's LOG: that
 * is Math.log per lane until C2 compiles the loop and SVML's float log after, which differ in the
 * last place, so distances (and the InPCA coordinates made from them) depended on what had run
 * before. The lanes' partial sums are added in a fixed order ({@link LaneSums}) for the same reason.
 */
final class BhattacharyyaOps {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, FLOATS.vectorShape());
    private static final int LANES = FLOATS.length();
    /** Samples per pass: a row's slice (C x CHUNK floats) stays in L1, a block of B rows in L2. */
    private static final int CHUNK = 256;
    private static final int B_ROWS_PER_BLOCK = 16;

    // log(x) = k ln 2 + log(1 + f) with 1 + f in [sqrt(1/2), sqrt(2)): adding SQRT_HALF_OFFSET to
    // the bits carries into the exponent exactly when the mantissa is at least sqrt(2) (musl's logf).
    private static final int SQRT_HALF_BITS = 0x3f3504f3;
    private static final int SQRT_HALF_OFFSET = 0x3f800000 - SQRT_HALF_BITS;
    private static final int MANTISSA_BITS = 0x007fffff;
    /** ln 2 split as fdlibm's e_logf.c splits it (ln2_hi 0x3f317180, ln2_lo 0x3717f7d1). */
    private static final float LN2_HI = 0x1.62e3p-1f, LN2_LO = 0x1.2fefa2p-17f;
    /** log(1 + f) = 2s + s z (2/3 + 2z/5 + 2z^2/7 + 2z^3/9 + 2z^4/11), s = f / (2 + f), z = s^2 <= 0.0295. */
    private static final float P1 = 2f / 3, P2 = 2f / 5, P3 = 2f / 7, P4 = 2f / 9, P5 = 2f / 11;
    private static final FloatVector VECTOR_LN2_HI = FloatVector.broadcast(FLOATS, LN2_HI),
            VECTOR_LN2_LO = FloatVector.broadcast(FLOATS, LN2_LO), TWO = FloatVector.broadcast(FLOATS, 2f),
            ONE = FloatVector.broadcast(FLOATS, 1f), VECTOR_P1 = FloatVector.broadcast(FLOATS, P1),
            VECTOR_P2 = FloatVector.broadcast(FLOATS, P2), VECTOR_P3 = FloatVector.broadcast(FLOATS, P3),
            VECTOR_P4 = FloatVector.broadcast(FLOATS, P4), VECTOR_P5 = FloatVector.broadcast(FLOATS, P5);

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
        DoubleVector low = DoubleVector.zero(DOUBLES), high = DoubleVector.zero(DOUBLES);
        int s = s0;
        for (; s + LANES <= s1; s += LANES) {
            FloatVector coefficient = FloatVector.zero(FLOATS);
            for (int c = 0, offset = s; c < classes; c++, offset += samples) {
                coefficient = FloatVector.fromArray(FLOATS, a, aRow + offset)
                        .fma(FloatVector.fromArray(FLOATS, b, bRow + offset), coefficient);
            }
            FloatVector x = coefficient.max(lowest);
            // log(x), the steps of log(float) below.
            IntVector bits = x.viewAsIntegralLanes().add(SQRT_HALF_OFFSET);
            FloatVector k = (FloatVector) bits.lanewise(VectorOperators.ASHR, 23).sub(127).convert(VectorOperators.I2F, 0);
            FloatVector f = bits.and(MANTISSA_BITS).add(SQRT_HALF_BITS).viewAsFloatingLanes().sub(ONE);
            FloatVector ratio = f.div(f.add(TWO));
            FloatVector z = ratio.mul(ratio);
            FloatVector p = VECTOR_P5.fma(z, VECTOR_P4).fma(z, VECTOR_P3).fma(z, VECTOR_P2).fma(z, VECTOR_P1);
            FloatVector logs = k.fma(VECTOR_LN2_HI, k.fma(VECTOR_LN2_LO, ratio.mul(z).fma(p, ratio.add(ratio)))).add(x.sub(x));
            low = low.add((DoubleVector) logs.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high = high.add((DoubleVector) logs.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        double total = LaneSums.inOrder(low.add(high));
        for (; s < s1; s++) {
            float coefficient = 0f;
            for (int c = 0, offset = s; c < classes; c++, offset += samples) {
                coefficient = Math.fma(a[aRow + offset], b[bRow + offset], coefficient);
            }
            total += log(Math.max(coefficient, lowest));
        }
        return total;
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
