package org.netgeom.report;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers only ever see the old content or the complete new one: the
 * bytes go to a temporary file in the target's folder, are flushed to disk, and the temporary
 * file is renamed over the target. A crash mid-write leaves at most a stray ".tmp" file.
 *
 * <p>Stand-in for {@code org.netgeom.data.AtomicFiles} until that class is on this branch;
 * at merge, report's callers switch to it and this class goes away.
 */
final class AtomicWrite {

    /** Produces a file's content; may throw IOException. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrite() {}

    /** Writes {@code target} atomically from {@code body}, creating missing parent folders. */
    static void write(Path target, Body body) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            Path candidate = folder.resolve(temporaryName(absolute));
            // CREATE_NEW rather than Files.createTempFile: the result gets the umask's usual
            // permissions instead of owner-only ones, and a name clash fails instead of sharing.
            try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW)) {
                temporary = candidate;
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.writeTo(new FilterOutputStream(out) {
                    // Writers such as Jackson close the stream they are given; the channel must
                    // stay open until its bytes are forced to disk.
                    @Override public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                    }

                    @Override public void close() throws IOException { out.flush(); }
                });
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(temporary, absolute);
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + describe(e), e);
        } finally {
            if (temporary != null) deleteQuietly(temporary);
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    private static String temporaryName(Path target) {
        return "." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().threadId() + "-" + System.nanoTime() + ".tmp";
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.getParent()
                    + " cannot rename atomically; write the output to a local folder", e);
        }
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The original failure is the one worth reporting; a stray temp file is harmless.
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
