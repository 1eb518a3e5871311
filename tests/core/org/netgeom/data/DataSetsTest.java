package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.netgeom.data.Messages.assertMessageContains;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class DataSetsTest {
    @TempDir Path folder;

    /** 30 training images with labels i % 10 and 5 test images with labels 0..4, 3 x 3 pixels. */
    private DataOptions miniatureFashionMnist() throws IOException {
        IdxFixtures.writeSplit(folder.resolve(FashionMnist.TRAIN_IMAGES + ".gz"),
                folder.resolve(FashionMnist.TRAIN_LABELS + ".gz"), 30, 3, 10, true);
        IdxFixtures.writeSplit(folder.resolve(FashionMnist.TEST_IMAGES), folder.resolve(FashionMnist.TEST_LABELS), 5, 3,
                10, false);
        return DataOptions.defaults().withDirectory(folder);
    }

    @Test
    void teacherSignHasTheDocumentedDefaults() {
        DataSplit split = DataSets.load("teacher:sign", DataOptions.defaults());
        assertEquals(1000, split.train().size());
        assertEquals(1000, split.test().size());
        assertEquals(100, split.train().inputDim());
        assertEquals(2, split.train().classes());
    }

    @Test
    void teacherOptionsReachTheTeacher() {
        DataOptions options = DataOptions.defaults().withInputDim(7).withTrainSize(40).withTestSize(9)
                .withTeacherClasses(4).withTeacherWidth(16).withSeed(3);
        DataSplit split = DataSets.load("teacher:mlp", options);
        assertEquals(40, split.train().size());
        assertEquals(9, split.test().size());
        assertEquals(7, split.train().inputDim());
        assertEquals(4, split.train().classes());
        Dataset direct = new Teacher(Teacher.Kind.MLP, 7, 16, 4, 0, 3).generate(40, 9).train();
        assertArrayEquals(direct.targets().data(), split.train().targets().data());
    }

    @Test
    void aClassFilterOnRegressionDataIsRejected() {
        DataOptions options = DataOptions.defaults().withClasses(List.of(0));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> DataSets.load("teacher:linear", options)),
                "regression", "[0]");
    }

    @Test
    void standardizationUsesTheTrainingStatisticsForBothSplits() {
        DataOptions options = DataOptions.defaults().withInputDim(3).withTrainSize(50).withTestSize(20).withSeed(5);
        DataSplit raw = DataSets.load("teacher:linear", options);
        DataSplit standardized = DataSets.load("teacher:linear", options.withStandardize(true));
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (int i = 0; i < 50; i++) mean += raw.train().inputs().get(i, j) / 50.0;
            double variance = 0;
            for (int i = 0; i < 50; i++) variance += Math.pow(raw.train().inputs().get(i, j) - mean, 2) / 50.0;
            double std = Math.sqrt(variance);
            for (int i = 0; i < 20; i++) {
                assertEquals((raw.test().inputs().get(i, j) - mean) / std, standardized.test().inputs().get(i, j), 1e-5);
            }
            assertEquals((raw.train().inputs().get(0, j) - mean) / std, standardized.train().inputs().get(0, j), 1e-5);
        }
        assertArrayEquals(raw.test().targets().data(), standardized.test().targets().data());
    }

    @Test
    void fashionMnistFilterThenFirstRows() throws IOException {
        DataOptions options = miniatureFashionMnist().withClasses(List.of(3, 1)).withTrainSize(4).withTestSize(1);
        DataSplit split = DataSets.load("fashion-mnist", options);
        assertEquals(2, split.train().classes());
        // training labels i % 10: classes 3 and 1 first occur at images 1, 3, 11, 13
        assertEquals(4, split.train().size());
        int[] expectedImages = {1, 3, 11, 13};
        for (int row = 0; row < 4; row++) {
            int image = expectedImages[row];
            assertEquals(image % 10 == 3 ? 0 : 1, split.train().label(row));
            assertEquals(IdxFixtures.pixel(image, 4) / 255.0, split.train().inputs().get(row, 4), 1e-7);
        }
        assertEquals(1, split.test().size());
        assertEquals(1, split.test().label(0), "test image 1 has class 1, relabelled 1");
    }

    @Test
    void noiseOnAFileDataSetFlipsTrainingLabelsOnly() throws IOException {
        DataSplit clean = DataSets.load("fashion-mnist", miniatureFashionMnist());
        DataSplit noisy = DataSets.load("fashion-mnist", miniatureFashionMnist().withNoise(1.0).withSeed(7));
        for (int row = 0; row < clean.train().size(); row++) {
            assertNotEquals(clean.train().label(row), noisy.train().label(row), "noise 1 flips every training label, row " + row);
        }
        assertArrayEquals(clean.test().targets().data(), noisy.test().targets().data(), "test labels stay clean");
        assertArrayEquals(clean.train().inputs().data(), noisy.train().inputs().data());
    }

    @Test
    void labelNoiseFlipsTheRequestedShareToOtherClassesUniformlyAndReproducibly() {
        int n = 20000, classes = 4;
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) labels[i] = i % classes;
        Dataset data = new Dataset("labels", new Matrix(n, 1), new Matrix(n, 1, labels), classes);
        Dataset noisy = data.withLabelNoise(0.3, 11, 5);
        int flipped = 0;
        int[] offsets = new int[classes];
        for (int i = 0; i < n; i++) {
            int offset = Math.floorMod(noisy.label(i) - data.label(i), classes);
            if (offset != 0) flipped++;
            offsets[offset]++;
        }
        // Binomial(20000, 0.3): sd 65; 5 sd either side.
        assertEquals(0.3 * n, flipped, 5 * Math.sqrt(n * 0.3 * 0.7));
        for (int offset = 1; offset < classes; offset++) {
            assertEquals(flipped / 3.0, offsets[offset], 5 * Math.sqrt(flipped / 3.0), "flips to offset " + offset + " are uniform");
        }
        assertArrayEquals(noisy.targets().data(), data.withLabelNoise(0.3, 11, 5).targets().data(), "same seed, same labels");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> data.withLabelNoise(1.5, 11, 5)), "[0, 1]", "1.5");
    }

    @Test
    void labelNoiseOnRegressionDataIsRejected() {
        Dataset regression = new Dataset("targets", new Matrix(3, 2), new Matrix(3, 1), 0);
        assertThrows(InvalidInputException.class, () -> regression.withLabelNoise(0.1, 1, 1));
    }

    @Test
    void aTrainSizeBeyondTheDataNamesTheField() throws IOException {
        DataOptions options = miniatureFashionMnist().withTrainSize(31);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> DataSets.load("fashion-mnist", options)),
                "trainSize 31", "30 examples");
    }

    @Test
    void aFilterThatLeavesASplitEmptyIsRejected() throws IOException {
        DataOptions options = miniatureFashionMnist().withClasses(List.of(7));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> DataSets.load("fashion-mnist", options)),
                "no examples", "[7]");
    }

    @Test
    void missingFashionMnistSaysHowToGetIt() {
        DataOptions options = DataOptions.defaults().withDirectory(folder.resolve("absent"));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> DataSets.load("fashion-mnist", options)),
                "apt-get install dataset-fashion-mnist", "teacher:sign");
    }
}
