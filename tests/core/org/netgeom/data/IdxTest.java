package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.data.Messages.assertMessageContains;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.fuzz.ParserProperty;
import org.netgeom.tensor.InvalidInputException;

class IdxTest {
    @TempDir Path folder;

    private static final byte[] VALUES = {0, 1, 2, (byte) 200, (byte) 255, 7, 8, 9, 10, 11, 12, 13};

    private InvalidInputException readFails(byte[] content) throws IOException {
        Path file = folder.resolve("bad-idx");
        Files.write(file, content);
        return assertThrows(InvalidInputException.class, () -> Idx.read(file, "pixels"));
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

    /**
     * A gzip bomb in place of an images file: the header declares 10 images of 28 x 28, the
     * stream inflates to 256 MiB (concatenated gzip members of zeros, 300 KB on disk). The reader
     * stops one byte past what the header declared.
     */
    @Test
    void aGzipBombIsRefusedAfterReadingWhatItsHeaderDeclares() throws IOException {
        byte[] zeros = IdxFixtures.gzip(new byte[1 << 20]);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(IdxFixtures.gzip(IdxFixtures.idx(new int[] {10, 28, 28}, new byte[10 * 28 * 28])));
        for (int i = 0; i < 256; i++) bomb.write(zeros);
        Path file = Files.write(folder.resolve("bomb-images.gz"), bomb.toByteArray());
        long allocated = ParserProperty.allocatedBy(() -> assertMessageContains(
                assertThrows(InvalidInputException.class, () -> Idx.read(file, "pixels")),
                "bomb-images.gz", "10x28x28 = 7840 bytes of pixels", "more bytes follow"));
        assertTrue(allocated < 16 << 20, "reading the bomb allocated " + allocated + " bytes");
    }

    @Test
    void aGzipHeaderDeclaringMoreThanDeflateCanHoldIsRefusedBeforeInflating() throws IOException {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.idx(new int[] {60000, 28, 28}, new byte[100]));
        assertMessageContains(readFails(gz), "60000x28x28 = 47040000 bytes of pixels", "more than a " + gz.length
                + "-byte gzip file can hold");
    }

    @Test
    void dimensionsWhoseProductOverflowsAreRefused() throws IOException {
        byte[] content = IdxFixtures.idx(new int[] {65536, 65536, 65536}, new byte[0]);
        assertMessageContains(readFails(content), "65536x65536x65536", "more than 2147483639 values");
    }
}
