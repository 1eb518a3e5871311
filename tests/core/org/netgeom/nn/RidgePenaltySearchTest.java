package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/** The spectral penalty search picks the penalty that fitting at each penalty and validating would pick. */
class RidgePenaltySearchTest {

    @ParameterizedTest(name = "n={0} p={1}")
    @CsvSource({"40, 15", "40, 90"})
    void picksTheLambdaWithTheLowestValidationErrorOfSeparateFits(int n, int p) {
        int d = 6, m = 60;
        double[] grid = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};
        Matrix x = gaussian(n, d, 1), xValidation = gaussian(m, d, 2);
        Matrix y = labels(x, 3), yValidation = labels(xValidation, 4);
        try (CpuBackend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend);
             RandomFeatures model = new RandomFeatures(backend, d, p, 1, Activation.ERF, 5)) {
            DeviceMatrix inputs = scope.upload(x), validationInputs = scope.upload(xValidation);
            double chosen = RidgePenaltySearch.bestLambda(model, inputs, y, validationInputs, yValidation, grid);
            double best = Double.NaN, bestError = Double.POSITIVE_INFINITY, worstError = 0;
            DeviceMatrix out = scope.allocate(m, 1);
            for (double lambda : grid) {
                RidgeRegression.fit(model, inputs, y, lambda, RidgeRegression.Precision.FLOAT64);
                model.predict(validationInputs, out);
                Matrix predictions = backend.download(out);
                double error = 0;
                for (int i = 0; i < m; i++) error += Math.pow(predictions.get(i, 0) - yValidation.get(i, 0), 2) / m;
                if (error < bestError) { bestError = error; best = lambda; }
                worstError = Math.max(worstError, error);
            }
            assertTrue(worstError > 1.05 * bestError, "the grid matters: errors from " + bestError + " to " + worstError);
            assertEquals(best, chosen, 0.0, "penalty chosen by separate fits vs the spectral search");
        }
    }

    @ParameterizedTest(name = "n={0} p={1}")
    @CsvSource({"40, 15", "40, 90"})
    void byClassificationErrorPicksTheFewestWrongSignsOfSeparateFitsThenTheLowestSquaredError(int n, int p) {
        int d = 6, m = 60;
        double[] grid = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100};
        Matrix x = gaussian(n, d, 11), xValidation = gaussian(m, d, 12);
        Matrix y = labels(x, 13), yValidation = labels(xValidation, 14);
        try (CpuBackend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend);
             RandomFeatures model = new RandomFeatures(backend, d, p, 1, Activation.ERF, 15)) {
            DeviceMatrix inputs = scope.upload(x), validationInputs = scope.upload(xValidation);
            double chosen = RidgePenaltySearch.bestLambda(model, inputs, y, validationInputs, yValidation, grid,
                    RidgePenaltySearch.Criterion.ERROR);
            double best = Double.NaN, bestWrong = Double.POSITIVE_INFINITY, bestSquared = Double.POSITIVE_INFINITY;
            DeviceMatrix out = scope.allocate(m, 1);
            for (double lambda : grid) {
                RidgeRegression.fit(model, inputs, y, lambda, RidgeRegression.Precision.FLOAT64);
                model.predict(validationInputs, out);
                Matrix predictions = backend.download(out);
                double squared = 0;
                int wrong = 0;
                for (int i = 0; i < m; i++) {
                    squared += Math.pow(predictions.get(i, 0) - yValidation.get(i, 0), 2) / m;
                    if ((predictions.get(i, 0) > 0) != (yValidation.get(i, 0) > 0)) wrong++;
                }
                if (wrong < bestWrong || (wrong == bestWrong && squared < bestSquared)) {
                    bestWrong = wrong;
                    bestSquared = squared;
                    best = lambda;
                }
            }
            assertEquals(best, chosen, 0.0, "penalty chosen by separate fits vs the spectral search, fewest wrong signs first");
        }
    }

    private static Matrix gaussian(int rows, int cols, long seed) {
        Matrix x = new Matrix(rows, cols);
        Philox.fillNormal(x.data(), 0, x.size(), seed, 0, 0f, 1f);
        return x;
    }

    /** Noisy sign labels +-1 of the first input. */
    private static Matrix labels(Matrix x, long seed) {
        Matrix y = new Matrix(x.rows(), 1);
        for (int i = 0; i < x.rows(); i++) {
            double noise = Philox.normal(seed, 0, i, 0f, 1f);
            y.set(i, 0, x.get(i, 0) + 0.8 * noise > 0 ? 1f : -1f);
        }
        return y;
    }
}
