package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.backend.cpu.CpuTestSupport.assertNear;
import static org.netgeom.backend.cpu.CpuTestSupport.randomMatrix;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.ShapeMismatchException;

/** GEMM against a float64 triple loop: every transpose case, odd sizes, alpha/beta, views, the blocked and threaded paths. */
class CpuGemmTest {
    private static final int[] ODD_SIZES = {1, 7, 33, 129};
    private static CpuBackend backend;

    @BeforeAll
    static void open() { backend = new CpuBackend(2); }

    @AfterAll
    static void close() { backend.close(); }

    /** op(A) m x k times op(B) k x n into C m x n, all from Matrix values, in float64. */
    private static double[] reference(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta,
                                      Matrix c, int m, int n, int k, double[] scales) {
        double[] result = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double term = (transA ? a.get(p, i) : a.get(i, p)) * (double) (transB ? b.get(j, p) : b.get(p, j));
                    sum += term;
                    magnitude += Math.abs(term);
                }
                double old = beta == 0 ? 0 : beta * c.get(i, j);
                result[i * n + j] = alpha * sum + old;
                scales[i * n + j] = Math.abs(alpha) * magnitude + Math.abs(old);
            }
        }
        return result;
    }

    /** Runs one product on the backend and compares it with the reference. */
    private static void checkProduct(Random random, boolean transA, boolean transB, int m, int n, int k,
                                     float alpha, float beta) {
        Matrix a = transA ? randomMatrix(random, k, m) : randomMatrix(random, m, k);
        Matrix b = transB ? randomMatrix(random, n, k) : randomMatrix(random, k, n);
        Matrix c = randomMatrix(random, m, n);
        double[] scales = new double[m * n];
        double[] expected = reference(transA, transB, alpha, a, b, beta, c, m, n, k, scales);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix result = scope.upload(c);
            backend.gemm(transA, transB, alpha, scope.upload(a), scope.upload(b), beta, result);
            Matrix actual = backend.download(result);
            String what = "gemm(" + transA + ", " + transB + ") " + m + "x" + n + "x" + k + " element ";
            for (int i = 0; i < expected.length; i++) assertNear(expected[i], actual.data()[i], scales[i], what + i);
        }
    }

    @ParameterizedTest(name = "transA={0}, transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void oddSizesMatchFloat64Reference(boolean transA, boolean transB) {
        Random random = new Random(11 + (transA ? 2 : 0) + (transB ? 1 : 0));
        for (int m : ODD_SIZES) {
            for (int n : ODD_SIZES) {
                for (int k : ODD_SIZES) checkProduct(random, transA, transB, m, n, k, 1f, 0f);
            }
        }
    }

    @ParameterizedTest(name = "transA={0}, transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void blockedAndThreadedSizesMatchFloat64Reference(boolean transA, boolean transB) {
        Random random = new Random(21 + (transA ? 2 : 0) + (transB ? 1 : 0));
        // Several depth panels (k > 256), several row blocks, and threads splitting rows.
        checkProduct(random, transA, transB, 301, 263, 517, 1f, 0f);
        // Few row tiles and many column tiles: threads split columns.
        checkProduct(random, transA, transB, 17, 1031, 97, 1f, 0f);
        // More columns than one packed panel holds.
        checkProduct(random, transA, transB, 13, 2100, 5, 1f, 0f);
    }

    @ParameterizedTest(name = "alpha={0}, beta={1}")
    @CsvSource({"-0.75,1.5", "2,1", "1,-1", "0,0.5", "0.5,0"})
    void alphaAndBetaScaleProductAndOldValues(float alpha, float beta) {
        Random random = new Random(31);
        checkProduct(random, false, true, 37, 45, 29, alpha, beta);
        checkProduct(random, true, false, 160, 170, 300, alpha, beta);
    }

    @Test
    void emptyInnerDimensionLeavesBetaTimesC() {
        Random random = new Random(35);
        checkProduct(random, false, false, 5, 9, 0, 1f, 0.5f);
        checkProduct(random, true, true, 5, 9, 0, 2f, 0f);
        checkProduct(random, false, true, 0, 9, 4, 1f, 0f);
    }

    @Test
    void betaZeroIgnoresNaNInOutput() {
        Random random = new Random(41);
        Matrix a = randomMatrix(random, 9, 5), b = randomMatrix(random, 5, 40);
        Matrix nan = new Matrix(9, 40);
        java.util.Arrays.fill(nan.data(), Float.NaN);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix c = scope.upload(nan);
            backend.gemm(false, false, 1f, scope.upload(a), scope.upload(b), 0f, c);
            assertTrue(!backend.download(c).hasNonFinite(), "beta = 0 must overwrite NaN in C");
        }
    }

    @Test
    void viewsWithOffsetsServeAsInputsAndOutput() {
        Random random = new Random(51);
        int m = 23, n = 35, k = 19;
        Matrix a = randomMatrix(random, m, k), b = randomMatrix(random, n, k);
        Matrix pool = randomMatrix(random, 1, 3 + m * k + 5 + n * k + 7 + m * n + 11);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix base = scope.upload(pool);
            DeviceMatrix viewA = backend.view(base, 3, m, k);
            DeviceMatrix viewB = backend.view(base, 3 + m * k + 5, n, k);
            long cOffset = 3 + m * k + 5 + n * k + 7;
            DeviceMatrix viewC = backend.view(base, cOffset, m, n);
            backend.upload(a, viewA);
            backend.upload(b, viewB);
            backend.gemm(false, true, 1f, viewA, viewB, 0f, viewC);
            Matrix after = backend.download(base);
            double[] scales = new double[m * n];
            double[] expected = reference(false, true, 1, a, b, 0, new Matrix(m, n), m, n, k, scales);
            for (int i = 0; i < m * n; i++) {
                assertNear(expected[i], after.data()[(int) cOffset + i], scales[i], "view product element " + i);
            }
            for (int i = (int) cOffset + m * n; i < pool.size(); i++) {
                assertEquals(pool.data()[i], after.data()[i], "element " + i + " after the output view");
            }
        }
    }

    @Test
    void threadedProductEqualsSingleThreadedBitForBit() {
        Random random = new Random(61);
        Matrix a = randomMatrix(random, 200, 300), b = randomMatrix(random, 300, 180);
        float[][] results = new float[2][];
        int index = 0;
        for (CpuBackend each : new CpuBackend[] {new CpuBackend(1), new CpuBackend(2)}) {
            try (each; MemoryScope scope = new MemoryScope(each)) {
                DeviceMatrix c = scope.allocate(200, 180);
                each.gemm(false, false, 1f, scope.upload(a), scope.upload(b), 0f, c);
                results[index++] = each.download(c).data();
            }
        }
        assertArrayEquals(results[0], results[1], "each element is one thread's sum in a fixed order");
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix a = scope.allocate(4, 6), b = scope.allocate(5, 3), c = scope.allocate(4, 3);
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> backend.gemm(false, false, 1f, a, b, 0f, c));
            assertTrue(e.getMessage().contains("4x6") && e.getMessage().contains("5x3"), e.getMessage());
        }
    }
}
