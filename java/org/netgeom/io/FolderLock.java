package org.netgeom.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.netgeom.tensor.InvalidInputException;

/**
 * An exclusive lock on an output folder for the whole of a run, so that two runs never write
 * into one folder at once. The lock is an operating-system lock ({@link FileChannel#tryLock})
 * on a hidden file beside the folder, {@code .NAME.lock}: beside rather than inside, because a
 * run that replaces its folder whole ({@link OutputFolder#replacing}) renames the folder, and
 * the lock must hold across that. The file keeps the holder's pid for the refusal message and
 * is left in place after the run (deleting it would let a waiting process lock a file that is
 * no longer the one others open). The kernel drops the lock when its process dies, so the lock
 * of a killed run is taken over by the next run without any check of pids.
 */
public final class FolderLock implements AutoCloseable {
    /** Folders locked by this JVM: the OS lock is per process, so a second lock here must be refused by hand. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code folder}: {@code .NAME.lock} in its parent. */
    public static Path lockFile(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        return absolute.resolveSibling("." + absolute.getFileName() + ".lock");
    }

    /**
     * Takes the lock on {@code folder} (which need not exist yet; its parent is created), or
     * refuses at once with an {@link InvalidInputException} naming the pid that holds it.
     */
    public static FolderLock acquire(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (absolute.getParent() == null) throw new InvalidInputException("--out cannot be the root folder " + absolute);
        Path file = lockFile(absolute);
        if (!HELD_HERE.add(absolute)) throw held(absolute, ProcessHandle.current().pid());
        FileChannel channel = null;
        try {
            Files.createDirectories(absolute.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) throw held(absolute, holderPid(channel));
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            FolderLock taken = new FolderLock(absolute, channel, lock);
            channel = null;
            return taken;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + folder + " (lock file " + file + "): " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                HELD_HERE.remove(absolute);
                closeQuietly(channel);
            }
        }
    }

    private static InvalidInputException held(Path folder, long pid) {
        String holder = pid > 0 ? "netgeom process " + pid : "another netgeom process";
        return new InvalidInputException(folder + " is being written by " + holder
                + ": wait for it to finish, or give this run another --out");
    }

    private static long holderPid(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The locked folder (absolute, normalized). */
    public Path folder() { return folder; }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        } finally {
            closeQuietly(channel);
            HELD_HERE.remove(folder);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing is left to release.
        }
    }
}
