package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.nn.ConvNetGradientCheck.assertGradientsMatchFloat64Reference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSplit;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;

/**
 * A convolutional network's gradients against central differences of a float64 re-implementation
 * (stride, padding, odd sizes, every trainable layer kind), its bits across thread counts, and
 * learning on real Fashion-MNIST images.
 */
class ConvNetTest {
    @Test
    void gradientsMatchCentralDifferencesOfAFloat64Reference() {
        try (CpuBackend backend = new CpuBackend(2)) {
            assertGradientsMatchFloat64Reference(backend, ConvNetGradientCheck.SPEC, ConvNetGradientCheck.SHAPE);
        }
    }

    @Test
    void residualBlocksGradientsMatchTooWithAndWithoutProjection() {
        try (CpuBackend backend = new CpuBackend(2)) {
            assertGradientsMatchFloat64Reference(backend, ConvNetGradientCheck.RESIDUAL_SPEC, ConvNetGradientCheck.RESIDUAL_SHAPE);
        }
    }

    @Test
    void maxPoolingGradientsMatchOnAnOddImageWithARemainder() {
        try (CpuBackend backend = new CpuBackend(2)) {
            assertGradientsMatchFloat64Reference(backend, ConvNetGradientCheck.MAX_POOL_SPEC, ConvNetGradientCheck.MAX_POOL_SHAPE);
        }
    }

    @Test
    void inputGradientMatchesCentralDifferencesInTrainingMode() {
        try (CpuBackend backend = new CpuBackend(2)) {
            ConvNetGradientCheck.assertInputGradientMatchesFloat64Reference(backend, ConvNetGradientCheck.SPEC, ConvNetGradientCheck.SHAPE, true);
            ConvNetGradientCheck.assertInputGradientMatchesFloat64Reference(backend, ConvNetGradientCheck.RESIDUAL_SPEC,
                    ConvNetGradientCheck.RESIDUAL_SHAPE, true);
        }
    }

    @Test
    void inputGradientMatchesCentralDifferencesInInferenceModeThroughTheFirstConvolution() {
        // Stride, padding, max and average pools, batch norm on running statistics, and the first layer's input.
        try (CpuBackend backend = new CpuBackend(2)) {
            ConvNetGradientCheck.assertInputGradientMatchesFloat64Reference(backend, ConvNetGradientCheck.MAX_POOL_SPEC,
                    ConvNetGradientCheck.MAX_POOL_SHAPE, false);
            ConvNetGradientCheck.assertInputGradientMatchesFloat64Reference(backend,
                    "conv:3k3s2p1,bn,tanh,conv:4k2p1,relu,avgpool:2,flatten,linear:6,bn,gelu,linear:3", ConvNetGradientCheck.SHAPE, false);
            ConvNetGradientCheck.assertInputGradientMatchesFloat64Reference(backend, ConvNetGradientCheck.RESIDUAL_SPEC,
                    ConvNetGradientCheck.RESIDUAL_SHAPE, false);
        }
    }

    @Test
    void resNetConvolutionsAreKaimingNormalAsTorchvisionDrawsThem() {
        ImageShape shape = new ImageShape(3, 8, 8);
        try (CpuBackend backend = new CpuBackend(2);
             ConvNet net = new ConvNet(backend, Network.parse("resnet20", 10), shape).initialize(4)) {
            float[] theta = backend.download(net.parameters()).data();
            int offset = 0;
            for (org.netgeom.nn.layers.StateEntry entry : org.netgeom.nn.layers.NetworkDescription.of(net.network(), shape).state()) {
                if (!entry.parameter()) continue;
                int size = (int) entry.size();
                double sum = 0, squares = 0, max = 0;
                for (int i = offset; i < offset + size; i++) {
                    sum += theta[i];
                    squares += (double) theta[i] * theta[i];
                    max = Math.max(max, Math.abs(theta[i]));
                }
                List<Integer> dims = entry.shape();
                if (dims.size() == 4) {
                    // kaiming_normal_(mode="fan_out", nonlinearity="relu"): std sqrt(2 / (out * kH * kW)).
                    double std = Math.sqrt(2.0 / (dims.get(0) * dims.get(2) * dims.get(3)));
                    assertEquals(std, Math.sqrt(squares / size), 0.12 * std + 4 * std / Math.sqrt(size), entry.key());
                    assertTrue(max > Math.sqrt(3) * std, entry.key() + ": a normal exceeds the uniform's bound sqrt(3) std");
                } else if (entry.key().equals("fc.weight")) {
                    double bound = 1 / Math.sqrt(dims.get(1));
                    assertTrue(max <= bound, "fc keeps PyTorch's uniform default");
                    assertEquals(bound / Math.sqrt(3), Math.sqrt(squares / size), 0.15 * bound);
                } else if (entry.key().endsWith(".weight")) {
                    assertEquals(size, sum, 0.0, entry.key() + ": BatchNorm weights start at 1");
                }
                offset += size;
            }
            assertEquals(theta.length, offset);
        }
        // A layer list keeps PyTorch's uniform default.
        try (CpuBackend backend = new CpuBackend(1);
             ConvNet net = new ConvNet(backend, Network.parse("conv:64k3p1nb,flatten,linear:2", 2), new ImageShape(3, 2, 2)).initialize(4)) {
            float[] theta = backend.download(net.parameters()).data();
            double bound = 1 / Math.sqrt(27);
            for (int i = 0; i < 64 * 27; i++) assertTrue(Math.abs(theta[i]) <= bound, "weight " + i);
        }
    }

    @Test
    void theBitsDoNotDependOnTheThreadCount() {
        Network network = Network.parse("conv:8k3p1,relu,maxpool:2,conv:8k3,relu,flatten,linear:4", 4);
        ImageShape shape = new ImageShape(1, 12, 12);
        Matrix inputs = random(40, shape.size(), new Random(2));
        Matrix gradient = random(40, 4, new Random(3));
        float[][] outputs = new float[2][], gradients = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            try (CpuBackend backend = new CpuBackend(threads); ConvNet net = new ConvNet(backend, network, shape).initialize(9);
                 DeviceMatrix x = backend.upload(inputs); DeviceMatrix g = backend.upload(gradient)) {
                outputs[threads - 1] = backend.download(net.forward(x, true)).data();
                net.backward(g);
                gradients[threads - 1] = backend.download(net.gradients()).data();
            }
        }
        assertArrayEquals(outputs[0], outputs[1]);
        assertArrayEquals(gradients[0], gradients[1]);
    }

    @Test
    void learnsFashionMnistImages() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        DataSplit data = DataSets.load("fashion-mnist", DataOptions.defaults().withTrainSize(2000).withTestSize(500));
        Network network = Network.parse("conv:8k3p1,relu,maxpool:2,conv:16k3p1,relu,maxpool:2,flatten,linear:10", 10);
        try (CpuBackend backend = new CpuBackend(); ConvNet net = new ConvNet(backend, network, new ImageShape(1, 28, 28)).initialize(1)) {
            TrainingResult result = new Trainer(org.netgeom.train.TrainConfig.defaults().withEpochs(3).withBatchSize(64), List.of())
                    .train(net, data.train(), data.test());
            // 2,000 images, 3 epochs: well above chance (0.1); an MLP on the same budget reaches about 0.7.
            assertTrue(result.testAccuracy() > 0.7, "test accuracy " + result.testAccuracy());
        }
    }

    @Test
    void aNetworkThatEndsInAnImageIsRefused() {
        try (CpuBackend backend = new CpuBackend(1)) {
            InvalidInputException image = assertThrows(InvalidInputException.class,
                    () -> new ConvNet(backend, Network.parse("conv:4", 2), new ImageShape(1, 5, 5)));
            assertTrue(image.getMessage().contains("flatten"), image.getMessage());
        }
    }

    private static Matrix random(int rows, int cols, Random random) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = (float) random.nextGaussian();
        return m;
    }
}
