package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.netgeom.data.Messages.assertMessageContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

class FashionMnistTest {
    @TempDir Path folder;

    /** A miniature Fashion-MNIST: 30 training and 12 test images of 4 x 4 pixels. */
    private void writeMiniature(boolean compressed) throws IOException {
        String suffix = compressed ? ".gz" : "";
        IdxFixtures.writeSplit(folder.resolve(FashionMnist.TRAIN_IMAGES + suffix),
                folder.resolve(FashionMnist.TRAIN_LABELS + suffix), 30, 4, 10, compressed);
        IdxFixtures.writeSplit(folder.resolve(FashionMnist.TEST_IMAGES + suffix),
                folder.resolve(FashionMnist.TEST_LABELS + suffix), 12, 4, 10, compressed);
    }

    @Test
    void readsGzipNamesAndScalesPixelsTo01() throws IOException {
        writeMiniature(true);
        DataSplit split = FashionMnist.load(folder);
        assertEquals(30, split.train().size());
        assertEquals(12, split.test().size());
        assertEquals(16, split.train().inputDim());
        assertEquals(10, split.train().classes());
        for (int i : new int[] {0, 7, 29}) {
            for (int p : new int[] {0, 5, 15}) {
                assertEquals(IdxFixtures.pixel(i, p) / 255.0, split.train().inputs().get(i, p), 1e-7);
            }
            assertEquals(i % 10, split.train().label(i));
        }
    }

    @Test
    void readsPlainNames() throws IOException {
        writeMiniature(false);
        DataSplit split = FashionMnist.load(folder);
        assertEquals(IdxFixtures.pixel(11, 9) / 255.0, split.test().inputs().get(11, 9), 1e-7);
    }

    @Test
    void missingFilesSayHowToGetThem() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FashionMnist.load(folder));
        assertMessageContains(e, folder.toString(), "train-images-idx3-ubyte", "apt-get install dataset-fashion-mnist",
                "teacher:sign");
    }

    @Test
    void imagesAndLabelsCountMismatchIsReported() throws IOException {
        Path images = folder.resolve("images");
        Path labels = folder.resolve("labels");
        IdxFixtures.writeSplit(images, folder.resolve("unused"), 5, 2, 10, false);
        Files.write(labels, IdxFixtures.idx(new int[] {4}, new byte[] {0, 1, 2, 3}));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FashionMnist.loadSplit(images, labels, "mismatch"));
        assertMessageContains(e, "5 images", "4 labels", images.toString(), labels.toString());
    }

    @Test
    void aLabelOutsideTheTenClassesIsReported() throws IOException {
        Path images = folder.resolve("images");
        Path labels = folder.resolve("labels");
        IdxFixtures.writeSplit(images, folder.resolve("unused"), 3, 2, 10, false);
        Files.write(labels, IdxFixtures.idx(new int[] {3}, new byte[] {0, 12, 2}));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FashionMnist.loadSplit(images, labels, "bad labels"));
        assertMessageContains(e, labels.toString(), "label 1 is 12", "0..9");
    }

    @Test
    void imagesMustHaveThreeDimensions() throws IOException {
        Path images = Files.write(folder.resolve("flat"), IdxFixtures.idx(new int[] {4}, new byte[4]));
        Path labels = Files.write(folder.resolve("labels"), IdxFixtures.idx(new int[] {4}, new byte[4]));
        assertMessageContains(assertThrows(InvalidInputException.class,
                () -> FashionMnist.loadSplit(images, labels, "flat")), "3 dimensions");
    }

    @Test
    void theInstalledDataSetHasTheKnownShape() {
        Assumptions.assumeTrue(FashionMnist.isPresent(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed in " + FashionMnist.DEFAULT_DIRECTORY
                        + " (apt-get install dataset-fashion-mnist), so the real files cannot be checked");
        DataSplit split = FashionMnist.load(FashionMnist.DEFAULT_DIRECTORY);
        assertEquals(60000, split.train().size());
        assertEquals(10000, split.test().size());
        for (Dataset data : new Dataset[] {split.train(), split.test()}) {
            assertEquals(784, data.inputDim());
            assertEquals(10, data.classes());
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : data.inputs().data()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(0f, min, data.name());
            assertEquals(1f, max, data.name());
            for (int count : data.classCounts()) assertEquals(data.size() / 10, count, data.name() + " is balanced");
        }
    }
}
