package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.netgeom.data.Messages.assertMessageContains;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

/** A wrong path is bad input (exit 2), whatever the operating system says is wrong with it. */
class DataFilesTest {
    @TempDir Path folder;

    /** Found by fuzzing the prediction-set index: the name came from index.csv. */
    @Test
    void aNameTooLongForTheFileSystemIsBadInput() {
        Path file = folder.resolve("b".repeat(300) + ".npy");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(file)), "cannot be opened",
                "File name too long", "check the path");
    }

    @Test
    void aLinkLoopIsBadInput() throws IOException {
        Path first = folder.resolve("first.npy"), second = folder.resolve("second.npy");
        Files.createSymbolicLink(first, second);
        Files.createSymbolicLink(second, first);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(first)), "first.npy",
                "cannot be opened", "symbolic links");
    }

    @Test
    void aDeviceIsRefusedInsteadOfReadForever() {
        assertMessageContains(assertThrows(InvalidInputException.class, () -> SafeTensors.read(Path.of("/dev/zero"))),
                "/dev/zero", "not a regular file");
    }
}
