package org.netgeom.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir Path folder;

    @Test
    void writesTheBodyAndCreatesMissingFolders() throws IOException {
        Path target = folder.resolve("a/b/out.txt");
        AtomicWrite.writeString(target, "hello\n");
        assertEquals("hello\n", Files.readString(target));
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path target = folder.resolve("out.txt");
        Files.writeString(target, "a much longer old content than the new one");
        AtomicWrite.writeString(target, "new");
        assertEquals("new", Files.readString(target));
    }

    @Test
    void aFailingBodyLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = folder.resolve("out.txt");
        Files.writeString(target, "old");
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> AtomicWrite.write(target, out -> {
            out.write("half of the new cont".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(failure.getMessage().contains(target.toString()), failure.getMessage());
        assertTrue(failure.getMessage().contains("disk full"), failure.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listFolder());
    }

    @Test
    void aBodyThatClosesItsStreamStillGetsWritten() throws IOException {
        Path target = folder.resolve("closed.bin");
        byte[] bytes = {1, 2, 3, 4, 5};
        AtomicWrite.write(target, out -> {
            out.write(bytes);
            out.close();
        });
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertEquals(List.of(target), listFolder());
    }

    private List<Path> listFolder() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
