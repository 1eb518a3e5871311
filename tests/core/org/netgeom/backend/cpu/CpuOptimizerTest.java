package org.netgeom.backend.cpu;

import static org.netgeom.backend.cpu.CpuTestSupport.assertNear;
import static org.netgeom.backend.cpu.CpuTestSupport.randomMatrix;
import static org.netgeom.backend.cpu.CpuTestSupport.toDouble;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * SGD and Adam(W) over several steps against float64 replicas of torch.optim's update rules
 * (torch/optim/sgd.py and adam.py / adamw.py, single-tensor path), fed the same gradients.
 */
class CpuOptimizerTest {
    private static final int SIZE = 70_001;  // odd, and large enough to split across threads
    private static final int STEPS = 5;
    /** Parameters start in [-1, 1) and move by ~lr per step: their rounding errors are those of O(0.1-1) terms. */
    private static final double PARAMETER_SCALE = 0.1;
    private static CpuBackend backend;

    @BeforeAll
    static void open() { backend = new CpuBackend(2); }

    @AfterAll
    static void close() { backend.close(); }

    @ParameterizedTest(name = "momentum={0}, nesterov={1}, weightDecay={2}")
    @CsvSource({"0,false,0", "0,false,0.01", "0.9,false,0", "0.9,true,0", "0.8,true,0.05"})
    void sgdMatchesTorchOverSeveralSteps(float momentum, boolean nesterov, float weightDecay) {
        Random random = new Random(1);
        Matrix initial = randomMatrix(random, 1, SIZE);
        double[] param = toDouble(initial), buffer = null;
        float lr = 0.1f;
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix params = scope.upload(initial), grads = scope.allocate(1, SIZE);
            DeviceMatrix velocity = momentum == 0 ? null : scope.allocate(1, SIZE);
            for (int step = 0; step < STEPS; step++) {
                Matrix grad = randomMatrix(random, 1, SIZE);
                backend.upload(grad, grads);
                backend.sgdUpdate(params, grads, velocity, lr, momentum, nesterov, weightDecay);
                // torch: d_p = grad + wd * p; buf = d_p (first step) else momentum * buf + d_p (dampening 0);
                // d_p = d_p + momentum * buf if nesterov else buf; p -= lr * d_p.
                double[] next = new double[SIZE];
                if (momentum != 0 && buffer == null) buffer = new double[SIZE];
                for (int i = 0; i < SIZE; i++) {
                    double d = grad.data()[i] + weightDecay * param[i];
                    if (momentum != 0) {
                        buffer[i] = step == 0 ? d : momentum * buffer[i] + d;
                        d = nesterov ? d + momentum * buffer[i] : buffer[i];
                    }
                    next[i] = param[i] - lr * d;
                }
                param = next;
            }
            assertClose(param, backend.download(params), PARAMETER_SCALE, "sgd parameters after " + STEPS + " steps");
        }
    }

    @ParameterizedTest(name = "decoupled={0}, weightDecay={1}")
    @CsvSource({"false,0", "false,0.01", "true,0.01", "true,0.1"})
    void adamMatchesTorchOverSeveralSteps(boolean decoupled, float weightDecay) {
        Random random = new Random(2);
        Matrix initial = randomMatrix(random, 1, SIZE);
        double[] param = toDouble(initial), m = new double[SIZE], v = new double[SIZE];
        float lr = 0.01f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix params = scope.upload(initial), grads = scope.allocate(1, SIZE);
            DeviceMatrix first = scope.allocate(1, SIZE), second = scope.allocate(1, SIZE);
            for (int t = 1; t <= STEPS; t++) {
                Matrix grad = randomMatrix(random, 1, SIZE);
                backend.upload(grad, grads);
                backend.adamUpdate(params, grads, first, second, lr, beta1, beta2, eps, weightDecay, decoupled, t);
                double bias1 = 1 - Math.pow(beta1, t), bias2 = 1 - Math.pow(beta2, t);
                for (int i = 0; i < SIZE; i++) {
                    double g = grad.data()[i];
                    if (decoupled) param[i] *= 1 - lr * weightDecay; else g += weightDecay * param[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * g;
                    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                    // torch: denom = sqrt(v) / sqrt(bias2) + eps; p -= (lr / bias1) * m / denom.
                    param[i] -= lr / bias1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bias2) + eps);
                }
            }
            assertClose(param, backend.download(params), PARAMETER_SCALE, "adam parameters after " + STEPS + " steps");
            assertClose(m, backend.download(first), 0.01, "first moment");
            assertClose(v, backend.download(second), 0, "second moment");
        }
    }

    /**
     * Relative comparison, except that values smaller than {@code termScale} (the size of the
     * terms they were summed from) may carry the absolute rounding error of those terms.
     */
    private static void assertClose(double[] expected, Matrix actual, double termScale, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertNear(expected[i], actual.data()[i], Math.max(Math.abs(expected[i]), termScale), what + ", element " + i);
        }
    }
}
