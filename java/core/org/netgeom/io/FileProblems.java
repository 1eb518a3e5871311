package org.netgeom.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.netgeom.tensor.InvalidInputException;

/** Turns file-system errors a user can fix (permissions, a read-only or full disk, a bad name) into one clear line. */
final class FileProblems {
    private FileProblems() {}

    /**
     * An {@link InvalidInputException} for errors the user can act on (the file system refused
     * the path: permissions, read-only, no space, a name too long), with the system's reason;
     * other I/O errors stay failures ({@link UncheckedIOException}).
     */
    static RuntimeException asInput(String what, IOException e) {
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason()
                    : e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
            return new InvalidInputException(what + ": " + reason + " (" + fs.getFile() + ")", e);
        }
        return new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
}
