package org.netgeom.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.netgeom.tensor.InvalidInputException;

/**
 * The CPU's worker threads, the one pool of the CPU backend, the float64 solves and the BMD
 * estimate's point drawing: {@link #run} executes part 0 on the calling thread and parts 1.. on
 * up to threads - 1 daemon workers, started on first use and stopped by {@link #close()}. So with
 * n threads n parts run at once, and nothing is shared with the common ForkJoinPool (whose other
 * users would take cores mid-product). More parts than threads queue for the workers.
 */
public final class Parallel implements AutoCloseable {
    private final int threads;
    private final String threadNamePrefix;
    private ExecutorService executor;
    private boolean closed;

    private Parallel(int threads, String threadNamePrefix) {
        if (threads < 1) throw new InvalidInputException("the number of CPU threads must be at least 1, got " + threads);
        this.threads = threads;
        this.threadNamePrefix = threadNamePrefix;
    }

    /** Up to {@code threads} parts at once (at least 1), on threads named netgeom-parallel-*. */
    public static Parallel ofThreads(int threads) {
        return ofThreads(threads, "netgeom-parallel");
    }

    /** Up to {@code threads} parts at once (at least 1), on threads named {@code threadNamePrefix}-POOL-N. */
    public static Parallel ofThreads(int threads, String threadNamePrefix) {
        return new Parallel(threads, threadNamePrefix);
    }

    /** One part per available core. */
    public static Parallel ofAvailableCores() {
        return ofThreads(Runtime.getRuntime().availableProcessors());
    }

    /** How many parts {@link #run} executes at once (the number of cores used). */
    public int threads() { return threads; }

    /**
     * Runs part(0) .. part(parts - 1), part 0 on the caller, and returns when every part has
     * finished, failed or not (parts write caller-owned arrays). The first failure is rethrown,
     * with the other parts' failures suppressed in it.
     */
    public void run(int parts, IntConsumer part) {
        if (parts <= 1 || threads == 1) {
            for (int i = 0; i < parts; i++) part.accept(i);
            return;
        }
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        ExecutorService pool = executor();
        for (int i = 1; i < parts; i++) {
            int index = i;
            pending.add(pool.submit(() -> part.accept(index)));
        }
        Throwable failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> future : pending) {
            Throwable partFailure = await(future);
            if (partFailure == null) continue;
            if (failure == null) failure = partFailure; else failure.addSuppressed(partFailure);
        }
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException("a CPU worker thread failed", failure);
    }

    /**
     * Splits [0, count) into at most {@link #threads()} contiguous ranges and runs body(from, to) on
     * each; below {@code minimumPerPart} elements per part it stays on the calling thread.
     */
    public void forRange(long count, long minimumPerPart, RangeBody body) {
        int parts = (int) Math.max(1, Math.min(threads, count / Math.max(1, minimumPerPart)));
        if (parts == 1) {
            body.run(0, count);
            return;
        }
        run(parts, part -> body.run(count * part / parts, count * (part + 1) / parts));
    }

    /** A loop body over the element range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(long from, long to);
    }

    /** Waits for a part (even through interrupts: parts write caller-owned arrays) and returns its failure. */
    private static Throwable await(Future<?> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    future.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private synchronized ExecutorService executor() {
        if (closed) throw new IllegalStateException("these CPU worker threads were closed; open a new pool (or backend)");
        if (executor == null) {
            String pool = Integer.toHexString(System.identityHashCode(this));
            AtomicInteger threadNumber = new AtomicInteger();
            executor = Executors.newFixedThreadPool(threads - 1, runnable -> {
                Thread thread = new Thread(runnable, threadNamePrefix + "-" + pool + "-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return executor;
    }

    /**
     * Stops the workers once their queued parts are done; afterwards {@link #run} fails with an
     * IllegalStateException when it would need a worker.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }
}
