package org.netgeom.cli;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import org.netgeom.backend.Backends;
import org.netgeom.backend.cuda.CudaApi;
import org.netgeom.backend.cuda.CudaBackend;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.BooleanMeanDimension;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.BarrierRun;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.RandomFeatures;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.io.JsonOutput;
import org.netgeom.star.BarrierCurve;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;
import org.netgeom.trajectory.BhattacharyyaDistances;
import org.netgeom.trajectory.PredictionSet;

/** Throughput benchmarks; each repetition prints one JSON line, then a summary with min/median/max. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: training throughput, GEMM, BMD estimation, ridge fit, barrier curve and weight matching, distance matrix.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Gemm.class, BenchCommand.Bmd.class, BenchCommand.Ridge.class,
                BenchCommand.Barrier.class, BenchCommand.Distance.class})
final class BenchCommand {

    static Map<String, Object> summary(String benchmark, Backend backend, List<Double> values, String unit) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", benchmark);
        m.put("backend", backend.name());
        m.put("device", backend.deviceDescription());
        m.put("unit", unit);
        m.put("min", sorted[0]);
        m.put("median", sorted[sorted.length / 2]);
        m.put("max", sorted[sorted.length - 1]);
        m.put("repetitions", sorted.length);
        return m;
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "MLP training samples/s: Adam, data resident on the backend, synthetic Fashion-MNIST-shaped data.")
    static final class Train implements Callable<Integer> {
        @Mixin BackendArguments backend = new BackendArguments();
        @Option(names = "--model", defaultValue = "784-256-10") String model;
        @Option(names = "--activation", defaultValue = "relu") String activation;
        @Option(names = "--batch", defaultValue = "128") int batch;
        @Option(names = "--steps", defaultValue = "300", description = "Timed steps per repetition (default: ${DEFAULT-VALUE}).") int steps;
        @Option(names = "--repetitions", defaultValue = "3") int repetitions;
        @Option(names = "--seed", defaultValue = "1") long seed;

        @Override
        public Integer call() {
            Architecture architecture = Architecture.parse(model);
            DataSplit data = DataSets.load("teacher:mlp", DataOptions.defaults().withInputDim(architecture.inputDim())
                    .withTeacherClasses(architecture.outputDim()).withTrainSize(steps * batch).withTestSize(1).withSeed(seed));
            TrainConfig config = new TrainConfig(1, batch, seed, Loss.CROSS_ENTROPY, OptimizerConfig.adam(1e-3f, 0f),
                    LearningRateSchedule.constant(), Integer.MAX_VALUE);
            Backends.Choice choice = Backends.open(backend.options());
            try (Backend compute = choice.backend()) {
                List<Double> rates = new ArrayList<>();
                for (int rep = -1; rep < repetitions; rep++) { // repetition -1 warms up
                    try (Mlp mlp = new Mlp(compute, architecture, Activation.parse(activation)).initialize(Initialization.PYTORCH, seed)) {
                        TrainingResult result = new Trainer(config, List.of()).train(mlp, data.train(), null);
                        if (rep < 0) continue;
                        rates.add(result.samplesPerSecond());
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("framework", "netgeom");
                        line.put("model", model);
                        line.put("batch", batch);
                        line.put("repetition", rep);
                        line.put("samples_per_second", result.samplesPerSecond());
                        JsonOutput.printLine(System.out, line);
                    }
                }
                Map<String, Object> summary = summary("train " + model + " batch " + batch, compute, rates, "samples/s");
                summary.put("binding", choice.backend().bindingName());
                JsonOutput.printLine(System.out, summary);
            }
            return 0;
        }
    }

    /** Device time alone (CUDA events around each product), to separate kernel time from host overhead. */
    /**
     * Throughput of a stream of products: 50 issued back to back, then one synchronize (host
     * clock), median of 10 rounds; the host's cost per call overlaps the device's work, as in a
     * training step. bench/pytorch/sgemm.py times torch.matmul the same way ("queued").
     */
    static double queuedTflops(Backend compute, List<DeviceMatrix[]> sets, DeviceMatrix c, int size) {
        List<Double> tflops = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            compute.synchronize();
            long start = System.nanoTime();
            for (int r = 0; r < 50; r++) {
                DeviceMatrix[] set = sets.get(r % sets.size());
                compute.gemm(false, false, 1f, set[0], set[1], 0f, c);
            }
            compute.synchronize();
            tflops.add(50 * 2.0 * size * size * (double) size / ((System.nanoTime() - start) / 1e9) / 1e12);
        }
        return tflops.stream().mapToDouble(Double::doubleValue).sorted().toArray()[tflops.size() / 2];
    }

    static double eventTflops(CudaBackend cuda, List<DeviceMatrix[]> sets, DeviceMatrix c, int size) {
        CudaApi api = cuda.api();
        long start = api.createEvent(), end = api.createEvent();
        try {
            List<Double> tflops = new ArrayList<>();
            for (int r = 0; r < 20; r++) {
                DeviceMatrix[] set = sets.get(r % sets.size());
                api.recordEvent(start);
                cuda.gemm(false, false, 1f, set[0], set[1], 0f, c);
                api.recordEvent(end);
                tflops.add(2.0 * size * size * (double) size / (api.elapsedMillis(start, end) / 1e3) / 1e12);
            }
            return tflops.stream().mapToDouble(Double::doubleValue).sorted().toArray()[tflops.size() / 2];
        } finally {
            api.destroyEvent(start);
            api.destroyEvent(end);
        }
    }

    @Command(name = "gemm", mixinStandardHelpOptions = true, description = "Square float32 GEMM throughput (TF32 off unless --tf32).")
    static final class Gemm implements Callable<Integer> {
        @Mixin BackendArguments backend = new BackendArguments();
        @Option(names = "--sizes", defaultValue = "1024,4096", split = ",") int[] sizes;
        @Option(names = "--repeats", defaultValue = "20") int repeats;

        @Override
        public Integer call() {
            Backends.Choice choice = Backends.open(backend.options());
            try (Backend compute = choice.backend()) {
                for (int size : sizes) {
                    try (MemoryScope scope = new MemoryScope(compute)) {
                        // Four operand sets in turn, so repeated products are not timed on a warm cache alone.
                        List<DeviceMatrix[]> sets = new ArrayList<>();
                        for (int s = 0; s < 4; s++) {
                            DeviceMatrix a = scope.allocate(size, size), b = scope.allocate(size, size);
                            compute.fillNormal(a, 1, 2L * s, 0f, 1f);
                            compute.fillNormal(b, 1, 2L * s + 1, 0f, 1f);
                            sets.add(new DeviceMatrix[] {a, b});
                        }
                        DeviceMatrix c = scope.allocate(size, size);
                        List<Double> tflops = new ArrayList<>();
                        for (int r = -2; r < repeats; r++) {
                            DeviceMatrix[] set = sets.get(Math.floorMod(r, 4));
                            compute.synchronize();
                            long start = System.nanoTime();
                            compute.gemm(false, false, 1f, set[0], set[1], 0f, c);
                            compute.synchronize();
                            double seconds = (System.nanoTime() - start) / 1e9;
                            if (r >= 0) tflops.add(2.0 * size * size * (double) size / seconds / 1e12);
                        }
                        Map<String, Object> summary = summary("sgemm " + size, compute, tflops, "TFLOP/s");
                        summary.put("size", size);
                        summary.put("median_queued_tflops", queuedTflops(compute, sets, c, size));
                        if (compute instanceof CudaBackend cuda) summary.put("median_event_tflops", eventTflops(cuda, sets, c, size));
                        JsonOutput.printLine(System.out, summary);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "bmd", mixinStandardHelpOptions = true,
            description = "Monte Carlo BMD throughput: bit flips per second through an MLP (PyTorch init, uniform +-1 points).")
    static final class Bmd implements Callable<Integer> {
        @Mixin BackendArguments backend = new BackendArguments();
        @Option(names = "--model", defaultValue = "784-256-10") String model;
        @Option(names = "--samples", defaultValue = "1000", description = "Points per repetition (default: ${DEFAULT-VALUE}).") int samples;
        @Option(names = "--rows-per-call", defaultValue = "8192", description = "Rows per model call (default: ${DEFAULT-VALUE}).") int rowsPerCall;
        @Option(names = "--repetitions", defaultValue = "3") int repetitions;
        @Option(names = "--seed", defaultValue = "1") long seed;

        @Override
        public Integer call() {
            Architecture architecture = Architecture.parse(model);
            int d = architecture.inputDim();
            BmdSettings settings = BmdSettings.of(new InputDistribution.Uniform(), samples, seed).withRowsPerCall(rowsPerCall);
            Backends.Choice choice = Backends.open(backend.options());
            try (Backend compute = choice.backend();
                 Mlp mlp = new Mlp(compute, architecture, Activation.RELU).initialize(Initialization.PYTORCH, seed)) {
                List<Double> rates = new ArrayList<>();
                for (int rep = -1; rep < repetitions; rep++) { // repetition -1 warms up
                    long start = System.nanoTime();
                    BmdResult result = BooleanMeanDimension.monteCarlo(mlp, settings);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (rep < 0) continue;
                    double flipsPerSecond = (double) samples * d / seconds;
                    rates.add(flipsPerSecond);
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("model", model);
                    line.put("samples", samples);
                    line.put("repetition", rep);
                    line.put("seconds", seconds);
                    line.put("flips_per_second", flipsPerSecond);
                    line.put("bmd", result.bmd());
                    JsonOutput.printLine(System.out, line);
                }
                Map<String, Object> summary = summary("bmd " + model + " " + samples + " points", compute, rates, "flips/s");
                summary.put("binding", choice.backend().bindingName());
                summary.put("rows_per_call", rowsPerCall);
                JsonOutput.printLine(System.out, summary);
            }
            return 0;
        }
    }

    @Command(name = "ridge", mixinStandardHelpOptions = true,
            description = "Random-features ridge fit time (features, Gram matrix, Cholesky, solve) on a sign teacher, as bench/pytorch/ridge.py times it.")
    static final class Ridge implements Callable<Integer> {
        @Mixin BackendArguments backend = new BackendArguments();
        @Option(names = "--features", defaultValue = "4000", description = "p (default: ${DEFAULT-VALUE}).") int features;
        @Option(names = "--samples", defaultValue = "4000", description = "n (default: ${DEFAULT-VALUE}).") int samples;
        @Option(names = "--input-dim", defaultValue = "100", description = "d (default: ${DEFAULT-VALUE}).") int inputDim;
        @Option(names = "--lambda", defaultValue = "1e-6") double lambda;
        @Option(names = "--precision", defaultValue = "float64", description = "float64 or float32 Gram matrix (default: ${DEFAULT-VALUE}).") String precision;
        @Option(names = "--repetitions", defaultValue = "3") int repetitions;
        @Option(names = "--seed", defaultValue = "1") long seed;

        @Override
        public Integer call() {
            RidgeRegression.Precision gramPrecision = switch (precision.trim().toLowerCase(Locale.ROOT)) {
                case "float64" -> RidgeRegression.Precision.FLOAT64;
                case "float32" -> RidgeRegression.Precision.FLOAT32;
                default -> throw new InvalidInputException("--precision must be float64 or float32, got " + precision);
            };
            DataSplit data = DataSets.load("teacher:sign", DataOptions.defaults().withInputDim(inputDim).withTrainSize(samples)
                    .withTestSize(1).withSeed(seed));
            Backends.Choice choice = Backends.open(backend.options());
            try (Backend compute = choice.backend();
                 RandomFeatures model = new RandomFeatures(compute, inputDim, features, 1, Activation.ERF, seed);
                 MemoryScope scope = new MemoryScope(compute)) {
                DeviceMatrix inputs = scope.upload(data.train().inputs());
                Matrix targets = Loss.SQUARED_ERROR.encodeTargets(data.train().targets(), data.train().classes(), 1);
                List<Double> times = new ArrayList<>();
                for (int rep = -1; rep < repetitions; rep++) { // repetition -1 warms up
                    long start = System.nanoTime();
                    RidgeRegression.fit(model, inputs, targets, lambda, gramPrecision);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (rep < 0) continue;
                    times.add(seconds);
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("n", samples);
                    line.put("p", features);
                    line.put("precision", precision);
                    line.put("repetition", rep);
                    line.put("seconds", seconds);
                    JsonOutput.printLine(System.out, line);
                }
                JsonOutput.printLine(System.out, summary("ridge n=" + samples + " p=" + features + " " + precision, compute, times, "s"));
            }
            return 0;
        }
    }

    @Command(name = "barrier", mixinStandardHelpOptions = true,
            description = "Barrier curve and weight matching times, as `netgeom barrier --align weights` computes them, after one "
                    + "warm-up run in the same process (bench/pytorch/barrier.py times PyTorch + scipy the same way).")
    static final class Barrier implements Callable<Integer> {
        @Mixin DataArguments data = new DataArguments();
        @Mixin BackendArguments backend = new BackendArguments();
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--a", required = true, description = "First model (.safetensors written by netgeom).") Path a;
        @Option(names = "--b", required = true, description = "Second model, same architecture.") Path b;
        @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE}).") String split;
        @Option(names = "--points", defaultValue = "21", description = "t values on the curve (default: ${DEFAULT-VALUE}).") int points;
        @Option(names = "--repetitions", defaultValue = "3") int repetitions;
        @Option(names = "--seed", defaultValue = "1") long seed;

        @Override
        public Integer call() {
            BarrierCurve.requirePointCount(points);
            Dataset dataset = ModelFiles.matchInputs(a, data.loadSplit(seed, spec.commandLine().getErr(), split));
            Backends.Choice choice = Backends.open(backend.options());
            try (Backend compute = choice.backend()) {
                List<Double> curve = new ArrayList<>(), align = new ArrayList<>();
                for (int rep = -1; rep < repetitions; rep++) { // repetition -1 warms up
                    BarrierRun.Outcome outcome = BarrierRun.run(compute, a, b, dataset, split, points, true, seed);
                    if (rep < 0) continue;
                    curve.add(outcome.curveSeconds());
                    align.add(outcome.alignSeconds());
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("repetition", rep);
                    line.put("curve_seconds", outcome.curveSeconds());
                    line.put("align_seconds", outcome.alignSeconds());
                    line.put("barrier_loss", outcome.curve().barrierLoss());
                    JsonOutput.printLine(System.out, line);
                }
                String shape = points + " points x " + dataset.size() + " rows";
                JsonOutput.printLine(System.out, summary("barrier curve " + shape, compute, curve, "s"));
                JsonOutput.printLine(System.out, summary("weight matching", compute, align, "s"));
            }
            return 0;
        }
    }

    @Command(name = "distance", mixinStandardHelpOptions = true,
            description = "Bhattacharyya distance matrix time, from predictions in host memory to the K x K matrix in host memory "
                    + "(upload, kernel, download), after one warm-up run in the same process.")
    static final class Distance implements Callable<Integer> {
        @Mixin PredictionArguments input = new PredictionArguments();
        @Mixin BackendArguments backend = new BackendArguments();
        @Option(names = "--repetitions", defaultValue = "3") int repetitions;

        @Override
        public Integer call() {
            PredictionSet set = input.read();
            Backends.Choice choice = Backends.open(backend.options());
            try (Backend compute = choice.backend()) {
                BhattacharyyaDistances distances = new BhattacharyyaDistances(compute);
                List<Double> seconds = new ArrayList<>();
                for (int rep = -1; rep < repetitions; rep++) { // repetition -1 warms up
                    long start = System.nanoTime();
                    double[][] d = distances.pairwise(set);
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    if (rep < 0) continue;
                    seconds.add(elapsed);
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("repetition", rep);
                    line.put("seconds_from_host", elapsed);
                    line.put("distance_0_1", d.length > 1 ? d[0][1] : 0.0); // a value to compare between runs
                    JsonOutput.printLine(System.out, line);
                }
                Map<String, Object> summary = summary("distance matrix " + set.size() + " points x " + set.samples() + " samples x "
                        + set.classes() + " classes", compute, seconds, "s");
                JsonOutput.printLine(System.out, summary);
            }
            return 0;
        }
    }
}
