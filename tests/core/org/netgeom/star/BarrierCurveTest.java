package org.netgeom.star;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;
import org.netgeom.train.ResidentData;

class BarrierCurveTest {
    private static final Architecture ARCHITECTURE = Architecture.of(6, 9, 4);

    static Dataset randomData(int n, int d, int classes, long seed) {
        Matrix x = new Matrix(n, d);
        Philox.fillNormal(x.data(), 0, x.size(), seed, 0, 0f, 1f);
        Matrix y = new Matrix(n, 1);
        for (int r = 0; r < n; r++) y.set(r, 0, (float) Math.floorMod(Float.floatToIntBits(x.get(r, 0)) >>> 7, classes));
        return new Dataset("random", x, y, classes);
    }

    @Test
    void barrierOfIdenticalModelsIsZero() {
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend);
             Mlp a = new Mlp(backend, ARCHITECTURE, Activation.RELU).initialize(Initialization.PYTORCH, 3);
             Mlp b = new Mlp(backend, ARCHITECTURE, Activation.RELU).initialize(Initialization.PYTORCH, 3)) {
            ResidentData data = ResidentData.upload(scope, randomData(200, 6, 4, 1), Loss.CROSS_ENTROPY, 4);
            BarrierCurve curve = BarrierCurve.compute(a, b, data, Loss.CROSS_ENTROPY, 11);
            assertEquals(11, curve.points().size());
            assertEquals(0.0, curve.barrierLoss(), 0.0);
            assertEquals(0.0, curve.barrierError(), 0.0);
            for (BarrierCurve.Point p : curve.points()) assertEquals(curve.points().get(0).loss(), p.loss(), 1e-6, "t=" + p.t());
        }
    }

    @Test
    void curveEqualsAFloat64Reference() {
        Dataset dataset = randomData(300, 6, 4, 2);
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend);
             Mlp a = new Mlp(backend, ARCHITECTURE, Activation.RELU).initialize(Initialization.PYTORCH, 1);
             Mlp b = new Mlp(backend, ARCHITECTURE, Activation.RELU).initialize(Initialization.NORMAL, 2)) {
            ResidentData data = ResidentData.upload(scope, dataset, Loss.CROSS_ENTROPY, 4);
            BarrierCurve curve = BarrierCurve.compute(a, b, data, Loss.CROSS_ENTROPY, 21);
            float[] pa = backend.download(a.parameters()).data(), pb = backend.download(b.parameters()).data();
            double[] ts = new double[21], losses = new double[21], errors = new double[21];
            for (int k = 0; k < 21; k++) {
                ts[k] = k / 20.0;
                double[] theta = new double[pa.length];
                for (int i = 0; i < theta.length; i++) theta[i] = (1 - ts[k]) * pa[i] + ts[k] * pb[i];
                double[] lossAndError = referenceLossAndError(theta, dataset);
                losses[k] = lossAndError[0];
                errors[k] = lossAndError[1];
                BarrierCurve.Point p = curve.points().get(k);
                assertEquals(ts[k], p.t(), 1e-12);
                assertEquals(losses[k], p.loss(), 1e-5 * Math.max(1, losses[k]), "loss at t=" + ts[k]);
                assertEquals(errors[k], p.error(), 1.5 / dataset.size(), "error at t=" + ts[k]);
            }
            assertEquals(BarrierCurve.barrier(ts, losses), curve.barrierLoss(), 1e-5);
            double expectedBarrier = 0;
            for (int k = 0; k < 21; k++) {
                expectedBarrier = Math.max(expectedBarrier, losses[k] - ((1 - ts[k]) * losses[0] + ts[k] * losses[20]));
            }
            assertEquals(expectedBarrier, curve.barrierLoss(), 1e-5);
        }
    }

    @Test
    void barrierOfAConvexBumpIsItsHeightAboveTheChord() {
        double[] t = {0, 0.5, 1};
        assertEquals(1.5, BarrierCurve.barrier(t, new double[] {1, 3.5, 3}), 1e-12);
        assertEquals(0.0, BarrierCurve.barrier(t, new double[] {1, 1.5, 3}), 1e-12);
    }

    @Test
    void fewerThanTwoPointsIsBadInput() {
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend);
             Mlp a = new Mlp(backend, ARCHITECTURE, Activation.RELU)) {
            ResidentData data = ResidentData.upload(scope, randomData(10, 6, 4, 1), Loss.CROSS_ENTROPY, 4);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> BarrierCurve.compute(a, a, data, Loss.CROSS_ENTROPY, 1));
            assertTrue(e.getMessage().startsWith("points must be in [2, 10001]"), e.getMessage());
        }
    }

    /** Mean cross-entropy and error rate of a float64 relu MLP with ARCHITECTURE's layout. */
    static double[] referenceLossAndError(double[] theta, Dataset data) {
        double loss = 0, wrong = 0;
        for (int r = 0; r < data.size(); r++) {
            double[] a = new double[data.inputDim()];
            for (int i = 0; i < a.length; i++) a[i] = data.inputs().get(r, i);
            for (int layer = 0; layer < ARCHITECTURE.layerCount(); layer++) {
                int in = ARCHITECTURE.fanIn(layer), out = ARCHITECTURE.fanOut(layer);
                int w = (int) ARCHITECTURE.weightOffset(layer), b = (int) ARCHITECTURE.biasOffset(layer);
                double[] next = new double[out];
                for (int o = 0; o < out; o++) {
                    double z = theta[b + o];
                    for (int i = 0; i < in; i++) z += theta[w + o * in + i] * a[i];
                    next[o] = layer < ARCHITECTURE.layerCount() - 1 ? Math.max(0, z) : z;
                }
                a = next;
            }
            int label = data.label(r), best = 0;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < a.length; c++) {
                max = Math.max(max, a[c]);
                if (a[c] > a[best]) best = c;
            }
            for (double v : a) sum += Math.exp(v - max);
            loss += Math.log(sum) + max - a[label];
            if (best != label) wrong++;
        }
        return new double[] {loss / data.size(), wrong / data.size()};
    }
}
