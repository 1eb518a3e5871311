package org.netgeom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.netgeom.tensor.InvalidInputException;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path folder;

    @Test
    void writesTheTextAndCreatesMissingFolders() throws IOException {
        Path target = folder.resolve("a/b/out.txt");
        AtomicFiles.writeString(target, "grüße\n");
        assertEquals("grüße\n", Files.readString(target, StandardCharsets.UTF_8));
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path target = folder.resolve("out.txt");
        Files.writeString(target, "a much longer old content than the new one");
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), listFolder());
    }

    @Test
    void anIoFailureInTheBodyLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = folder.resolve("out.txt");
        Files.writeString(target, "old");
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of the new cont".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(failure.getMessage().contains(target.toString()), failure.getMessage());
        assertTrue(failure.getMessage().contains("disk full"), failure.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listFolder());
    }

    @Test
    void aRuntimeFailureInTheBodyPropagatesAndLeavesNoFile() throws IOException {
        Path target = folder.resolve("never.bin");
        IllegalStateException thrown = new IllegalStateException("bug in the writer");
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw thrown;
        }));
        assertSame(thrown, failure);
        assertEquals(List.of(), listFolder());
    }

    @Test
    void aBodyThatClosesItsStreamStillGetsWritten() throws IOException {
        Path target = folder.resolve("closed.bin");
        byte[] bytes = {1, 2, 3, 4, 5};
        AtomicFiles.write(target, out -> {
            out.write(bytes);
            out.close();
        });
        assertArrayEquals(bytes, Files.readAllBytes(target));
    }

    @Test
    void writesMoreThanOneBufferExactly() throws IOException {
        byte[] bytes = new byte[300_001];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31 + 7);
        Path target = folder.resolve("big.bin");
        AtomicFiles.writeBytes(target, bytes);
        assertArrayEquals(bytes, Files.readAllBytes(target));
    }

    @Test
    void aTargetThatIsAFolderFailsAndStaysAFolder() throws IOException {
        Path target = Files.createDirectory(folder.resolve("taken"));
        Files.writeString(target.resolve("inside.txt"), "keep");
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> AtomicFiles.writeString(target, "text"));
        assertTrue(failure.getMessage().contains(target + " is a folder"), failure.getMessage());
        assertTrue(Files.isDirectory(target));
        assertEquals("keep", Files.readString(target.resolve("inside.txt")));
        assertEquals(List.of(target), listFolder());
    }

    @Test
    void aNameNearTheFileSystemsLimitIsWritten() throws IOException {
        Path target = folder.resolve("n".repeat(240) + ".csv"); // 244 bytes: legal, but not with a 45-character suffix
        AtomicFiles.writeString(target, "rows\n");
        assertEquals("rows\n", Files.readString(target));
        assertEquals(List.of(target), listFolder(), "and no temporary file left");
    }

    @Test
    void staleTemporariesOfOneFileAreRemovedAndOthersKept() throws IOException {
        Path target = folder.resolve("p.npy");
        Path stale = Files.writeString(folder.resolve(".p.npy.999999999-1-2.tmp"), "half");
        Path otherTarget = Files.writeString(folder.resolve(".q.npy.999999999-1-2.tmp"), "half of another file");
        AtomicFiles.removeStaleTemporariesOf(target);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(otherTarget));
    }

    private List<Path> listFolder() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void linkOrCopyReplacesTheTargetWithTheSourceBytesAndLeavesTheSource() throws IOException {
        Path source = folder.resolve("a/run.json"), target = folder.resolve("b/deep/run.json");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "new");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");

        AtomicFiles.linkOrCopy(source, target);

        assertEquals("new", Files.readString(target));
        assertEquals("new", Files.readString(source));
        assertEquals(List.of(target), Files.list(target.getParent()).toList(), "no temporary file is left");
    }
}
