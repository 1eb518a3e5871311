package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

class IdxTest {
    @TempDir Path folder;

    private static final byte[] VALUES = {0, 1, 2, (byte) 200, (byte) 255, 7, 8, 9, 10, 11, 12, 13};

    private InvalidInputException readFails(byte[] content) throws IOException {
        Path file = folder.resolve("bad-idx");
        Files.write(file, content);
        return assertThrows(InvalidInputException.class, () -> Idx.read(file, "pixels"));
    }

    private static void assertMessageContains(Throwable e, String... parts) {
        for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
    }

    @Test
    void readsARawFile() throws IOException {
        Path file = Files.write(folder.resolve("raw"), IdxFixtures.idx(new int[] {3, 2, 2}, VALUES));
        Idx.IdxArray array = Idx.read(file);
        assertArrayEquals(new int[] {3, 2, 2}, array.dims());
        assertArrayEquals(VALUES, array.values());
        assertTrue(array.unsigned(3) == 200 && array.unsigned(4) == 255);
    }

    @Test
    void readsAGzipFileWhateverItsName() throws IOException {
        Path file = Files.write(folder.resolve("no-gz-suffix"), IdxFixtures.gzip(IdxFixtures.idx(new int[] {12}, VALUES)));
        Idx.IdxArray array = Idx.read(file);
        assertArrayEquals(new int[] {12}, array.dims());
        assertArrayEquals(VALUES, array.values());
    }

    @Test
    void aBadMagicNumberIsReported() throws IOException {
        byte[] content = IdxFixtures.idx(new int[] {12}, VALUES);
        content[1] = 0x12;
        assertMessageContains(readFails(content), "bad-idx", "bad magic", "0x00 0x12");
    }

    @Test
    void anUnsupportedTypeIsReported() throws IOException {
        byte[] content = IdxFixtures.idx(new int[] {3}, VALUES);
        content[2] = 0x0D;
        assertMessageContains(readFails(content), "bad-idx", "0x0d", "0x08");
    }

    @Test
    void truncatedPixelsAreReportedWithHeaderAndFileSizes() throws IOException {
        byte[] content = Arrays.copyOf(IdxFixtures.idx(new int[] {3, 2, 2}, VALUES), 16 + 5);
        assertMessageContains(readFails(content), "bad-idx", "truncated: header says 3x2x2 = 12 bytes of pixels",
                "file has 5");
    }

    @Test
    void aTruncatedHeaderIsReported() throws IOException {
        byte[] content = Arrays.copyOf(IdxFixtures.idx(new int[] {3, 2, 2}, VALUES), 9);
        assertMessageContains(readFails(content), "truncated", "3 dimensions");
        assertMessageContains(readFails(new byte[] {0, 0}), "truncated", "2 bytes");
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        byte[] content = IdxFixtures.idx(new int[] {11}, VALUES);
        assertMessageContains(readFails(content), "11 bytes of pixels", "1 more");
    }

    @Test
    void aTruncatedGzipStreamIsReported() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.idx(new int[] {12}, VALUES));
        assertMessageContains(readFails(Arrays.copyOf(gz, gz.length - 10)), "bad-idx", "gzip");
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = folder.resolve("nowhere.idx");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Idx.read(missing)), "nowhere.idx",
                "does not exist");
    }
}
