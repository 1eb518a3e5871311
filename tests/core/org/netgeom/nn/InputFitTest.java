package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Data images padded and copied into channels for a network of another input shape: the map is
 * the hand-written one, the network on fitted data computes what it computes on images padded by
 * hand, and a model file keeps the fit.
 */
class InputFitTest {
    @TempDir Path dir;

    @Test
    void aTwoByTwoImageGoesIntoTheMiddleOfEveryChannel() {
        InputFit fit = new InputFit(new ImageShape(1, 2, 2), new ImageShape(3, 4, 5));
        assertEquals(1, fit.top());
        assertEquals(1, fit.left()); // 5 - 2 = 3 columns: one on the left, two on the right
        float[] image = {1, 2, 3, 4};
        float[] fitted = apply(fit, image);
        float[] channel = {
            0, 0, 0, 0, 0,
            0, 1, 2, 0, 0,
            0, 3, 4, 0, 0,
            0, 0, 0, 0, 0};
        float[] expected = new float[60];
        for (int c = 0; c < 3; c++) System.arraycopy(channel, 0, expected, 20 * c, 20);
        assertArrayEquals(expected, fitted);
        // Three channels to three: each keeps its own.
        InputFit rgb = new InputFit(new ImageShape(3, 1, 1), new ImageShape(3, 3, 3));
        float[] out = apply(rgb, new float[] {5, 6, 7});
        assertEquals(5f, out[4]);
        assertEquals(6f, out[13]);
        assertEquals(7f, out[22]);
        assertEquals(18f, sum(out));
    }

    @Test
    void shrinkingOrMixingChannelsIsRefusedNamingTheShape() {
        for (InputFitCase bad : List.of(new InputFitCase(new ImageShape(1, 28, 28), new ImageShape(1, 24, 32)),
                new InputFitCase(new ImageShape(2, 4, 4), new ImageShape(3, 4, 4)),
                new InputFitCase(new ImageShape(3, 64, 64), new ImageShape(3, 224, 224)))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> new InputFit(bad.data(), bad.network()));
            assertEquals(List.of("inputShape"), e.fields());
        }
    }

    private record InputFitCase(ImageShape data, ImageShape network) {}

    @Test
    void aFittedNetworkComputesWhatItComputesOnImagesPaddedByHand() {
        ImageShape data = new ImageShape(1, 6, 6), network = new ImageShape(3, 8, 8);
        InputFit fit = new InputFit(data, network);
        Network layers = Network.parse("conv:4k3p1,bn,relu,maxpool:2,flatten,linear:3", 3);
        Random random = new Random(5);
        Matrix images = new Matrix(7, data.size());
        for (int i = 0; i < images.data().length; i++) images.data()[i] = (float) random.nextGaussian();
        Matrix padded = new Matrix(7, network.size());
        for (int r = 0; r < 7; r++) {
            float[] one = apply(fit, java.util.Arrays.copyOfRange(images.data(), r * data.size(), (r + 1) * data.size()));
            System.arraycopy(one, 0, padded.data(), r * network.size(), network.size());
        }
        try (CpuBackend backend = new CpuBackend(2);
             ConvNet fitted = new ConvNet(backend, layers, fit).initialize(3);
             ConvNet plain = new ConvNet(backend, layers, network).initialize(3);
             DeviceMatrix x = backend.upload(images); DeviceMatrix p = backend.upload(padded)) {
            assertEquals(data.size(), fitted.inputDim());
            assertEquals(network.size(), plain.inputDim());
            assertArrayEquals(backend.download(plain.forward(p, true)).data(), backend.download(fitted.forward(x, true)).data());
            assertArrayEquals(backend.download(plain.forward(p, false)).data(), backend.download(fitted.forward(x, false)).data());
        }
    }

    @Test
    void theInputGradientIsWithRespectToTheDataPixels() {
        ImageShape data = new ImageShape(1, 4, 4), network = new ImageShape(3, 6, 6);
        InputFit fit = new InputFit(data, network);
        Network layers = Network.parse("conv:3k3p1,relu,flatten,linear:2", 2);
        Random random = new Random(8);
        Matrix images = new Matrix(3, data.size()), gradOut = new Matrix(3, 2);
        for (int i = 0; i < images.data().length; i++) images.data()[i] = (float) random.nextGaussian();
        for (int i = 0; i < gradOut.data().length; i++) gradOut.data()[i] = (float) random.nextGaussian();
        try (CpuBackend backend = new CpuBackend(1); ConvNet net = new ConvNet(backend, layers, fit).initialize(2);
             DeviceMatrix x = backend.upload(images); DeviceMatrix g = backend.upload(gradOut)) {
            net.forward(x, false);
            float[] analytic = backend.download(net.inputGradient(g)).data();
            assertEquals(images.data().length, analytic.length);
            // Central differences of <f(x), g> in each data pixel (relu is smooth at these random points).
            for (int i = 0; i < images.data().length; i++) {
                float saved = images.data()[i];
                images.data()[i] = saved + 1e-2f;
                double plus = dot(backend, net, images, gradOut);
                images.data()[i] = saved - 1e-2f;
                double minus = dot(backend, net, images, gradOut);
                images.data()[i] = saved;
                assertEquals((plus - minus) / 2e-2, analytic[i], 2e-3 + 2e-2 * Math.abs(analytic[i]), "pixel " + i);
            }
        }
    }

    private static double dot(CpuBackend backend, ConvNet net, Matrix images, Matrix weights) {
        try (DeviceMatrix x = backend.upload(images)) {
            float[] out = backend.download(net.forward(x, false)).data();
            double sum = 0;
            for (int i = 0; i < out.length; i++) sum += (double) out[i] * weights.data()[i];
            return sum;
        }
    }

    @Test
    void theDataShapeGoesThroughTheModelFile() {
        InputFit fit = new InputFit(new ImageShape(1, 5, 5), new ImageShape(3, 8, 8));
        Network layers = Network.parse("conv:2k3,relu,flatten,linear:2", 2);
        Path file = dir.resolve("fit").resolve("model.safetensors");
        try (CpuBackend backend = new CpuBackend(1); ConvNet net = new ConvNet(backend, layers, fit).initialize(1)) {
            ModelFiles.save(net, file, java.util.Map.of());
            try (TrainableModel back = ModelFiles.load(backend, file)) {
                ConvNet loaded = (ConvNet) back;
                assertEquals(fit, loaded.inputFit());
                assertEquals(25, loaded.inputDim());
            }
        }
        assertTrue(java.nio.file.Files.isRegularFile(file));
    }

    private static float[] apply(InputFit fit, float[] image) {
        try (CpuBackend backend = new CpuBackend(1); InputFit.Applied applied = new InputFit.Applied(backend, fit);
             DeviceMatrix x = backend.upload(new Matrix(1, image.length, image))) {
            return backend.download(applied.forward(x)).data();
        }
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) s += v;
        return s;
    }
}
