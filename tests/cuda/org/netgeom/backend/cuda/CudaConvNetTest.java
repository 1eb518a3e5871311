package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.nn.ConvNetGradientCheck.assertGradientsMatchFloat64Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSplit;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.ConvNetGradientCheck;
import org.netgeom.nn.Loss;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.Matrix;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.MetricsRow;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingCallback;
import org.netgeom.train.TrainingContext;
import org.netgeom.train.TrainingResult;

/**
 * Convolutional networks on the GPU: gradients against the float64 reference (as ConvNetTest does
 * on the CPU), one forward and backward against the CPU backend in training and inference mode,
 * the same bits from the same seed, and a small CNN's loss curve against the CPU's.
 */
@Tag("gpu")
class CudaConvNetTest {
    /** Convolutions with stride, padding and odd sizes, BatchNorm2d, both pools, a projecting residual block, BatchNorm1d. */
    private static final String NETWORK =
            "conv:8k3p1nb,bn,relu,maxpool:2,conv:12k3s2p1,tanh,avgpool:2,block:16s2,gap,flatten,linear:12,bn,relu,linear:5";
    private static final ImageShape SHAPE = new ImageShape(3, 17, 15);
    /**
     * The CNN trained on CPU and GPU: 3x16x16 images of a random MLP teacher's two classes. A
     * small CNN fits this training set only slowly (its train loss falls about 16% in 64 steps on
     * the CPU, test accuracy stays near chance), which is enough to compare two curves.
     */
    private static final String TRAINED = "conv:8k3p1nb,bn,relu,maxpool:2,conv:16k3p1,relu,avgpool:2,flatten,linear:32,bn,relu,"
            + "linear:2";
    private static final ImageShape TRAINED_SHAPE = new ImageShape(3, 16, 16);
    private static final DataSplit DATA = DataSets.load("teacher:mlp", DataOptions.defaults().withInputDim(TRAINED_SHAPE.size())
            .withTeacherClasses(2).withTrainSize(2048).withTestSize(512).withSeed(5));
    private static final TrainConfig CONFIG = new TrainConfig(2, 64, 1, Loss.CROSS_ENTROPY, OptimizerConfig.adam(3e-3f, 0f),
            LearningRateSchedule.constant(), 8);

    @Test
    void gradientsMatchTheFloat64ReferenceOnTheGpu() {
        try (CudaBackend gpu = GpuTestSupport.openBackend()) {
            assertGradientsMatchFloat64Reference(gpu, ConvNetGradientCheck.SPEC, ConvNetGradientCheck.SHAPE);
        }
    }

    @Test
    void residualBlockGradientsMatchTheFloat64ReferenceOnTheGpu() {
        try (CudaBackend gpu = GpuTestSupport.openBackend()) {
            assertGradientsMatchFloat64Reference(gpu, ConvNetGradientCheck.RESIDUAL_SPEC, ConvNetGradientCheck.RESIDUAL_SHAPE);
        }
    }

    @Test
    void maxPoolingGradientsMatchTheFloat64ReferenceOnTheGpu() {
        try (CudaBackend gpu = GpuTestSupport.openBackend()) {
            assertGradientsMatchFloat64Reference(gpu, ConvNetGradientCheck.MAX_POOL_SPEC, ConvNetGradientCheck.MAX_POOL_SHAPE);
        }
    }

    /**
     * Philox initialization gives both backends the same parameter bits; after that the two differ
     * only by the GEMMs' float32 summation order (cuBLAS against the CPU's kernels), so outputs and
     * gradients agree to 2e-4 of their largest magnitude. Inference mode reads running statistics
     * that three training passes updated on each backend.
     */
    @Test
    void forwardAndBackwardMatchTheCpuInTrainingAndInferenceMode() {
        Network network = Network.parse(NETWORK, 5);
        Random random = new Random(3);
        Matrix inputs = gaussian(random, 24, SHAPE.size());
        Matrix gradOutputs = gaussian(random, 24, 5);
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend()) {
            Pass onGpu = pass(gpu, network, inputs, gradOutputs), onCpu = pass(cpu, network, inputs, gradOutputs);
            assertArrayEquals(onCpu.initial, onGpu.initial, "Philox initialization differs between the backends");
            assertCloseToScale("training-mode outputs", onCpu.trainingOutputs, onGpu.trainingOutputs, 2e-4);
            assertCloseToScale("parameter gradients", onCpu.gradients, onGpu.gradients, 2e-4);
            assertCloseToScale("inference-mode outputs", onCpu.inferenceOutputs, onGpu.inferenceOutputs, 2e-4);
        }
    }

    /** The ResNets' kaiming-normal convolutions are drawn on the host, so they too are the same bits on both backends. */
    @Test
    void resNetInitializationIsTheSameOnBothBackends() {
        Network network = Network.parse("resnet20:w0.25", 10);
        ImageShape shape = new ImageShape(3, 8, 8);
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend();
             ConvNet onGpu = new ConvNet(gpu, network, shape).initialize(5); ConvNet onCpu = new ConvNet(cpu, network, shape).initialize(5)) {
            assertArrayEquals(cpu.download(onCpu.parameters()).data(), gpu.download(onGpu.parameters()).data());
        }
    }

    private record Pass(float[] initial, float[] trainingOutputs, float[] gradients, float[] inferenceOutputs) {}

    private static Pass pass(Backend backend, Network network, Matrix inputs, Matrix gradOutputs) {
        try (ConvNet net = new ConvNet(backend, network, SHAPE).initialize(7); DeviceMatrix x = backend.upload(inputs);
             DeviceMatrix g = backend.upload(gradOutputs)) {
            float[] initial = backend.download(net.parameters()).data();
            float[] training = backend.download(net.forward(x, true)).data();
            net.backward(g);
            float[] gradients = backend.download(net.gradients()).data();
            net.forward(x, true);
            net.forward(x, true);
            float[] inference = backend.download(net.forward(x, false)).data();
            return new Pass(initial, training, gradients, inference);
        }
    }

    @Test
    void theSameSeedGivesTheSameBitsOnTheGpu() {
        try (CudaBackend gpu = GpuTestSupport.openBackend()) {
            float[] first = trainedParameters(gpu), second = trainedParameters(gpu);
            assertArrayEquals(first, second, "two GPU runs from one seed");
        }
    }

    private static float[] trainedParameters(Backend backend) {
        try (ConvNet net = new ConvNet(backend, Network.parse(TRAINED, 2), TRAINED_SHAPE).initialize(3)) {
            new Trainer(CONFIG.withEpochs(1), List.of()).train(net, DATA.train(), DATA.test());
            return backend.download(net.parameters()).data();
        }
    }

    /**
     * Two epochs (64 Adam steps) of a small CNN from one seed on both backends. The runs differ by
     * float32 rounding only, which training does not amplify much in 64 steps: every logged train
     * loss (a mean over 8 steps) within 2% of the CPU's, the first within 0.1%, the final test loss
     * within 2%. The loss must also fall by 10%, so that a network that learns nothing cannot pass.
     */
    @Test
    void aSmallCnnsLossCurveMatchesTheCpuBackend() {
        try (CudaBackend gpu = GpuTestSupport.openBackend(); CpuBackend cpu = new CpuBackend()) {
            Curve onGpu = train(gpu), onCpu = train(cpu);
            assertEquals(onCpu.losses.size(), onGpu.losses.size(), "logged rows");
            assertTrue(onCpu.losses.getLast() < 0.9 * onCpu.losses.getFirst(), "the CPU run learns: losses " + onCpu.losses);
            assertEquals(onCpu.losses.getFirst(), onGpu.losses.getFirst(), 1e-3 * onCpu.losses.getFirst(),
                    "first logged loss; CPU " + onCpu.losses + " GPU " + onGpu.losses);
            for (int i = 0; i < onCpu.losses.size(); i++) {
                assertEquals(onCpu.losses.get(i), onGpu.losses.get(i), 0.02 * onCpu.losses.get(i),
                        "logged loss " + i + "; CPU " + onCpu.losses + " GPU " + onGpu.losses);
            }
            assertEquals(onCpu.result.testLoss(), onGpu.result.testLoss(), 0.02 * onCpu.result.testLoss(),
                    "test loss CPU " + onCpu.result.testLoss() + " vs GPU " + onGpu.result.testLoss());
        }
    }

    @Test
    void trainingACnnLeavesDeviceMemoryAsItFoundIt() {
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

    private record Curve(List<Double> losses, TrainingResult result) {}

    private static Curve train(Backend backend) {
        List<Double> losses = new ArrayList<>();
        TrainingCallback record = new TrainingCallback() {
            @Override
            public void onMetrics(TrainingContext context, MetricsRow row) {
                if (!Double.isNaN(row.trainLoss())) losses.add(row.trainLoss());
            }
        };
        try (ConvNet net = new ConvNet(backend, Network.parse(TRAINED, 2), TRAINED_SHAPE).initialize(3)) {
            TrainingResult result = new Trainer(CONFIG, List.of(record)).train(net, DATA.train(), DATA.test());
            return new Curve(losses, result);
        }
    }

    /** |expected - actual| <= tolerance * max |expected| for every element, and no NaN. */
    private static void assertCloseToScale(String what, float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), what + " " + i + " is " + actual[i]);
            assertEquals(expected[i], actual[i], tolerance * scale, what + " " + i + " (largest magnitude " + scale + ")");
        }
    }

    private static Matrix gaussian(Random random, int rows, int cols) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) m.data()[i] = (float) random.nextGaussian();
        return m;
    }
}
