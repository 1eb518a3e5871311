package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.BooleanMeanDimension;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.bmd.Readout;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

/** BMD estimates on the GPU against the CPU backend: same points, same flips, same numbers up to float32 rounding. */
@Tag("gpu")
class CudaBmdTest {

    private static BmdResult monteCarlo(Backend backend, int[] widths, BmdSettings settings) {
        try (Mlp mlp = new Mlp(backend, Architecture.of(widths), Activation.RELU).initialize(Initialization.PYTORCH, 11)) {
            return BooleanMeanDimension.monteCarlo(mlp, settings);
        }
    }

    private static void assertSame(BmdResult cpu, BmdResult gpu, String what) {
        assertEquals(cpu.bmd(), gpu.bmd(), 1e-3 * cpu.bmd(), what + ": BMD CPU " + cpu.bmd() + " vs GPU " + gpu.bmd());
        assertEquals(cpu.variance(), gpu.variance(), 1e-3 * cpu.variance(), what + ": variance");
        double maxInfluence = 0, maxDifference = 0;
        for (int i = 0; i < cpu.influence().length; i++) {
            maxInfluence = Math.max(maxInfluence, cpu.influence()[i]);
            maxDifference = Math.max(maxDifference, Math.abs(cpu.influence()[i] - gpu.influence()[i]));
        }
        assertEquals(0, maxDifference, 1e-3 * maxInfluence, what + ": largest influence difference");
    }

    @Test
    void monteCarloOnGpuMatchesCpuForUniformAndGaussianInputs() {
        int[] widths = {784, 256, 10};
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend()) {
            for (InputDistribution distribution : new InputDistribution[] {new InputDistribution.Uniform(), new InputDistribution.Gaussian()}) {
                BmdSettings settings = BmdSettings.of(distribution, 40, 3);
                assertSame(monteCarlo(cpu, widths, settings), monteCarlo(gpu, widths, settings), distribution.name());
            }
        }
    }

    @Test
    void dataFlipsOnGpuMatchCpu() {
        Matrix inputs = new Matrix(50, 30);
        Philox.fillUniform(inputs.data(), 0, inputs.size(), 5, 0, 0f, 1f);
        Dataset data = new Dataset("uniform pixels", inputs, new Matrix(50, 1), 0);
        BmdSettings settings = BmdSettings.of(new InputDistribution.DataReflection(data), 64, 2).withRowsPerCall(200);
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend()) {
            assertSame(monteCarlo(cpu, new int[] {30, 20, 2}, settings), monteCarlo(gpu, new int[] {30, 20, 2}, settings),
                    "data distribution, partial last batch");
        }
    }

    @Test
    void exactOnGpuMatchesCpu() {
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend();
             Mlp onCpu = new Mlp(cpu, Architecture.of(16, 32, 1), Activation.TANH).initialize(Initialization.NORMAL, 2);
             Mlp onGpu = new Mlp(gpu, Architecture.of(16, 32, 1), Activation.TANH).initialize(Initialization.NORMAL, 2)) {
            assertSame(BooleanMeanDimension.exact(onCpu, Readout.vector()), BooleanMeanDimension.exact(onGpu, Readout.vector()),
                    "exact, d = 16");
        }
    }
}
