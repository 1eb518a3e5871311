package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSplit;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;

/** Whole training runs on the GPU against the CPU backend, and the device memory they leave. */
@Tag("gpu")
class CudaTrainingTest {
    private static final DataSplit DATA = DataSets.load("teacher:mlp",
            DataOptions.defaults().withInputDim(784).withTrainSize(8000).withTestSize(2000).withSeed(5));
    private static final TrainConfig CONFIG = new TrainConfig(2, 128, 1, Loss.CROSS_ENTROPY,
            OptimizerConfig.adam(1e-3f, 0f), LearningRateSchedule.constant(), 50);

    private static TrainingResult train(Backend backend) {
        try (Mlp mlp = new Mlp(backend, Architecture.of(784, 256, 10), Activation.RELU).initialize(Initialization.PYTORCH, 3)) {
            return new Trainer(CONFIG, List.of()).train(mlp, DATA.train(), DATA.test());
        }
    }

    @Test
    void twoEpochsOnGpuReachCpuAccuracyWithinHalfAPoint() {
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend()) {
            TrainingResult onGpu = train(gpu);
            TrainingResult onCpu = train(cpu);
            assertTrue(onCpu.testAccuracy() > 0.5, "the task is learnable: CPU accuracy " + onCpu.testAccuracy());
            assertEquals(onCpu.testAccuracy(), onGpu.testAccuracy(), 0.005,
                    "test accuracy CPU " + onCpu.testAccuracy() + " vs GPU " + onGpu.testAccuracy());
        }
    }

    @Test
    void trainingLeavesDeviceMemoryAsItFoundIt() {
        try (CudaBackend gpu = GpuTestSupport.openBackend()) {
            train(gpu); // warm up: module, cuBLAS workspace
            gpu.synchronize();
            gpu.releaseCachedMemory();
            long freeBefore = gpu.api().memoryInfo()[0];
            train(gpu);
            gpu.synchronize();
            gpu.releaseCachedMemory();
            assertEquals(freeBefore, gpu.api().memoryInfo()[0], "device free memory after a training run");
            assertEquals(0, gpu.liveBytes(), "live bytes after a training run");
        }
    }
}
