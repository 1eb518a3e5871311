package org.netgeom.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Augmentation: its option text, its seeded draws, and training with it: same seed, same bits
 * (whatever the thread count), other bits than without it, refused where there is no image.
 */
class AugmentationTest {
    private static final ImageShape SHAPE = new ImageShape(1, 8, 8);
    private static final Network NETWORK = Network.parse("conv:4k3p1,relu,maxpool:2,flatten,linear:3", 3);

    @Test
    void parsesTheOptionAndNamesItInErrors() {
        assertEquals(new Augmentation(4, true), Augmentation.parse("crop:4,flip"));
        assertEquals(new Augmentation(0, true), Augmentation.parse(" FLIP "));
        assertEquals(Augmentation.none(), Augmentation.parse("none"));
        assertEquals("crop:4,flip", Augmentation.parse("flip,crop:4").label());
        assertFalse(Augmentation.none().active());
        for (String bad : List.of("crop", "crop:0", "crop:x", "flip,flip", "rotate:5", "crop:2,crop:3")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Augmentation.parse(bad), bad);
            assertEquals(List.of("augment"), e.fields(), bad);
        }
    }

    @Test
    void drawsAreSeededByEpochCoverTheRangeAndFlipAboutHalfTheTime() {
        Augmentation a = new Augmentation(2, true);
        Matrix first = a.draws(4000, 7, 0);
        assertArrayEquals(first.data(), a.draws(4000, 7, 0).data());
        assertFalse(Arrays.equals(first.data(), a.draws(4000, 7, 1).data()), "each epoch draws anew");
        assertFalse(Arrays.equals(first.data(), a.draws(4000, 8, 0).data()), "the seed matters");
        // A shorter epoch is a prefix: a position's draw does not depend on how many there are.
        assertArrayEquals(Arrays.copyOf(first.data(), 300), a.draws(100, 7, 0).data());
        int[] counts = new int[5];
        int flips = 0;
        for (int i = 0; i < 4000; i++) {
            counts[(int) first.get(i, 0)]++;
            counts[(int) first.get(i, 1)]++;
            flips += (int) first.get(i, 2);
        }
        for (int offset = 0; offset < 5; offset++) assertEquals(1600, counts[offset], 150, "offset " + offset);
        assertEquals(2000, flips, 150);
        Matrix noFlip = new Augmentation(3, false).draws(500, 7, 0);
        for (int i = 0; i < 500; i++) assertEquals(0f, noFlip.get(i, 2));
    }

    @Test
    void trainingWithItIsSeededAndIndependentOfTheThreadCount() {
        Dataset data = images(96, 5);
        TrainConfig plain = TrainConfig.defaults().withEpochs(2).withBatchSize(32).withSeed(3);
        TrainConfig augmented = plain.withAugmentation(Augmentation.parse("crop:2,flip"));
        float[] one = train(augmented, data, 1), again = train(augmented, data, 1), two = train(augmented, data, 2);
        assertArrayEquals(one, again);
        assertArrayEquals(one, two);
        assertFalse(Arrays.equals(one, train(plain, data, 1)), "augmentation changed nothing");
        assertFalse(Arrays.equals(one, train(augmented.withSeed(4), data, 1)), "the seed draws the crops");
    }

    @Test
    void aModelWithoutAnImageShapeIsRefused() {
        Dataset data = images(16, 1);
        TrainConfig config = TrainConfig.defaults().withEpochs(1).withAugmentation(Augmentation.parse("flip"));
        try (CpuBackend backend = new CpuBackend(1);
             Mlp mlp = new Mlp(backend, Architecture.of(SHAPE.size(), 8, 3), Activation.RELU).initialize(Initialization.PYTORCH, 1)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Trainer(config, List.of()).train(mlp, data, null));
            assertEquals(List.of("augment"), e.fields());
            assertTrue(e.getMessage().contains("convolutional network"), e.getMessage());
        }
    }

    private static float[] train(TrainConfig config, Dataset data, int threads) {
        try (CpuBackend backend = new CpuBackend(threads); ConvNet net = new ConvNet(backend, NETWORK, SHAPE).initialize(5)) {
            new Trainer(config, List.of()).train(net, data, null);
            return backend.download(net.parameters()).data();
        }
    }

    private static Dataset images(int n, long seed) {
        Random random = new Random(seed);
        Matrix inputs = new Matrix(n, SHAPE.size());
        Matrix labels = new Matrix(n, 1);
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            labels.set(i, 0, label);
            // A bright bar whose column says the class, off centre so that crops and flips move it.
            for (int y = 0; y < SHAPE.height(); y++) inputs.set(i, y * SHAPE.width() + 1 + 2 * label, 1f);
            for (int j = 0; j < SHAPE.size(); j++) inputs.set(i, j, inputs.get(i, j) + 0.1f * (float) random.nextGaussian());
        }
        return new Dataset("bars", inputs, labels, 3);
    }
}
