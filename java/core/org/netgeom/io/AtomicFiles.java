package org.netgeom.io;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.netgeom.tensor.InvalidInputException;

/**
 * Writes files so that a reader sees either the old content or the complete new one, never a
 * half-written file: the bytes go to a temporary file in the target's folder, are forced to
 * disk, and the temporary file is renamed over the target. On any failure the temporary file
 * is deleted and the old target, if any, is left as it was. Every netgeom writer goes through
 * here (npy, safetensors, CSV, JSON, PNG).
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_NAME_IN_TEMPORARY = 200;
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.(\\d{1,18})-\\d+-\\d+\\.tmp");

    private AtomicFiles() {}

    /**
     * Writes {@code target} from what {@code body} writes to the stream it is given, creating
     * missing parent folders. The body must not close the stream (closing is harmless: it only
     * flushes). Throws {@link UncheckedIOException} naming the file when writing fails; an
     * exception from the body propagates as it is.
     */
    public static void write(Path target, IoConsumer<OutputStream> body) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new InvalidInputException(target + " is a folder, not a file: give the name of the file to write");
        }
        Path folder = absolute.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            Path candidate = folder.resolve(temporaryName(absolute));
            // CREATE_NEW rather than Files.createTempFile: the file gets the umask's usual
            // permissions instead of owner-only ones, and a name clash fails instead of sharing.
            try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW)) {
                temporary = candidate;
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                body.accept(new FlushOnClose(buffered));
                buffered.flush();
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

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Makes {@code target} hold {@code source}'s bytes atomically: a hard link when both lie on one
     * file system (no bytes copied, no space used; merged shards share their files this way), else a
     * copy. The source is never changed; a target that exists is replaced.
     */
    public static void linkOrCopy(Path source, Path target) {
        Path absolute = target.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(absolute.getParent());
            temporary = absolute.getParent().resolve(temporaryName(absolute));
            try {
                Files.createLink(temporary, source);
            } catch (UnsupportedOperationException | IOException noLink) {
                Files.copy(source, temporary, StandardCopyOption.COPY_ATTRIBUTES);
            }
            moveIntoPlace(temporary, absolute);
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link or copy " + source + " to " + target + ": " + describe(e), e);
        } finally {
            if (temporary != null) deleteQuietly(temporary);
        }
    }

    /** True for the names {@link #write} gives its temporary files: {@code .NAME.PID-THREAD-NANOS.tmp}. */
    public static boolean isTemporaryName(String name) {
        return TEMPORARY.matcher(name).matches();
    }

    /**
     * Deletes the temporary files that writers killed mid-write left anywhere under
     * {@code folder}: those of this naming whose process is no longer alive, and those bearing
     * this process's own pid (reused from a dead run). Call it only when nothing of this process
     * is writing there, as when a run has just taken the folder's lock; then a {@code kill -9}
     * leaves no stray files behind for long.
     */
    public static void removeStaleTemporaries(Path folder) {
        if (!Files.isDirectory(folder)) return;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = TEMPORARY.matcher(file.getFileName().toString());
                if (m.matches() && !isAlive(Long.parseLong(m.group(1)))) Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + folder + " of temporary files: " + describe(e), e);
        }
    }

    private static boolean isAlive(long pid) {
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String temporaryName(Path target) {
        // The suffix adds up to ~45 characters; a long name is cut so the temporary name stays
        // within the usual 255-byte limit (the name is only for people: the rename gives the real one).
        String name = target.getFileName().toString();
        if (name.length() > MAX_NAME_IN_TEMPORARY) name = name.substring(0, MAX_NAME_IN_TEMPORARY);
        return "." + name + "." + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId() + "-"
                + System.nanoTime() + ".tmp";
    }

    /**
     * Deletes the temporary files of dead processes beside one file target ({@code predict
     * --out x.npy} and other single-file outputs): those whose name starts with the target's.
     */
    public static void removeStaleTemporariesOf(Path target) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) return;
        String name = absolute.getFileName().toString();
        String prefix = "." + (name.length() > MAX_NAME_IN_TEMPORARY ? name.substring(0, MAX_NAME_IN_TEMPORARY) : name) + ".";
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String candidate = file.getFileName().toString();
                Matcher m = TEMPORARY.matcher(candidate);
                if (candidate.startsWith(prefix) && m.matches() && !isAlive(Long.parseLong(m.group(1)))) Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + folder + " of temporary files: " + describe(e), e);
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some network and FUSE file systems cannot rename atomically; a plain replace
            // still never leaves a truncated target, only a short window without one.
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The original failure is the one worth reporting; a stray temporary file is harmless.
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    /**
     * Writers such as Jackson's close the stream they are given; the channel must stay open
     * until its bytes are forced to disk, so close only flushes.
     */
    private static final class FlushOnClose extends FilterOutputStream {
        FlushOnClose(OutputStream out) { super(out); }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException { out.flush(); }
    }
}
