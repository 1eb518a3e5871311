package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

/** The CIFAR-10 binary reader on small files written here in that format (the real files are not packaged). */
class Cifar10Test {
    @TempDir Path dir;

    /** Record r of file f: label (f + r) % 10, pixel i = (f * 31 + r * 7 + i) % 256. */
    private void writeBatch(String name, int file, int records) throws IOException {
        byte[] bytes = new byte[records * 3073];
        for (int r = 0; r < records; r++) {
            bytes[r * 3073] = (byte) ((file + r) % 10);
            for (int i = 0; i < 3072; i++) bytes[r * 3073 + 1 + i] = (byte) ((file * 31 + r * 7 + i) % 256);
        }
        Files.write(dir.resolve(name), bytes);
    }

    private void writeAll() throws IOException {
        for (int f = 1; f <= 5; f++) writeBatch("data_batch_" + f + ".bin", f, 2);
        writeBatch("test_batch.bin", 0, 3);
    }

    @Test
    void recordsBecomeNchwRowsInFileOrderScaledToOne() throws IOException {
        writeAll();
        DataSplit split = DataSets.load(DataSpec.cifar10(), DataOptions.defaults().withDirectory(dir));
        assertEquals(10, split.train().size());
        assertEquals(3, split.test().size());
        assertEquals(3072, split.train().inputDim());
        // training row 5 is record 1 of data_batch_3: label (3 + 1) % 10, pixel i = (93 + 7 + i) % 256
        assertEquals(4, split.train().label(5));
        assertEquals(100 / 255f, split.train().inputs().get(5, 0), 0f);
        // channel 2 (blue), row 31, column 31 is the last value of the record
        assertEquals(((93 + 7 + 3071) % 256) / 255f, split.train().inputs().get(5, 2 * 1024 + 31 * 32 + 31), 0f);
        assertEquals(2, split.test().label(2));
    }

    @Test
    void missingFilesNameThemAndWhereToGetThem() throws IOException {
        writeBatch("data_batch_1.bin", 1, 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DataSets.load(DataSpec.cifar10(), DataOptions.defaults().withDirectory(dir)));
        assertTrue(e.getMessage().contains("data_batch_2.bin") && e.getMessage().contains("test_batch.bin")
                && e.getMessage().contains("cs.toronto.edu"), e.getMessage());
    }

    @Test
    void aTruncatedFileOrAForeignLabelIsRefused() throws IOException {
        writeAll();
        Files.write(dir.resolve("test_batch.bin"), new byte[3073 * 2 + 5]);
        InvalidInputException truncated = assertThrows(InvalidInputException.class,
                () -> DataSets.load(DataSpec.cifar10(), DataOptions.defaults().withDirectory(dir)));
        assertTrue(truncated.getMessage().contains("not a whole number"), truncated.getMessage());
        byte[] record = new byte[3073];
        record[0] = 42;
        Files.write(dir.resolve("test_batch.bin"), record);
        InvalidInputException label = assertThrows(InvalidInputException.class,
                () -> DataSets.load(DataSpec.cifar10(), DataOptions.defaults().withDirectory(dir)));
        assertTrue(label.getMessage().contains("label 42"), label.getMessage());
    }
}
