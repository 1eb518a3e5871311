package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.backend.cpu.CpuTestSupport.assertNear;
import static org.netgeom.backend.cpu.CpuTestSupport.randomMatrix;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/** Softmax, softmax cross-entropy and squared error (loss, gradient, correct count) against float64. */
class CpuLossTest {
    private static final int ROWS = 64, CLASSES = 10;
    private static CpuBackend backend;

    @BeforeAll
    static void open() { backend = new CpuBackend(2); }

    @AfterAll
    static void close() { backend.close(); }

    /** Logits of a few units' spread plus a large offset per row, which a naive exp would overflow. */
    private static Matrix logits(Random random) {
        Matrix m = randomMatrix(random, ROWS, CLASSES);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < CLASSES; c++) m.set(r, c, 5 * m.get(r, c) + (r % 2 == 0 ? 200 : -150));
        }
        return m;
    }

    private static Matrix labels(Random random) {
        Matrix y = new Matrix(ROWS, 1);
        for (int r = 0; r < ROWS; r++) y.set(r, 0, random.nextInt(CLASSES));
        return y;
    }

    /** Row r's softmax in float64, relative to the row maximum. */
    private static double[] softmaxRow(Matrix logits, int r) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int c = 0; c < logits.cols(); c++) max = Math.max(max, logits.get(r, c));
        double[] p = new double[logits.cols()];
        for (int c = 0; c < p.length; c++) sum += p[c] = Math.exp(logits.get(r, c) - max);
        for (int c = 0; c < p.length; c++) p[c] /= sum;
        return p;
    }

    private static int argmax(Matrix m, int r) {
        int best = 0;
        for (int c = 1; c < m.cols(); c++) if (m.get(r, c) > m.get(r, best)) best = c;
        return best;
    }

    @Test
    void softmaxIsStableAndMatchesFloat64() {
        Matrix z = logits(new Random(1));
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix p = scope.allocate(ROWS, CLASSES);
            backend.softmax(scope.upload(z), p);
            Matrix actual = backend.download(p);
            for (int r = 0; r < ROWS; r++) {
                double[] expected = softmaxRow(z, r);
                for (int c = 0; c < CLASSES; c++) assertNear(expected[c], actual.get(r, c), 0, "p(" + r + ", " + c + ")");
            }
        }
    }

    @Test
    void crossEntropyLossGradientAndCorrectCountMatchFloat64() {
        Random random = new Random(2);
        Matrix z = logits(random), y = labels(random);
        // Make some rows right for sure, and one a tie that must go to the lowest index.
        for (int r = 0; r < 8; r++) z.set(r, (int) y.get(r, 0), 1000);
        z.set(9, 2, 900);
        z.set(9, 5, 900);
        y.set(9, 0, 5);
        float scale = 1f / ROWS;
        double loss = 0;
        int correct = 0;
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix grad = scope.allocate(ROWS, CLASSES), stats = scope.allocate(1, 2);
            backend.softmaxCrossEntropy(scope.upload(z), scope.upload(y), grad, scale, stats);
            Matrix g = backend.download(grad);
            for (int r = 0; r < ROWS; r++) {
                int label = (int) y.get(r, 0);
                double[] p = softmaxRow(z, r);
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < CLASSES; c++) max = Math.max(max, z.get(r, c));
                double sum = 0;
                for (int c = 0; c < CLASSES; c++) sum += Math.exp(z.get(r, c) - max);
                loss += Math.log(sum) + max - z.get(r, label);
                if (argmax(z, r) == label) correct++;
                for (int c = 0; c < CLASSES; c++) {
                    double expected = (p[c] - (c == label ? 1 : 0)) * scale;
                    assertNear(expected, g.get(r, c), scale * (p[c] + (c == label ? 1 : 0)), "grad(" + r + ", " + c + ")");
                }
            }
            Matrix s = backend.download(stats);
            assertNear(loss, s.get(0, 0), loss, "loss sum");
            assertEquals(correct, s.get(0, 1), "correct rows");
            assertTrue(correct >= 8 && correct < ROWS, "the fixture has right and wrong rows: " + correct);
        }
    }

    @Test
    void statsAccumulateOverCalls() {
        Random random = new Random(3);
        Matrix z = logits(random), y = labels(random);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix dz = scope.upload(z), dy = scope.upload(y), once = scope.allocate(1, 2), twice = scope.allocate(1, 2);
            backend.softmaxCrossEntropy(dz, dy, null, 1f, once);
            backend.softmaxCrossEntropy(dz, dy, null, 1f, twice);
            backend.softmaxCrossEntropy(dz, dy, null, 1f, twice);
            Matrix a = backend.download(once), b = backend.download(twice);
            assertNear(2.0 * a.get(0, 0), b.get(0, 0), 2.0 * a.get(0, 0), "loss after two calls");
            assertEquals(2 * a.get(0, 1), b.get(0, 1), "correct count after two calls");
        }
    }

    @Test
    void labelOutOfRangeGivesNaNLossForItsRow() {
        Matrix z = Matrix.of(new double[][] {{1, 2, 3}, {3, 2, 1}, {0, 0, 1}});
        Matrix y = Matrix.of(new double[][] {{2}, {3}, {-1}});
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix grad = scope.allocate(3, 3), stats = scope.allocate(1, 2);
            backend.softmaxCrossEntropy(scope.upload(z), scope.upload(y), grad, 1f, stats);
            Matrix s = backend.download(stats), g = backend.download(grad);
            assertTrue(Float.isNaN(s.get(0, 0)), "loss sum with a bad label is NaN");
            assertEquals(1f, s.get(0, 1), "only the valid row 0 can count as right");
            assertTrue(Float.isNaN(g.get(1, 0)) && Float.isNaN(g.get(2, 2)), "bad rows' gradients are NaN");
            assertTrue(Float.isFinite(g.get(0, 0)), "valid rows keep finite gradients");
        }
    }

    @Test
    void squaredErrorWithOneColumnCountsSignAgreement() {
        Random random = new Random(4);
        Matrix prediction = randomMatrix(random, ROWS, 1), target = randomMatrix(random, ROWS, 1);
        checkSquaredError(prediction, target, r -> (prediction.get(r, 0) > 0) == (target.get(r, 0) > 0));
    }

    @Test
    void squaredErrorWithSeveralColumnsCountsArgmaxAgreement() {
        Random random = new Random(5);
        Matrix prediction = randomMatrix(random, ROWS, 4), target = randomMatrix(random, ROWS, 4);
        for (int r = 0; r < 10; r++) prediction.set(r, argmax(target, r), 5);
        checkSquaredError(prediction, target, r -> argmax(prediction, r) == argmax(target, r));
    }

    private void checkSquaredError(Matrix prediction, Matrix target, java.util.function.IntPredicate right) {
        float scale = 0.25f;
        double sum = 0;
        int correct = 0;
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix grad = scope.allocate(prediction.rows(), prediction.cols()), stats = scope.allocate(1, 2);
            backend.squaredError(scope.upload(prediction), scope.upload(target), grad, scale, stats);
            Matrix g = backend.download(grad);
            for (int r = 0; r < prediction.rows(); r++) {
                for (int c = 0; c < prediction.cols(); c++) {
                    double diff = (double) prediction.get(r, c) - target.get(r, c);
                    sum += diff * diff;
                    double magnitude = 2 * scale * (Math.abs(prediction.get(r, c)) + Math.abs(target.get(r, c)));
                    assertNear(2 * diff * scale, g.get(r, c), magnitude, "grad(" + r + ", " + c + ")");
                }
                if (right.test(r)) correct++;
            }
            Matrix s = backend.download(stats);
            assertNear(sum, s.get(0, 0), sum, "sum of squares");
            assertEquals(correct, s.get(0, 1), "rows right");
            assertTrue(correct > 0 && correct < prediction.rows(), "the fixture has right and wrong rows: " + correct);
        }
    }
}
