package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/** Backprop through the Mlp against central finite differences of a float64 reference. */
class MlpGradientTest {
    private static final Architecture ARCHITECTURE = Architecture.of(5, 4, 3, 3);
    private static final int ROWS = 6;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void crossEntropyGradientMatchesFiniteDifferences(Activation activation) {
        Random random = new Random(11 + activation.ordinal());
        double[][] inputs = randomMatrix(random, ROWS, ARCHITECTURE.inputDim());
        int[] labels = new int[ROWS];
        for (int r = 0; r < ROWS; r++) labels[r] = random.nextInt(ARCHITECTURE.outputDim());
        ReferenceMlp reference = new ReferenceMlp(ARCHITECTURE, List.of(activation, activation));
        Matrix labelMatrix = new Matrix(ROWS, 1);
        for (int r = 0; r < ROWS; r++) labelMatrix.set(r, 0, labels[r]);
        checkGradient(activation, Loss.CROSS_ENTROPY, inputs, labelMatrix,
                params -> ReferenceMlp.crossEntropy(reference.forward(params, inputs), labels));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void squaredErrorGradientMatchesFiniteDifferences(Activation activation) {
        Random random = new Random(23 + activation.ordinal());
        double[][] inputs = randomMatrix(random, ROWS, ARCHITECTURE.inputDim());
        double[][] targets = randomMatrix(random, ROWS, ARCHITECTURE.outputDim());
        ReferenceMlp reference = new ReferenceMlp(ARCHITECTURE, List.of(activation, activation));
        checkGradient(activation, Loss.SQUARED_ERROR, inputs, Matrix.of(targets),
                params -> ReferenceMlp.squaredError(reference.forward(params, inputs), targets));
    }

    @Test
    void forwardMatchesFloat64Reference() {
        Random random = new Random(5);
        double[][] inputs = randomMatrix(random, ROWS, ARCHITECTURE.inputDim());
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, ARCHITECTURE, Activation.GELU).initialize(Initialization.PYTORCH, 3);
             MemoryScope scope = new MemoryScope(backend)) {
            double[] params = toDouble(backend.download(mlp.parameters()));
            double[][] expected = new ReferenceMlp(ARCHITECTURE, mlp.activations()).forward(params, inputs);
            DeviceMatrix out = scope.allocate(ROWS, ARCHITECTURE.outputDim());
            mlp.predict(scope.upload(Matrix.of(inputs)), out);
            Matrix actual = backend.download(out);
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < ARCHITECTURE.outputDim(); c++) {
                    assertEquals(expected[r][c], actual.get(r, c), 1e-5, "output (" + r + ", " + c + ")");
                }
            }
        }
    }

    private void checkGradient(Activation activation, Loss loss, double[][] inputs, Matrix targets,
                               ToDoubleFunction<double[]> referenceLoss) {
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, ARCHITECTURE, activation).initialize(Initialization.PYTORCH, 7);
             MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix x = scope.upload(Matrix.of(inputs));
            DeviceMatrix y = scope.upload(targets);
            DeviceMatrix grad = scope.allocate(ROWS, ARCHITECTURE.outputDim());
            DeviceMatrix stats = scope.allocate(1, 2);
            DeviceMatrix outputs = mlp.forward(x, true);
            loss.evaluate(backend, outputs, y, grad, ROWS, stats);
            mlp.backward(grad);
            double[] analytic = toDouble(backend.download(mlp.gradients()));
            double[] params = toDouble(backend.download(mlp.parameters()));
            double lossValue = backend.download(stats).get(0, 0) / ROWS;
            assertEquals(referenceLoss.applyAsDouble(params), lossValue, 1e-5, "loss value");
            double step = 1e-6;
            double worst = 0;
            for (int i = 0; i < params.length; i++) {
                double saved = params[i];
                params[i] = saved + step;
                double up = referenceLoss.applyAsDouble(params);
                params[i] = saved - step;
                double down = referenceLoss.applyAsDouble(params);
                params[i] = saved;
                double numeric = (up - down) / (2 * step);
                double error = Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i]));
                worst = Math.max(worst, error);
            }
            // float32 backprop against float64 differences: agreement to ~1e-4 relative.
            assertTrue(worst < 2e-3, activation + " " + loss + ": worst relative gradient error " + worst);
        }
    }

    static double[][] randomMatrix(Random random, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int c = 0; c < cols; c++) row[c] = random.nextGaussian();
        return m;
    }

    static double[] toDouble(Matrix m) {
        double[] d = new double[m.size()];
        for (int i = 0; i < d.length; i++) d[i] = m.data()[i];
        return d;
    }
}
