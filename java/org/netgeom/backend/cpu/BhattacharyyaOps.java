package org.netgeom.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bhattacharyya distances between rows of square-rooted probabilities (see
 * {@code Backend.bhattacharyyaDistances}): per sample a C-term inner product, its clamped log,
 * and a float64 sum over samples. Lanes run over samples (the rows are class-major), so each
 * vector step does C fused multiply-adds, one vector log, and two float64 additions.
 */
final class BhattacharyyaOps {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, FLOATS.vectorShape());
    private static final int LANES = FLOATS.length();
    /** Samples per pass: a row's slice (C x CHUNK floats) stays in L1, a block of B rows in L2. */
    private static final int CHUNK = 256;
    private static final int B_ROWS_PER_BLOCK = 16;

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

    /** sum over samples s in [s0, s1) of log(max(sum_c a[c * samples + s] b[c * samples + s], floor)). */
    private static double logCoefficientSum(float[] a, int aRow, float[] b, int bRow, int classes, int samples,
                                            int s0, int s1, float floor) {
        DoubleVector low = DoubleVector.zero(DOUBLES), high = DoubleVector.zero(DOUBLES);
        int s = s0;
        for (; s + LANES <= s1; s += LANES) {
            FloatVector coefficient = FloatVector.zero(FLOATS);
            for (int c = 0, offset = s; c < classes; c++, offset += samples) {
                coefficient = FloatVector.fromArray(FLOATS, a, aRow + offset)
                        .fma(FloatVector.fromArray(FLOATS, b, bRow + offset), coefficient);
            }
            FloatVector logs = coefficient.max(floor).lanewise(VectorOperators.LOG);
            low = low.add((DoubleVector) logs.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high = high.add((DoubleVector) logs.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        double total = low.add(high).reduceLanes(VectorOperators.ADD);
        for (; s < s1; s++) {
            float coefficient = 0f;
            for (int c = 0, offset = s; c < classes; c++, offset += samples) {
                coefficient = Math.fma(a[aRow + offset], b[bRow + offset], coefficient);
            }
            total += Math.log(Math.max(coefficient, floor));
        }
        return total;
    }
}
