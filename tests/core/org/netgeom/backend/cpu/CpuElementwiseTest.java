package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.backend.cpu.CpuTestSupport.assertMatrixNear;
import static org.netgeom.backend.cpu.CpuTestSupport.assertNear;
import static org.netgeom.backend.cpu.CpuTestSupport.randomMatrix;
import static org.netgeom.backend.cpu.CpuTestSupport.toDouble;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.MathFunctions;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/** Activations, element-wise arithmetic, reductions and gathers against float64 references. */
class CpuElementwiseTest {
    /** Large enough that the loops split across threads. */
    private static final int ROWS = 257, COLS = 300;
    private static CpuBackend backend;

    @BeforeAll
    static void open() { backend = new CpuBackend(2); }

    @AfterAll
    static void close() { backend.close(); }

    /** Preactivations spread over [-4, 4), where every activation bends. */
    private static Matrix preactivations(Random random, int rows, int cols) {
        Matrix m = randomMatrix(random, rows, cols);
        for (int i = 0; i < m.size(); i++) m.data()[i] *= 4;
        return m;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationMatchesFloat64(Activation activation) {
        Matrix z = preactivations(new Random(1), ROWS, COLS);
        double[] expected = Arrays.stream(toDouble(z)).map(x -> MathFunctions.apply(activation, x)).toArray();
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix in = scope.upload(z), out = scope.allocate(ROWS, COLS);
            backend.activation(activation, in, out);
            assertMatrixNear(expected, backend.download(out), activation + " out of place");
            backend.activation(activation, in, in);
            assertMatrixNear(expected, backend.download(in), activation + " in place");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void biasActivationKeepsBiasedPreactivation(Activation activation) {
        Random random = new Random(2);
        Matrix z = preactivations(random, ROWS, COLS), bias = randomMatrix(random, 1, COLS);
        double[] biased = new double[z.size()];
        for (int i = 0; i < biased.length; i++) biased[i] = (double) (z.data()[i] + bias.data()[i % COLS]);
        double[] expected = Arrays.stream(biased).map(x -> MathFunctions.apply(activation, x)).toArray();
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix pre = scope.upload(z), out = scope.allocate(ROWS, COLS);
            backend.biasActivation(pre, scope.upload(bias), activation, out);
            assertMatrixNear(biased, backend.download(pre), "biased preactivation");
            assertMatrixNear(expected, backend.download(out), activation + " output");
        }
    }

    @Test
    void biasActivationRefusesInPlaceNonlinearity() {
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix z = scope.allocate(3, 4), bias = scope.allocate(1, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.biasActivation(z, bias, Activation.TANH, z));
            assertTrue(e.getMessage().contains("tanh"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationBackwardMultipliesByDerivative(Activation activation) {
        Random random = new Random(3);
        Matrix z = preactivations(random, ROWS, COLS), grad = randomMatrix(random, ROWS, COLS);
        double[] expected = new double[z.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = grad.data()[i] * MathFunctions.derivative(activation, z.data()[i]);
        }
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix pre = scope.upload(z), g = scope.upload(grad), out = scope.allocate(ROWS, COLS);
            backend.activationBackward(activation, pre, g, out);
            assertMatrixNear(expected, backend.download(out), activation + " backward");
            backend.activationBackward(activation, pre, g, g);
            assertMatrixNear(expected, backend.download(g), activation + " backward in place");
        }
    }

    @Test
    void axpyScaleMultiplyAndAddScaledMatchFloat64() {
        Random random = new Random(4);
        Matrix x = randomMatrix(random, ROWS, COLS), y = randomMatrix(random, ROWS, COLS);
        double[] xs = toDouble(x), ys = toDouble(y);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix dx = scope.upload(x), dy = scope.upload(y), out = scope.allocate(ROWS, COLS);
            backend.multiply(dx, dy, out);
            assertMatrixNear(product(xs, ys), backend.download(out), "multiply");
            backend.addScaled(0.5f, dx, -2f, dy, out);
            assertSumNear(xs, 0.5, ys, -2, backend.download(out), "addScaled");
            backend.axpy(-1.25f, dx, dy);
            assertSumNear(xs, -1.25, ys, 1, backend.download(dy), "axpy");
            backend.scale(3f, dx);
            assertMatrixNear(Arrays.stream(xs).map(v -> 3 * v).toArray(), backend.download(dx), "scale");
            backend.fill(dx, 7.5f);
            assertTrue(allEqual(backend.download(dx), 7.5f), "fill sets every element");
        }
    }

    @Test
    void multiplyAndAddScaledMayWriteIntoAnInput() {
        Random random = new Random(5);
        Matrix a = randomMatrix(random, 3, 50), b = randomMatrix(random, 3, 50);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix da = scope.upload(a), db = scope.upload(b);
            backend.multiply(da, db, db);
            assertMatrixNear(product(toDouble(a), toDouble(b)), backend.download(db), "multiply into b");
            DeviceMatrix dc = scope.upload(b);
            backend.addScaled(2f, da, 1f, dc, da);
            assertSumNear(toDouble(a), 2, toDouble(b), 1, backend.download(da), "addScaled into a");
        }
    }

    @Test
    void sumsAccumulateInFloat64() {
        Random random = new Random(6);
        Matrix m = randomMatrix(random, ROWS, COLS), old = randomMatrix(random, 1, COLS);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix dm = scope.upload(m), columns = scope.upload(old), rows = scope.allocate(ROWS, 1);
            backend.sumColumns(dm, 0.5f, -1f, columns);
            backend.sumRows(dm, rows);
            Matrix columnSums = backend.download(columns), rowSums = backend.download(rows);
            double total = 0, totalMagnitude = 0;
            for (int c = 0; c < COLS; c++) {
                double sum = 0, magnitude = 0;
                for (int r = 0; r < ROWS; r++) { sum += m.get(r, c); magnitude += Math.abs(m.get(r, c)); }
                assertNear(0.5 * sum - old.get(0, c), columnSums.get(0, c), 0.5 * magnitude + Math.abs(old.get(0, c)), "column " + c);
                total += sum;
                totalMagnitude += magnitude;
            }
            for (int r = 0; r < ROWS; r++) {
                double sum = 0, magnitude = 0;
                for (int c = 0; c < COLS; c++) { sum += m.get(r, c); magnitude += Math.abs(m.get(r, c)); }
                assertNear(sum, rowSums.get(r, 0), magnitude, "row " + r);
            }
            // Float64 accumulation: no float32 rounding of partial sums at all.
            assertEquals(total, backend.sumAll(dm), 1e-12 * totalMagnitude);
        }
    }

    @Test
    void sumColumnsWithBetaZeroIgnoresNaN() {
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix m = scope.upload(Matrix.of(new double[][] {{1, 2}, {3, 4}}));
            DeviceMatrix out = scope.upload(Matrix.rowVector(Float.NaN, Float.NaN));
            backend.sumColumns(m, 2f, 0f, out);
            assertEquals(8f, backend.download(out).get(0, 0));
            assertEquals(12f, backend.download(out).get(0, 1));
        }
    }

    @Test
    void gatherRowsCopiesIndexedRowsAndRejectsBadIndices() {
        Random random = new Random(7);
        Matrix source = randomMatrix(random, 10, 6);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix src = scope.upload(source), out = scope.allocate(3, 6);
            DeviceMatrix indices = scope.upload(Matrix.rowVector(9, 4, 0, 7, 2));
            backend.gatherRows(src, indices, 1, out);
            Matrix gathered = backend.download(out);
            int[] expectedRows = {4, 0, 7};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 6; c++) assertEquals(source.get(expectedRows[r], c), gathered.get(r, c), "row " + r);
            }
            DeviceMatrix bad = scope.upload(Matrix.rowVector(1, 10, 2));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> backend.gatherRows(src, bad, 0, out));
            assertTrue(e.getMessage().contains("10"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> backend.gatherRows(src, indices, 3, out));
        }
    }

    @Test
    void flipBlocksWritesEachPointThenItsSingleCoordinateFlips() {
        Random random = new Random(11);
        int count = 3, d = 5;
        Matrix points = randomMatrix(random, count, d);
        Matrix centres = randomMatrix(random, 1, d);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix x = scope.upload(points), c = scope.upload(centres);
            DeviceMatrix out = scope.allocate(count * (d + 1), d);
            for (boolean centred : new boolean[] {false, true}) {
                backend.fill(out, Float.NaN);
                backend.flipBlocks(x, centred ? c : null, out);
                Matrix blocks = backend.download(out);
                for (int p = 0; p < count; p++) {
                    for (int r = 0; r <= d; r++) {
                        for (int j = 0; j < d; j++) {
                            float value = points.get(p, j);
                            float expected = r == j + 1 ? 2 * (centred ? centres.get(0, j) : 0f) - value : value;
                            assertEquals(expected, blocks.get(p * (d + 1) + r, j), "point " + p + " row " + r + " column " + j);
                        }
                    }
                }
            }
            DeviceMatrix wrong = scope.allocate(count * d, d);
            assertThrows(org.netgeom.tensor.ShapeMismatchException.class, () -> backend.flipBlocks(x, null, wrong));
            DeviceMatrix badCentres = scope.allocate(1, d + 1);
            assertThrows(org.netgeom.tensor.ShapeMismatchException.class, () -> backend.flipBlocks(x, badCentres, out));
        }
    }

    @Test
    void flipInfluenceIsTheQuarterSquaredChangeOfEachFlipAgainstItsPoint() {
        Random random = new Random(12);
        int count = 3, d = 4, width = 3;
        Matrix values = randomMatrix(random, count * (d + 1), width);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix influence = scope.allocate(count, d);
            backend.flipInfluence(scope.upload(values), influence);
            Matrix result = backend.download(influence);
            for (int p = 0; p < count; p++) {
                for (int i = 0; i < d; i++) {
                    double expected = 0;
                    for (int k = 0; k < width; k++) {
                        double change = values.get(p * (d + 1), k) - (double) values.get(p * (d + 1) + 1 + i, k);
                        expected += change * change / 4;
                    }
                    assertEquals(expected, result.get(p, i), 1e-6 * Math.max(1, expected), "point " + p + " input " + i);
                }
            }
            DeviceMatrix wrong = scope.allocate(count + 1, d);
            assertThrows(org.netgeom.tensor.ShapeMismatchException.class, () -> backend.flipInfluence(scope.upload(values), wrong));
        }
    }

    @Test
    void copyAndUploadRoundTrip() {
        Random random = new Random(8);
        Matrix m = randomMatrix(random, 5, 7);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix a = scope.upload(m), b = scope.allocate(7, 5);
            backend.copy(a, b);
            assertTrue(Arrays.equals(m.data(), backend.download(b).data()), "copy keeps the row-major elements");
        }
    }

    private static double[] product(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] * b[i];
        return out;
    }

    /** actual = alpha * a + beta * b within tolerance of the terms' sizes. */
    private static void assertSumNear(double[] a, double alpha, double[] b, double beta, Matrix actual, String what) {
        for (int i = 0; i < a.length; i++) {
            assertNear(alpha * a[i] + beta * b[i], actual.data()[i], Math.abs(alpha * a[i]) + Math.abs(beta * b[i]), what + " element " + i);
        }
    }

    private static boolean allEqual(Matrix m, float value) {
        for (float v : m.data()) if (v != value) return false;
        return true;
    }
}
