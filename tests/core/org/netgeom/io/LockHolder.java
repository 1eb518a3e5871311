package org.netgeom.io;

import java.nio.file.Path;

/** A second process for the lock tests: takes the lock on args[0], says so, and waits to be killed. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws InterruptedException {
        FolderLock lock = FolderLock.acquire(Path.of(args[0]));
        System.out.println("locked " + lock.folder());
        System.out.flush();
        Thread.sleep(120_000);
    }

    /** Starts a JVM running {@link #main} on {@code folder} and returns once it holds the lock. */
    public static Process start(Path folder) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                folder.toString()).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
        if (line == null || !line.startsWith("locked")) {
            process.destroyForcibly();
            throw new IllegalStateException("the lock holder did not start: " + line);
        }
        return process;
    }
}
