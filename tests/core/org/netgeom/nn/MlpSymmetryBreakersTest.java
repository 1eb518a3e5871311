package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.MathFunctions;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/** Batch normalization and dropout in the MLP: gradients against float64 finite differences, train vs eval modes. */
class MlpSymmetryBreakersTest {
    private static final Architecture ARCHITECTURE = Architecture.of(5, 6, 4, 3);
    private static final int ROWS = 8;

    /** float64 forward in training mode: BN on batch statistics, dropout with the Philox mask of training step 0. */
    private static double[][] referenceForward(double[] params, double[][] x, MlpOptions options, long seed, Activation act) {
        double[][] a = x;
        long bnOffset = ARCHITECTURE.parameterCount();
        int layers = ARCHITECTURE.layerCount();
        for (int layer = 0; layer < layers; layer++) {
            int in = ARCHITECTURE.fanIn(layer), out = ARCHITECTURE.fanOut(layer);
            int w = (int) ARCHITECTURE.weightOffset(layer), b = (int) ARCHITECTURE.biasOffset(layer);
            boolean hidden = layer < layers - 1;
            double[][] z = new double[a.length][out];
            for (int r = 0; r < a.length; r++) for (int o = 0; o < out; o++) {
                double s = params[b + o];
                for (int i = 0; i < in; i++) s += a[r][i] * params[w + o * in + i];
                z[r][o] = s;
            }
            if (hidden && options.batchNorm()) {
                for (int o = 0; o < out; o++) {
                    double mean = 0, var = 0;
                    for (double[] row : z) mean += row[o];
                    mean /= z.length;
                    for (double[] row : z) var += (row[o] - mean) * (row[o] - mean);
                    var /= z.length;
                    double gamma = params[(int) bnOffset + o], beta = params[(int) bnOffset + out + o];
                    for (double[] row : z) row[o] = gamma * (row[o] - mean) / Math.sqrt(var + MlpOptions.BATCH_NORM_EPSILON) + beta;
                }
                bnOffset += 2L * out;
            }
            if (hidden) {
                long stream = Mlp.DROPOUT_STREAM_BASE + layer;
                for (int r = 0; r < z.length; r++) for (int o = 0; o < out; o++) {
                    double value = MathFunctions.apply(act, z[r][o]);
                    if (options.dropout() > 0) {
                        float u = Philox.uniform(seed, stream, (long) r * out + o, 0f, 1f);
                        value *= u >= options.dropout() ? 1.0 / (1 - options.dropout()) : 0;
                    }
                    z[r][o] = value;
                }
            }
            a = z;
        }
        return a;
    }

    private void checkGradient(MlpOptions options, Activation act) {
        Random random = new Random(31);
        double[][] x = MlpGradientTest.randomMatrix(random, ROWS, 5);
        double[][] targets = MlpGradientTest.randomMatrix(random, ROWS, 3);
        long seed = 17;
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, ARCHITECTURE, List.of(act), options).initialize(Initialization.PYTORCH, seed);
             MemoryScope scope = new MemoryScope(backend)) {
            // Move gamma and beta away from 1 and 0 so their gradients are exercised in general position.
            Matrix p = backend.download(mlp.parameters());
            for (int i = (int) ARCHITECTURE.parameterCount(); i < p.size(); i++) p.data()[i] += 0.3f * (float) random.nextGaussian();
            mlp.loadParameters(p);
            DeviceMatrix grad = scope.allocate(ROWS, 3), stats = scope.allocate(1, 2);
            DeviceMatrix out = mlp.forward(scope.upload(Matrix.of(x)), true);
            Loss.SQUARED_ERROR.evaluate(backend, out, scope.upload(Matrix.of(targets)), grad, ROWS, stats);
            mlp.backward(grad);
            double[] analytic = MlpGradientTest.toDouble(backend.download(mlp.gradients()));
            double[] params = MlpGradientTest.toDouble(backend.download(mlp.parameters()));
            ToDoubleFunction<double[]> loss = q -> ReferenceMlp.squaredError(referenceForward(q, x, options, seed, act), targets);
            assertEquals(loss.applyAsDouble(params), backend.download(stats).get(0, 0) / ROWS, 1e-5, "loss value");
            double worst = 0;
            for (int i = 0; i < params.length; i++) {
                double saved = params[i];
                params[i] = saved + 1e-6;
                double up = loss.applyAsDouble(params);
                params[i] = saved - 1e-6;
                double down = loss.applyAsDouble(params);
                params[i] = saved;
                double numeric = (up - down) / 2e-6;
                worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i])));
            }
            assertTrue(worst < 2e-3, options + " " + act + ": worst relative gradient error " + worst);
        }
    }

    @Test
    void batchNormGradientMatchesFiniteDifferences() { checkGradient(new MlpOptions(0f, true), Activation.TANH); }

    @Test
    void dropoutGradientMatchesFiniteDifferences() { checkGradient(new MlpOptions(0.3f, false), Activation.GELU); }

    @Test
    void batchNormWithDropoutGradientMatchesFiniteDifferences() { checkGradient(new MlpOptions(0.2f, true), Activation.RELU); }

    @Test
    void trainAndEvalModesDiffer() {
        Random random = new Random(2);
        Matrix x = Matrix.of(MlpGradientTest.randomMatrix(random, ROWS, 5));
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, ARCHITECTURE, List.of(Activation.RELU), new MlpOptions(0.5f, true)).initialize(Initialization.PYTORCH, 1);
             MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix input = scope.upload(x);
            Matrix eval1 = backend.download(mlp.forward(input, false));
            Matrix eval2 = backend.download(mlp.forward(input, false));
            Matrix train = backend.download(mlp.forward(input, true));
            assertEquals(java.util.Arrays.toString(eval1.data()), java.util.Arrays.toString(eval2.data()), "eval mode is deterministic");
            assertNotEquals(java.util.Arrays.toString(eval1.data()), java.util.Arrays.toString(train.data()), "train mode differs");
            Matrix running = backend.download(mlp.batchNorm(0).runningMean);
            double moved = 0;
            for (float v : running.data()) moved += Math.abs(v);
            assertTrue(moved > 0, "a training forward pass moves the running mean");
        }
    }
}
