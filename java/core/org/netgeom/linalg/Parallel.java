package org.netgeom.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Threads for one computation (a float64 solve, a BMD estimate's point drawing): part 0 runs on
 * the caller, parts 1.. on daemon threads that {@link #close()} stops. The computation takes
 * milliseconds to seconds, so starting threads per computation costs nothing measurable and
 * leaves no pool behind (and none shared with the common ForkJoinPool, whose other users would
 * take cores mid-product).
 */
public final class Parallel implements AutoCloseable {
    private final int threads;
    private ExecutorService executor;

    private Parallel(int threads) {
        this.threads = threads;
    }

    /** Up to {@code threads} parts at once (at least 1). */
    public static Parallel ofThreads(int threads) {
        return new Parallel(Math.max(1, threads));
    }

    /** One part per available core. */
    public static Parallel ofAvailableCores() {
        return ofThreads(Runtime.getRuntime().availableProcessors());
    }

    public int threads() { return threads; }

    /** Runs part(0) .. part(parts - 1) with at most {@link #threads()} at once; rethrows the first failure. */
    public void run(int parts, IntConsumer part) {
        if (parts <= 1 || threads == 1) {
            for (int i = 0; i < parts; i++) part.accept(i);
            return;
        }
        if (executor == null) {
            executor = Executors.newFixedThreadPool(threads - 1, runnable -> {
                Thread thread = new Thread(runnable, "netgeom-parallel");
                thread.setDaemon(true);
                return thread;
            });
        }
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int i = 1; i < parts; i++) {
            int index = i;
            pending.add(executor.submit(() -> part.accept(index)));
        }
        RuntimeException failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) failure = cause; else failure.addSuppressed(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a linear-algebra thread", e);
            }
        }
        if (failure != null) throw failure;
    }

    @Override
    public void close() {
        if (executor != null) executor.shutdownNow();
    }
}
