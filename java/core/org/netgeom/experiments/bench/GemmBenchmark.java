package org.netgeom.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.DeviceTiming;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.MemoryScope;

/**
 * Square float32 GEMM throughput in TFLOP/s, per size: each product timed alone by the host
 * clock (synchronize before and after), then a stream of products (see {@link #queuedTflops}),
 * and, on a backend with a device clock ({@link DeviceTiming}), each product by device events.
 * Four operand sets are used in turn, so repeated products are not timed on a warm cache alone.
 */
public final class GemmBenchmark {
    /** Products timed back to back in one round of the queued measurement. */
    private static final int QUEUED_PRODUCTS = 50;

    public record Settings(int[] sizes, int repeats) {
        public Settings {
            if (sizes.length == 0) throw new InvalidInputException("sizes needs at least one matrix size");
            for (int size : sizes) if (size < 1) throw new InvalidInputException("sizes must be >= 1, got " + size);
            BenchmarkSummary.requireRepetitions(repeats);
            sizes = sizes.clone();
        }
    }

    private GemmBenchmark() {}

    /**
     * One summary per size (extras: size, median_queued_tflops and, with a device clock,
     * median_event_tflops); {@code onSize} hears each as it is done.
     */
    public static List<BenchmarkSummary> run(Settings settings, Backend backend, Consumer<? super BenchmarkSummary> onSize) {
        List<BenchmarkSummary> summaries = new ArrayList<>();
        for (int size : settings.sizes()) {
            try (MemoryScope scope = new MemoryScope(backend)) {
                List<DeviceMatrix[]> sets = new ArrayList<>();
                for (int s = 0; s < 4; s++) {
                    DeviceMatrix a = scope.allocate(size, size), b = scope.allocate(size, size);
                    backend.fillNormal(a, 1, 2L * s, 0f, 1f);
                    backend.fillNormal(b, 1, 2L * s + 1, 0f, 1f);
                    sets.add(new DeviceMatrix[] {a, b});
                }
                DeviceMatrix c = scope.allocate(size, size);
                List<Double> tflops = new ArrayList<>();
                for (int r = -2; r < settings.repeats(); r++) { // two warm-up products
                    DeviceMatrix[] set = sets.get(Math.floorMod(r, 4));
                    backend.synchronize();
                    long start = System.nanoTime();
                    backend.gemm(false, false, 1f, set[0], set[1], 0f, c);
                    backend.synchronize();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (r >= 0) tflops.add(flops(size) / seconds / 1e12);
                }
                BenchmarkSummary summary = BenchmarkSummary.of("sgemm " + size, backend, tflops, "TFLOP/s")
                        .with("size", size).with("median_queued_tflops", queuedTflops(backend, sets, c, size));
                if (backend instanceof DeviceTiming timing) {
                    summary = summary.with("median_event_tflops", eventTflops(timing, backend, sets, c, size));
                }
                summaries.add(summary);
                onSize.accept(summary);
            }
        }
        return summaries;
    }

    /**
     * Throughput of a stream of products: 50 issued back to back, then one synchronize (host
     * clock), median of 10 rounds; the host's cost per call overlaps the device's work, as in a
     * training step. bench/pytorch/sgemm.py times torch.matmul the same way ("queued").
     */
    static double queuedTflops(Backend backend, List<DeviceMatrix[]> sets, DeviceMatrix c, int size) {
        List<Double> tflops = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            backend.synchronize();
            long start = System.nanoTime();
            for (int r = 0; r < QUEUED_PRODUCTS; r++) {
                DeviceMatrix[] set = sets.get(r % sets.size());
                backend.gemm(false, false, 1f, set[0], set[1], 0f, c);
            }
            backend.synchronize();
            tflops.add(QUEUED_PRODUCTS * flops(size) / ((System.nanoTime() - start) / 1e9) / 1e12);
        }
        return BenchmarkSummary.median(tflops);
    }

    /** Device time alone (events around each product), to separate kernel time from host overhead: median of 20. */
    static double eventTflops(DeviceTiming timing, Backend backend, List<DeviceMatrix[]> sets, DeviceMatrix c, int size) {
        List<Double> tflops = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            DeviceMatrix[] set = sets.get(r % sets.size());
            double millis = timing.deviceMillis(() -> backend.gemm(false, false, 1f, set[0], set[1], 0f, c));
            tflops.add(flops(size) / (millis / 1e3) / 1e12);
        }
        return BenchmarkSummary.median(tflops);
    }

    private static double flops(int size) { return 2.0 * size * size * (double) size; }
}
