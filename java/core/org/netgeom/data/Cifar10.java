package org.netgeom.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netgeom.io.HeapBudget;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * CIFAR-10 in its binary form (the "CIFAR-10 binary version" of
 * https://www.cs.toronto.edu/~kriz/cifar.html, unpacked: data_batch_1.bin .. data_batch_5.bin
 * and test_batch.bin in one folder). Each record is one label byte and 3072 pixel bytes, the
 * red, green and blue 32 x 32 planes row by row: exactly an NCHW row [3, 32, 32], scaled to
 * [0, 1]. The files are not packaged for Debian; netgeom never downloads them.
 */
public final class Cifar10 {
    public static final int CLASSES = 10;
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");
    /** Values per image: 3 channels of 32 x 32. */
    public static final int IMAGE_SIZE = 3 * 32 * 32;
    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";
    private static final int RECORD = 1 + IMAGE_SIZE;

    private Cifar10() {}

    /** The 50,000 training images (the five batches in order) and the 10,000 test images from {@code directory}. */
    public static DataSplit load(Path directory) {
        List<String> missing = new ArrayList<>();
        for (String name : TRAIN_FILES) if (!Files.isRegularFile(directory.resolve(name))) missing.add(name);
        if (!Files.isRegularFile(directory.resolve(TEST_FILE))) missing.add(TEST_FILE);
        if (!missing.isEmpty()) {
            throw InvalidInputException.forField("directory", "CIFAR-10 is not in " + directory + " (missing " + String.join(", ", missing)
                    + "): download the binary version (cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html,"
                    + " unpack it and point {directory} at the folder holding data_batch_1.bin .. test_batch.bin");
        }
        List<Path> train = TRAIN_FILES.stream().map(directory::resolve).toList();
        return new DataSplit(read(train, "cifar10 train"), read(List.of(directory.resolve(TEST_FILE)), "cifar10 test"));
    }

    /** The records of {@code files}, in order, as one data set. */
    static Dataset read(List<Path> files, String name) {
        long records = 0;
        for (Path file : files) records += records(file);
        if (records * IMAGE_SIZE > Integer.MAX_VALUE) throw new InvalidInputException(name + ": more than 2^31 - 1 pixel values");
        HeapBudget.require(4L * records * IMAGE_SIZE, "the " + records + " images of " + name + " as float32");
        float[] pixels = new float[(int) records * IMAGE_SIZE];
        float[] labels = new float[(int) records];
        int row = 0;
        for (Path file : files) {
            byte[] bytes = readAll(file);
            for (int r = 0; r < bytes.length / RECORD; r++, row++) {
                int label = bytes[r * RECORD] & 0xFF;
                if (label >= CLASSES) {
                    throw new InvalidInputException(file + ": record " + r + " has label " + label + ", outside 0.." + (CLASSES - 1)
                            + "; is this the CIFAR-10 binary version (not CIFAR-100 or the Python pickles)?");
                }
                labels[row] = label;
                for (int i = 0; i < IMAGE_SIZE; i++) pixels[row * IMAGE_SIZE + i] = (bytes[r * RECORD + 1 + i] & 0xFF) / 255f;
            }
        }
        return new Dataset(name, new Matrix((int) records, IMAGE_SIZE, pixels), new Matrix((int) records, 1, labels), CLASSES);
    }

    private static long records(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
        if (size % RECORD != 0) {
            throw new InvalidInputException(file + " has " + size + " bytes, not a whole number of " + RECORD
                    + "-byte CIFAR-10 records (1 label byte, 3072 pixel bytes); download the binary version again");
        }
        return size / RECORD;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
