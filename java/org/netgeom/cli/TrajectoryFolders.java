package org.netgeom.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netgeom.tensor.InvalidInputException;

/** Output folders of the trajectory commands. */
final class TrajectoryFolders {
    private TrajectoryFolders() {}

    static Path create(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create output folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
