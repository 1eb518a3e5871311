package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.bmd.AttackSettings;
import org.netgeom.bmd.GradientAttack;
import org.netgeom.data.Dataset;
import org.netgeom.io.Progress;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.InputGradient;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.RandomFeatures;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/**
 * The input gradient of the cross-entropy and the attacks built on it, on the GPU against the CPU
 * backend: the same models (same parameters), the same inputs, the same numbers up to float32
 * rounding. The CPU side is checked against float64 finite differences in InputGradientTest.
 */
@Tag("gpu")
class CudaInputGradientTest {
    private static final int ROWS = 300, D = 40;

    private static Matrix inputs() {
        Matrix x = new Matrix(ROWS, D);
        Philox.fillUniform(x.data(), 0, x.size(), 7, 0, 0f, 1f);
        return x;
    }

    private static Matrix labels(int classes) {
        Matrix y = new Matrix(ROWS, 1);
        for (int r = 0; r < ROWS; r++) y.set(r, 0, (r * 7) % classes);
        return y;
    }

    private static Matrix gradient(TrainableModel model, Matrix x, Matrix y) {
        Backend backend = model.backend();
        try (InputGradient gradient = new InputGradient(model); MemoryScope scope = new MemoryScope(backend)) {
            return backend.download(gradient.crossEntropy(scope.upload(x), scope.upload(y), null));
        }
    }

    private static void assertClose(Matrix cpu, Matrix gpu, String what) {
        double largest = 0, difference = 0;
        for (int i = 0; i < cpu.size(); i++) {
            largest = Math.max(largest, Math.abs(cpu.data()[i]));
            difference = Math.max(difference, Math.abs(cpu.data()[i] - gpu.data()[i]));
        }
        assertEquals(0, difference, 1e-4 * largest, what + ": largest difference " + difference + " of largest entry " + largest);
    }

    private static Mlp mlp(Backend backend, int outputs, boolean batchNorm) {
        Mlp mlp = new Mlp(backend, Architecture.of(D, 32, 16, outputs), List.of(Activation.GELU, Activation.TANH),
                new MlpOptions(0f, batchNorm));
        Matrix flat = new Matrix(1, (int) mlp.parameters().size());
        Philox.fillNormal(flat.data(), 0, flat.size(), 3, 1, 0f, 0.3f);
        return mlp.loadParameters(flat);
    }

    @Test
    void mlpInputGradientsOnGpuMatchCpu() {
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend()) {
            for (int outputs : new int[] {10, 1}) {
                for (boolean batchNorm : new boolean[] {false, true}) {
                    Matrix y = labels(Math.max(2, outputs));
                    try (Mlp onCpu = mlp(cpu, outputs, batchNorm); Mlp onGpu = mlp(gpu, outputs, batchNorm)) {
                        assertClose(gradient(onCpu, inputs(), y), gradient(onGpu, inputs(), y),
                                "MLP, " + outputs + " outputs, batch norm " + batchNorm);
                    }
                }
            }
        }
    }

    @Test
    void randomFeaturesInputGradientsOnGpuMatchCpu() {
        Matrix readout = new Matrix(4, 64);
        Philox.fillNormal(readout.data(), 0, readout.size(), 5, 2, 0f, 1f);
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend();
             RandomFeatures onCpu = new RandomFeatures(cpu, D, 64, 4, Activation.ERF, 9).loadReadout(readout);
             RandomFeatures onGpu = new RandomFeatures(gpu, D, 64, 4, Activation.ERF, 9).loadReadout(readout)) {
            assertClose(gradient(onCpu, inputs(), labels(4)), gradient(onGpu, inputs(), labels(4)), "random features");
        }
    }

    @Test
    void convNetInputGradientOnGpuMatchesFloat64CentralDifferences() {
        try (CudaBackend gpu = GpuTestSupport.openBackend()) {
            org.netgeom.nn.ConvNetGradientCheck.assertInputGradientMatchesFloat64Reference(gpu,
                    org.netgeom.nn.ConvNetGradientCheck.MAX_POOL_SPEC, org.netgeom.nn.ConvNetGradientCheck.MAX_POOL_SHAPE, false);
            org.netgeom.nn.ConvNetGradientCheck.assertInputGradientMatchesFloat64Reference(gpu,
                    org.netgeom.nn.ConvNetGradientCheck.RESIDUAL_SPEC, org.netgeom.nn.ConvNetGradientCheck.RESIDUAL_SHAPE, true);
        }
    }

    @Test
    void pgdOnGpuAgreesWithCpu() {
        Dataset data = new Dataset("uniform", inputs(), labels(10), 10);
        AttackSettings settings = AttackSettings.of(AttackSettings.Attack.PGD, AttackSettings.Norm.LINF, 0.02, 0.1)
                .withValidRange(AttackSettings.ValidRange.of(data.inputs()));
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend();
             Mlp onCpu = mlp(cpu, 10, false); Mlp onGpu = mlp(gpu, 10, false)) {
            GradientAttack.Result a = GradientAttack.measure(onCpu, data, settings, Progress.quiet());
            GradientAttack.Result b = GradientAttack.measure(onGpu, data, settings, Progress.quiet());
            assertEquals(a.cleanAccuracy(), b.cleanAccuracy(), 2.0 / ROWS, "clean accuracy");
            for (int i = 0; i < a.points().size(); i++) {
                // A sign of a near-zero gradient entry may differ: allow a few examples of 300 to end elsewhere.
                assertEquals(a.points().get(i).robustAccuracy(), b.points().get(i).robustAccuracy(), 5.0 / ROWS, "epsilon index " + i);
            }
        }
    }
}
