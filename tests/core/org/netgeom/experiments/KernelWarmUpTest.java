package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;

/** The background warm-up of the train command: it runs, it stops when closed, and it never changes a result. */
class KernelWarmUpTest {
    private static final ModelSpec MLP = new ModelSpec.MlpSpec(Architecture.of(12, 16, 3), List.of(Activation.RELU),
            Initialization.PYTORCH, MlpOptions.none());
    private static final TrainConfig CONFIG = TrainConfig.defaults().withEpochs(3).withBatchSize(8).withSeed(5);

    private static DataSplit data() {
        return DataSets.load(DataSpec.teacher(Teacher.Kind.MLP), DataOptions.defaults().withInputDim(12).withTeacherClasses(3)
                .withTrainSize(64).withTestSize(16).withSeed(3));
    }

    private static float[] trainedParameters(Backend backend) {
        DataSplit split = data();
        try (TrainableModel model = MLP.build(backend, 12, 3, CONFIG.seed())) {
            new Trainer(CONFIG, List.of()).train(model, split.train(), split.test());
            return backend.download(model.parameters()).data();
        }
    }

    @Test
    void trainingWhileTheWarmUpRunsGivesTheSameBitsAsWithout() {
        float[] alone, beside;
        try (Backend backend = new CpuBackend(2)) {
            alone = trainedParameters(backend);
        }
        try (Backend backend = new CpuBackend(2); KernelWarmUp warmUp = KernelWarmUp.forCpu("cpu", MLP, CONFIG)) {
            assertTrue(warmUp.running(), "the warm-up should be training in the background");
            beside = trainedParameters(backend);
            assertTrue(warmUp.running(), "the warm-up trains until closed (or for a minute)");
        }
        assertArrayEquals(alone, beside);
    }

    @Test
    void closeStopsTheWarmUpThread() {
        KernelWarmUp warmUp = KernelWarmUp.forCpu("cpu", MLP, CONFIG);
        assertTrue(warmUp.running());
        warmUp.close();
        assertFalse(warmUp.running());
        warmUp.close(); // twice is harmless
    }

    @Test
    void onlyTheCpuBackendAndKnownInputSizesGetAWarmUp() {
        try (KernelWarmUp cuda = KernelWarmUp.forCpu("cuda", MLP, CONFIG);
             KernelWarmUp features = KernelWarmUp.forCpu("cpu", new ModelSpec.RandomFeaturesSpec(10, Activation.RELU), CONFIG);
             KernelWarmUp shapeless = KernelWarmUp.forCpu("cpu", new ModelSpec.NetworkSpec("conv:4k3,relu,flatten,linear:3", null),
                     CONFIG)) {
            assertFalse(cuda.running());
            assertFalse(features.running());
            assertFalse(shapeless.running());
        }
    }

    @Test
    void aWarmUpThatFailsEndsQuietly() {
        // 3 classes for a model with 2 outputs: building the model fails inside the warm-up thread.
        ModelSpec tooFewOutputs = new ModelSpec.MlpSpec(Architecture.of(12, 4, 2), List.of(Activation.RELU),
                Initialization.PYTORCH, MlpOptions.none());
        KernelWarmUp warmUp = KernelWarmUp.start(tooFewOutputs, CONFIG, 12, 3);
        warmUp.close();
        assertFalse(warmUp.running());
        assertInstanceOf(InvalidInputException.class, warmUp.failure(), "the model could not be built, and close() did not throw it");
    }

    @Test
    void aStoppedWarmUpDidNotFail() {
        KernelWarmUp warmUp = KernelWarmUp.forCpu("cpu", MLP, CONFIG);
        warmUp.close();
        assertNull(warmUp.failure());
    }
}
