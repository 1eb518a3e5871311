package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.MathFunctions;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * The per-example input gradient of the cross-entropy ({@link InputGradient}) against central
 * differences of float64 re-implementations: MLPs (every activation, one output, batch norm in
 * inference mode) and random features. ConvNetTest checks convolutional networks.
 */
class InputGradientTest {
    private static final int ROWS = 5;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void mlpCrossEntropyInputGradientMatchesFiniteDifferences(Activation activation) {
        Architecture architecture = Architecture.of(6, 5, 4, 3);
        Random random = new Random(3 + activation.ordinal());
        double[][] inputs = gaussian(random, ROWS, 6);
        int[] labels = labels(random, 3);
        try (CpuBackend backend = new CpuBackend(2);
             Mlp mlp = new Mlp(backend, architecture, activation).initialize(Initialization.PYTORCH, 5)) {
            double[] params = toDouble(backend.download(mlp.parameters()).data());
            ReferenceMlp reference = new ReferenceMlp(architecture, mlp.activations());
            check(mlp, inputs, labels, (row, x) -> crossEntropy(reference.forward(params, new double[][] {x})[0], labels[row]));
        }
    }

    @Test
    void oneOutputModelsUseTheLogisticLossOfTheirDecision() {
        Architecture architecture = Architecture.of(4, 6, 1);
        Random random = new Random(8);
        double[][] inputs = gaussian(random, ROWS, 4);
        int[] labels = labels(random, 2);
        try (CpuBackend backend = new CpuBackend(2);
             Mlp mlp = new Mlp(backend, architecture, Activation.TANH).initialize(Initialization.NORMAL, 2)) {
            double[] params = toDouble(backend.download(mlp.parameters()).data());
            ReferenceMlp reference = new ReferenceMlp(architecture, mlp.activations());
            // log(1 + e^f) - y f: class 1 is predicted when f > 0.
            check(mlp, inputs, labels, (row, x) -> {
                double f = reference.forward(params, new double[][] {x})[0][0];
                return Math.log1p(Math.exp(f)) - labels[row] * f;
            });
        }
    }

    @Test
    void batchNormInInferenceModeIsTheAffineMapOfItsRunningStatistics() {
        Architecture architecture = Architecture.of(5, 7, 3);
        Random random = new Random(4);
        double[][] inputs = gaussian(random, ROWS, 5);
        int[] labels = labels(random, 3);
        try (CpuBackend backend = new CpuBackend(2);
             Mlp mlp = new Mlp(backend, architecture, List.of(Activation.GELU), new MlpOptions(0.3f, true))
                     .initialize(Initialization.PYTORCH, 6);
             DeviceMatrix shifted = backend.upload(Matrix.of(gaussian(random, 40, 5)))) {
            // Training-mode passes move the running statistics away from (0, 1); gamma and beta away from (1, 0).
            backend.axpy(1f, shifted, shifted);
            for (int i = 0; i < 5; i++) mlp.forward(shifted, true);
            BatchNormLayer bn = mlp.batchNorm(0);
            backend.fillUniform(bn.gamma, 9, 0, 0.5f, 1.5f);
            backend.fillUniform(bn.beta, 9, 1, -0.5f, 0.5f);
            // Folded into the first linear layer: W' = s W, b' = s (b - mean) + beta, s = gamma / sqrt(var + eps).
            double[] params = toDouble(backend.download(mlp.parameters()).data());
            float[] gamma = backend.download(bn.gamma).data(), beta = backend.download(bn.beta).data();
            float[] mean = backend.download(bn.runningMean).data(), variance = backend.download(bn.runningVariance).data();
            int w = (int) architecture.weightOffset(0), b = (int) architecture.biasOffset(0);
            for (int o = 0; o < 7; o++) {
                double s = gamma[o] / Math.sqrt(variance[o] + (double) MlpOptions.BATCH_NORM_EPSILON);
                for (int i = 0; i < 5; i++) params[w + o * 5 + i] *= s;
                params[b + o] = s * (params[b + o] - mean[o]) + beta[o];
            }
            ReferenceMlp folded = new ReferenceMlp(architecture, mlp.activations());
            check(mlp, inputs, labels, (row, x) -> crossEntropy(folded.forward(params, new double[][] {x})[0], labels[row]));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"ERF", "RELU", "TANH"})
    void randomFeaturesInputGradientMatchesFiniteDifferences(Activation activation) {
        int d = 6, p = 9, k = 4;
        Random random = new Random(12 + activation.ordinal());
        double[][] inputs = gaussian(random, ROWS, d);
        int[] labels = labels(random, k);
        Matrix readout = Matrix.of(gaussian(random, k, p));
        try (CpuBackend backend = new CpuBackend(2);
             RandomFeatures model = new RandomFeatures(backend, d, p, k, activation, 3).loadReadout(readout)) {
            float[] features = backend.download(model.featureMatrix()).data();
            check(model, inputs, labels, (row, x) -> {
                double[] logits = new double[k];
                for (int j = 0; j < p; j++) {
                    double z = 0;
                    for (int i = 0; i < d; i++) z += features[j * d + i] * x[i];
                    double phi = MathFunctions.apply(activation, z / Math.sqrt(d));
                    for (int c = 0; c < k; c++) logits[c] += readout.get(c, j) * phi / Math.sqrt(p);
                }
                return crossEntropy(logits, labels[row]);
            });
        }
    }

    @Test
    void labelsOfAnotherShapeAreRefused() {
        try (CpuBackend backend = new CpuBackend(1); Mlp mlp = new Mlp(backend, Architecture.of(3, 2), Activation.RELU);
             InputGradient gradient = new InputGradient(mlp); MemoryScope scope = new MemoryScope(backend)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> gradient.crossEntropy(scope.allocate(4, 3), scope.allocate(3, 1), null));
            assertEquals(true, e.getMessage().contains("one class label per input row"), e.getMessage());
        }
    }

    /** A row's loss as a function of that row's input alone. */
    interface RowLoss {
        double loss(int row, double[] input);
    }

    /** Analytic float32 gradient against float64 central differences (h = 1e-6) of each row's own loss. */
    private static void check(TrainableModel model, double[][] inputs, int[] labels, RowLoss reference) {
        var backend = model.backend();
        Matrix labelMatrix = new Matrix(labels.length, 1);
        for (int r = 0; r < labels.length; r++) labelMatrix.set(r, 0, labels[r]);
        try (InputGradient gradient = new InputGradient(model); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix stats = scope.allocate(1, 2);
            Matrix analytic = backend.download(gradient.crossEntropy(scope.upload(Matrix.of(inputs)), scope.upload(labelMatrix), stats));
            double lossSum = 0;
            for (int r = 0; r < inputs.length; r++) {
                double[] x = inputs[r].clone();
                lossSum += reference.loss(r, x);
                for (int i = 0; i < x.length; i++) {
                    double saved = x[i], h = 1e-6;
                    x[i] = saved + h;
                    double plus = reference.loss(r, x);
                    x[i] = saved - h;
                    double minus = reference.loss(r, x);
                    x[i] = saved;
                    double numeric = (plus - minus) / (2 * h);
                    assertEquals(numeric, analytic.get(r, i), 2e-5 + 1e-3 * Math.abs(numeric), "row " + r + ", input " + i);
                }
            }
            // The statistics are the summed per-row loss: the same function the differences were taken of.
            assertEquals(lossSum, backend.download(stats).get(0, 0), 1e-4 * Math.max(1, lossSum), "summed loss");
        }
    }

    private static double crossEntropy(double[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : logits) max = Math.max(max, v);
        for (double v : logits) sum += Math.exp(v - max);
        return Math.log(sum) + max - logits[label];
    }

    private static int[] labels(Random random, int classes) {
        int[] labels = new int[ROWS];
        for (int r = 0; r < ROWS; r++) labels[r] = random.nextInt(classes);
        return labels;
    }

    private static double[][] gaussian(Random random, int rows, int cols) {
        double[][] m = new double[rows][cols];
        // float32 values, so the float64 reference sees exactly the inputs the model sees.
        for (double[] row : m) for (int i = 0; i < cols; i++) row[i] = (float) random.nextGaussian();
        return m;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }
}
