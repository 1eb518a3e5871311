package org.netgeom.experiments;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.netgeom.backend.Backends;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Loss;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingCallback;
import org.netgeom.train.TrainingContext;

/**
 * Compiles the CPU backend's training kernels while the caller does something else (loads its
 * data): a daemon thread trains the same model on a private one-thread CPU backend, on a
 * few batches of synthetic data, until {@link #close()}. The JIT compiles the Vector API kernels
 * (GEMM tiles, packing, Adam, activations) only after they ran hot for a while, and until then they
 * run many times slower; on the 2-core development machine the first dozen steps of a 784-1024-1024-10
 * run took 1.8 s instead of 0.3 s (docs/BENCHMARKS.md, "The whole train command").
 *
 * <p>Results do not change: the warm-up shares no buffers, streams or threads with the run (its
 * own backend, model and data), and CPU results do not depend on the JIT tier
 * (docs/RELIABILITY.md, Determinism). It never fails the caller: an exception ends the warm-up
 * quietly. Only for the CPU backend; with CUDA the kernels are compiled ahead of time.
 */
public final class KernelWarmUp implements AutoCloseable {
    /** Rows per warm-up batch: small batches run the kernels more often per second, which is what the JIT counts. */
    private static final int WARM_BATCH = 64;
    /** Synthetic batches per warm-up epoch. */
    private static final int BATCHES = 2;
    /** At most this long, so a caller that never closes it does not train forever. */
    private static final long MAX_NANOS = 60_000_000_000L;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile Throwable failure;

    private KernelWarmUp(ModelSpec spec, TrainConfig config, int inputDim, int classes) {
        this.thread = spec == null ? null
                : Thread.ofPlatform().daemon().name("netgeom-warm-up").start(() -> train(spec, config, inputDim, classes));
    }

    /** A warm-up that does nothing (a backend other than the CPU, or a model whose input size is not known yet). */
    public static KernelWarmUp none() { return new KernelWarmUp(null, null, 0, 0); }

    /**
     * Starts training {@code spec} in the background on synthetic data of {@code inputDim} features
     * and {@code classes} classes with {@code config}'s optimizer.
     */
    public static KernelWarmUp start(ModelSpec spec, TrainConfig config, int inputDim, int classes) {
        if (inputDim <= 0 || classes <= 1) return none();
        return new KernelWarmUp(spec, config, inputDim, classes);
    }

    /**
     * The warm-up for {@code spec} when the CLI knows its input size before loading the data (an
     * MLP names it; a network with an input shape has it); otherwise {@link #none()}.
     */
    public static KernelWarmUp forCpu(String backendName, ModelSpec spec, TrainConfig config) {
        if (!"cpu".equals(backendName)) return none();
        return switch (spec) {
            case ModelSpec.MlpSpec mlp -> start(spec, config, mlp.architecture().inputDim(), mlp.architecture().outputDim());
            // Two classes: any network has at least two outputs, and a model may have more outputs than the data has classes.
            case ModelSpec.NetworkSpec network when network.inputShape() != null -> start(spec, config, network.inputShape().size(), 2);
            default -> none();
        };
    }

    /** What ended the warm-up when it failed (never thrown to the caller), or null. */
    public Throwable failure() { return failure; }

    /** Whether the warm-up thread is still training. */
    public boolean running() { return thread != null && thread.isAlive(); }

    private void train(ModelSpec spec, TrainConfig config, int inputDim, int classes) {
        int batch = Math.max(1, Math.min(config.batchSize(), WARM_BATCH));
        int rows = BATCHES * batch;
        TrainConfig warm = config.withEpochs(1_000_000).withLoss(Loss.CROSS_ENTROPY).withLogEverySteps(Integer.MAX_VALUE);
        Matrix inputs = new Matrix(rows, inputDim);
        Matrix labels = new Matrix(rows, 1);
        float[] x = inputs.data(), y = labels.data();
        Philox.fillUniform(x, 0, x.length, config.seed(), 0, 0f, 1f);
        for (int i = 0; i < rows; i++) y[i] = i % classes;
        Dataset data = new Dataset("warm-up", inputs, labels, classes);
        long deadline = System.nanoTime() + MAX_NANOS;
        TrainingCallback stopper = new TrainingCallback() {
            @Override public void afterStep(TrainingContext context) {
                if (stop.get() || System.nanoTime() - deadline > 0) throw new Stopped();
            }
        };
        try (Backend backend = Backends.cpu(1);
             TrainableModel model = spec.build(backend, inputDim, classes, config.seed())) {
            new Trainer(warm, List.of(stopper)).train(model, data, null);
        } catch (Stopped stopped) {
            // close() asked it to stop, or its minute was up
        } catch (Throwable failed) {
            // a warm-up only speeds the run up, which goes on without it; kept for failure()
            failure = failed;
        }
    }

    /** Stops the warm-up and waits for its thread (at most one training step). */
    @Override
    public void close() {
        stop.set(true);
        if (thread == null) return;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Stopped extends RuntimeException {
        Stopped() { super(null, null, false, false); }
    }
}
