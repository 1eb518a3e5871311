package org.netgeom.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.netgeom.tensor.InvalidInputException;

/** Reading input files whole, with errors that name the file and say what to do. */
final class DataFiles {
    /** Java arrays stop just short of 2^31 elements. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private DataFiles() {}

    /** The bytes of {@code file}; a missing or unreadable file is an {@link InvalidInputException}. */
    static byte[] readAllBytes(Path file, String what) {
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(what + " " + file + " is a directory, not a file");
            }
            // A device or a pipe (/dev/zero, /dev/stdin) has no size to check and may never end.
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new InvalidInputException(what + " " + file + " is not a regular file (a device or a pipe?)");
            }
            long size = Files.size(file);
            if (size > MAX_ARRAY_BYTES) {
                throw new InvalidInputException(what + " " + file + " has " + size
                        + " bytes; netgeom reads files of at most " + MAX_ARRAY_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(what + " " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(what + " " + file + " cannot be read: permission denied", e);
        } catch (FileSystemException e) {
            // The path itself is wrong: a name too long, a file where a folder should be, a link loop.
            throw new InvalidInputException(what + " " + file + " cannot be opened: " + e.getReason()
                    + "; check the path", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code bytes} start with the gzip magic number 1f 8b. */
    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B;
    }

    /** Product of {@code dims} as a long, or -1 when it overflows. */
    static long product(long[] dims) {
        long product = 1;
        for (long d : dims) {
            if (d != 0 && product > Long.MAX_VALUE / d) return -1;
            product *= d;
        }
        return product;
    }
}
