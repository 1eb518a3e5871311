package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.star.BarrierCurve;
import org.netgeom.star.WeightMatching;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.ResidentData;

/** Barrier curves and weight matching give the CPU backend's results on the GPU. */
@Tag("gpu")
class StarOnGpuTest {
    private static final Architecture ARCHITECTURE = Architecture.of(20, 32, 16, 5);

    private record Measured(BarrierCurve curve, List<int[]> permutations) {}

    private static Measured measure(Backend backend, DataSplit data) {
        try (MemoryScope scope = new MemoryScope(backend);
             Mlp a = new Mlp(backend, ARCHITECTURE, Activation.RELU).initialize(Initialization.PYTORCH, 1);
             Mlp b = new Mlp(backend, ARCHITECTURE, Activation.RELU).initialize(Initialization.PYTORCH, 2)) {
            ResidentData resident = ResidentData.upload(scope, data.test(), Loss.CROSS_ENTROPY, 5);
            BarrierCurve curve = BarrierCurve.compute(a, b, resident, Loss.CROSS_ENTROPY, 21);
            return new Measured(curve, WeightMatching.align(a, b, 3, 100).permutations());
        }
    }

    @Test
    void barrierCurveAndAlignmentMatchTheCpuBackend() {
        DataSplit data = new Teacher(Teacher.Kind.MLP, 20, 16, 5, 0, 4).generate(100, 5000);
        Measured cpu;
        try (Backend backend = new CpuBackend(2)) {
            cpu = measure(backend, data);
        }
        try (Backend gpu = GpuTestSupport.openBackend()) {
            Measured cuda = measure(gpu, data);
            for (int k = 0; k < 21; k++) {
                BarrierCurve.Point c = cpu.curve().points().get(k), g = cuda.curve().points().get(k);
                assertEquals(c.loss(), g.loss(), 1e-4 * Math.max(1, c.loss()), "loss at t=" + c.t());
                assertEquals(c.error(), g.error(), 3.0 / 5000, "error at t=" + c.t());
            }
            assertEquals(cpu.curve().barrierLoss(), cuda.curve().barrierLoss(), 2e-4);
            for (int l = 0; l < cpu.permutations().size(); l++) {
                assertArrayEquals(cpu.permutations().get(l), cuda.permutations().get(l), "layer " + l);
            }
        }
    }
}
