package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.MathFunctions;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/** Ridge on random features against a float64 closed form solved by Gaussian elimination in the test. */
class RandomFeaturesRidgeTest {

    @ParameterizedTest(name = "d={0} n={1} p={2} {3}")
    @CsvSource({"10, 40, 15, FLOAT64", "10, 40, 90, FLOAT64", "10, 40, 15, FLOAT32", "10, 40, 90, FLOAT32"})
    void ridgePredictionsMatchFloat64ClosedForm(int d, int n, int p, RidgeRegression.Precision precision) {
        double lambda = 1e-2;
        long seed = 42;
        Random random = new Random(d * 1000 + n + p);
        double[][] x = MlpGradientTest.randomMatrix(random, n, d);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.signum(x[i][0] + 0.5 * x[i][1]);
        double[][] xTest = MlpGradientTest.randomMatrix(random, 25, d);

        double[][] f = new double[p][d];
        for (int j = 0; j < p; j++) for (int k = 0; k < d; k++) f[j][k] = Philox.normal(seed, RandomFeatures.FEATURE_STREAM, (long) j * d + k, 0f, 1f);
        double[] a = referenceReadout(features(x, f), y, lambda);
        double[] expected = predict(features(xTest, f), a);

        try (CpuBackend backend = new CpuBackend();
             RandomFeatures model = new RandomFeatures(backend, d, p, 1, Activation.ERF, seed);
             MemoryScope scope = new MemoryScope(backend)) {
            Matrix targets = new Matrix(n, 1);
            for (int i = 0; i < n; i++) targets.set(i, 0, (float) y[i]);
            RidgeRegression.fit(model, scope.upload(Matrix.of(x)), targets, lambda, precision);
            DeviceMatrix out = scope.allocate(xTest.length, 1);
            model.predict(scope.upload(Matrix.of(xTest)), out);
            Matrix actual = backend.download(out);
            double num = 0, den = 0;
            for (int i = 0; i < expected.length; i++) {
                num += Math.pow(actual.get(i, 0) - expected[i], 2);
                den += expected[i] * expected[i];
            }
            double relative = Math.sqrt(num / den);
            double tolerance = precision == RidgeRegression.Precision.FLOAT64 ? 1e-5 : 1e-3;
            assertTrue(relative < tolerance, "relative prediction error " + relative + " (" + precision + ")");
        }
    }

    @Test
    void nonPositiveLambdaIsRejected() {
        try (CpuBackend backend = new CpuBackend();
             RandomFeatures model = new RandomFeatures(backend, 3, 4, 1, Activation.ERF, 1);
             MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix x = scope.allocate(5, 3);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> RidgeRegression.fit(model, x, new Matrix(5, 1), 0, RidgeRegression.Precision.FLOAT64));
            assertTrue(e.getMessage().contains("lambda"), e.getMessage());
        }
    }

    /** phi / sqrt p with phi = erf(x F^T / sqrt d). */
    private static double[][] features(double[][] x, double[][] f) {
        int d = f[0].length, p = f.length;
        double[][] phi = new double[x.length][p];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < p; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) dot += x[i][k] * f[j][k];
                phi[i][j] = MathFunctions.erf(dot / Math.sqrt(d)) / Math.sqrt(p);
            }
        }
        return phi;
    }

    /** a = (Phi^T Phi + lambda I)^-1 Phi^T y, always in the p x p form (the model picks either). */
    private static double[] referenceReadout(double[][] phi, double[] y, double lambda) {
        int n = phi.length, p = phi[0].length;
        double[][] system = new double[p][p + 1];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += phi[i][a] * phi[i][b];
                system[a][b] = s + (a == b ? lambda : 0);
            }
            double r = 0;
            for (int i = 0; i < n; i++) r += phi[i][a] * y[i];
            system[a][p] = r;
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int row = col + 1; row < p; row++) if (Math.abs(system[row][col]) > Math.abs(system[pivot][col])) pivot = row;
            double[] tmp = system[col]; system[col] = system[pivot]; system[pivot] = tmp;
            for (int row = 0; row < p; row++) {
                if (row == col) continue;
                double factor = system[row][col] / system[col][col];
                for (int k = col; k <= p; k++) system[row][k] -= factor * system[col][k];
            }
        }
        double[] a = new double[p];
        for (int i = 0; i < p; i++) a[i] = system[i][p] / system[i][i];
        return a;
    }

    private static double[] predict(double[][] phi, double[] a) {
        double[] out = new double[phi.length];
        for (int i = 0; i < phi.length; i++) for (int j = 0; j < a.length; j++) out[i] += phi[i][j] * a[j];
        return out;
    }
}
