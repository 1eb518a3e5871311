package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.netgeom.tensor.Matrix;

/** Seeded inputs and float64 comparisons shared by the CPU backend tests. */
final class CpuTestSupport {
    /**
     * Relative tolerance for float32 results against float64 references: one float32 rounding
     * is 6e-8, and sums of up to ~10^3 rounded terms stay well below 1e-5.
     */
    static final double RELATIVE_TOLERANCE = 1e-5;

    private CpuTestSupport() {}

    /** A rows x cols matrix of uniform values in [-1, 1). */
    static Matrix randomMatrix(Random random, int rows, int cols) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) m.data()[i] = (float) (2 * random.nextDouble() - 1);
        return m;
    }

    /** The float32 values widened to float64, row-major. */
    static double[] toDouble(Matrix m) {
        double[] values = new double[m.size()];
        for (int i = 0; i < values.length; i++) values[i] = m.data()[i];
        return values;
    }

    /**
     * Asserts |actual - expected| <= RELATIVE_TOLERANCE * scale, where scale is the size of the
     * terms that produced expected (|expected| for a product, the sum of |terms| for a sum, so
     * that cancellation does not demand more than float32 can give).
     */
    static void assertNear(double expected, double actual, double scale, String what) {
        double allowed = RELATIVE_TOLERANCE * Math.max(scale, Math.abs(expected));
        assertTrue(Math.abs(actual - expected) <= allowed || (Double.isNaN(expected) && Double.isNaN(actual)),
                () -> what + ": expected " + expected + ", got " + actual + " (allowed error " + allowed + ")");
    }

    /** Element-wise {@link #assertNear} with scale = |expected|, plus equal shapes. */
    static void assertMatrixNear(double[] expected, Matrix actual, String what) {
        assertEquals(expected.length, actual.size(), what + ": number of elements");
        for (int i = 0; i < expected.length; i++) {
            assertNear(expected[i], actual.data()[i], Math.abs(expected[i]), what + " element " + i);
        }
    }
}
