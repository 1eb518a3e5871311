package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.netgeom.data.Messages.assertMessageContains;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

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
    void aTrainSizeBeyondTheDataNamesTheOption() throws IOException {
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
