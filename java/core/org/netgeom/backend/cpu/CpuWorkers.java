package org.netgeom.backend.cpu;

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
 * The CPU backend's own worker threads: one per core beyond the caller's, daemon, started on
 * first use and stopped by {@link #close()}. A parallel call runs part 0 on the calling thread
 * and parts 1.. on the workers, so with n cores n parts run at once and nothing is shared with
 * the common ForkJoinPool (whose other users would steal our cores mid-GEMM).
 */
final class CpuWorkers implements AutoCloseable {
    private final int parallelism;
    private ExecutorService executor;
    private boolean closed;

    CpuWorkers(int parallelism) {
        if (parallelism < 1) {
            throw new InvalidInputException("the CPU backend needs at least 1 thread, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** How many parts {@link #run} executes at once (the number of cores used). */
    int parallelism() { return parallelism; }

    /** Runs part(0) .. part(parts - 1), part 0 on the caller; returns when all are done, rethrowing the first failure. */
    void run(int parts, IntConsumer part) {
        if (parts <= 1) {
            if (parts == 1) part.accept(0);
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
        if (failure != null) throw new IllegalStateException("a CPU worker failed", failure);
    }

    /**
     * Splits [0, count) into at most {@link #parallelism()} contiguous ranges and runs
     * body(from, to) on each; below {@code minimumPerPart} elements per part it stays on one thread.
     */
    void forRange(long count, long minimumPerPart, RangeBody body) {
        int parts = (int) Math.max(1, Math.min(parallelism, count / Math.max(1, minimumPerPart)));
        if (parts == 1) {
            body.run(0, count);
            return;
        }
        run(parts, part -> body.run(count * part / parts, count * (part + 1) / parts));
    }

    /** A loop body over the element range [from, to). */
    @FunctionalInterface
    interface RangeBody {
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
        if (closed) throw new IllegalStateException("the CPU backend was closed; open a new one");
        if (executor == null) {
            String pool = Integer.toHexString(System.identityHashCode(this));
            AtomicInteger threadNumber = new AtomicInteger();
            executor = Executors.newFixedThreadPool(parallelism - 1, runnable -> {
                Thread thread = new Thread(runnable, "netgeom-cpu-" + pool + "-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return executor;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }
}
