package org.netgeom.io;

import java.io.IOException;
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
 * on {@value #LOCK_FILE} inside the folder, which keeps the holder's pid for the refusal
 * message and is left in place after the run (deleting it would let a waiting process lock a
 * file that is no longer the one others open). The kernel drops the lock when its process dies,
 * so the lock of a killed run is taken over by the next run without any check of pids. The
 * folder is named by its real path, so two spellings of one folder (a symbolic link, "..") share
 * one lock.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock file's name inside a locked folder. */
    public static final String LOCK_FILE = ".netgeom.lock";
    /**
     * Folders locked by this JVM. The operating system's lock belongs to the process, so a
     * second lock from this process must be refused here; process-wide state by nature.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code folder}. */
    public static Path lockFile(Path folder) { return folder.resolve(LOCK_FILE); }

    /**
     * Takes the lock on {@code folder}, creating the folder when it is missing, or refuses at
     * once with an {@link InvalidInputException} naming the pid that holds it.
     */
    public static FolderLock acquire(Path folder) {
        Path real = realFolder(folder);
        if (!HELD_HERE.add(real)) throw held(real, ProcessHandle.current().pid());
        FileChannel channel = null;
        boolean taken = false;
        try {
            channel = FileChannel.open(lockFile(real), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) throw held(real, holderPid(channel));
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            FolderLock result = new FolderLock(real, channel, lock);
            taken = true;
            return result;
        } catch (IOException e) {
            throw FileProblems.asInput("cannot lock the output folder " + folder, e);
        } finally {
            if (!taken) {
                HELD_HERE.remove(real);
                if (channel != null) closeQuietly(channel);
            }
        }
    }

    /** The folder's real path (links and ".." resolved), after creating it when it is missing. */
    static Path realFolder(Path folder) {
        try {
            return Files.createDirectories(folder.toAbsolutePath().normalize()).toRealPath();
        } catch (IOException e) {
            throw FileProblems.asInput("cannot create the output folder " + folder, e);
        }
    }

    private static InvalidInputException held(Path folder, long pid) {
        String holder = pid > 0 ? "netgeom process " + pid : "another netgeom process";
        return InvalidInputException.forField("folder", folder + " is being written by " + holder
                + ": wait for it to finish, or give this run another {folder}");
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

    /** The locked folder (its real path). */
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
