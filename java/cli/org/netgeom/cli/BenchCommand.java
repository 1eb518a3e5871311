package org.netgeom.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.bench.BarrierBenchmark;
import org.netgeom.experiments.bench.BmdBenchmark;
import org.netgeom.experiments.bench.DistanceBenchmark;
import org.netgeom.experiments.bench.GemmBenchmark;
import org.netgeom.experiments.bench.RidgeBenchmark;
import org.netgeom.experiments.bench.TrainBenchmark;
import org.netgeom.io.JsonOutput;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * Throughput benchmarks (org.netgeom.experiments.bench); each timed repetition prints one JSON
 * line as it ends, then a summary with min/median/max.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: training throughput, GEMM, BMD estimation, ridge fit, barrier curve and weight matching, distance matrix.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Gemm.class, BenchCommand.Bmd.class, BenchCommand.Ridge.class,
                BenchCommand.Barrier.class, BenchCommand.Distance.class})
final class BenchCommand {

    private static void print(java.util.Map<String, Object> line) { JsonOutput.printLine(System.out, line); }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training samples/s of an MLP or a convolutional network: Adam, data resident on the backend, synthetic"
                    + " Fashion-MNIST-shaped data.")
    static final class Train implements Callable<Integer> {
        @Mixin BackendArguments backend = new BackendArguments();
        @Option(names = "--model", defaultValue = "784-256-10",
                description = "MLP widths, or a network (layer list or named, see netgeom describe) (default: ${DEFAULT-VALUE}).") String model;
        @Option(names = "--input-shape", paramLabel = "CxHxW", description = "A network's input image (default 1x28x28).") String inputShape;
        @Option(names = "--activation", defaultValue = "relu") String activation;
        @Option(names = "--batch", defaultValue = "128") int batch;
        @Option(names = "--steps", defaultValue = "300", description = "Timed steps per repetition (default: ${DEFAULT-VALUE}).") int steps;
        @Option(names = "--repetitions", defaultValue = "3") int repetitions;
        @Option(names = "--seed", defaultValue = "1") long seed;

        @Override
        public Integer call() {
            TrainBenchmark.Settings settings = new TrainBenchmark.Settings(model, inputShape == null ? null : ImageShape.parse(inputShape),
                    Activation.parse(activation), batch, steps, repetitions, seed);
            try (Backend compute = Backends.open(backend.options()).backend()) {
                print(TrainBenchmark.run(settings, compute, repetition -> print(repetition.toMap())).summary().toMap());
            }
            return 0;
        }
    }

    @Command(name = "gemm", mixinStandardHelpOptions = true, description = "Square float32 GEMM throughput (TF32 off unless --tf32).")
    static final class Gemm implements Callable<Integer> {
        @Mixin BackendArguments backend = new BackendArguments();
        @Option(names = "--sizes", defaultValue = "1024,4096", split = ",") int[] sizes;
        @Option(names = "--repeats", defaultValue = "20") int repeats;

        @Override
        public Integer call() {
            GemmBenchmark.Settings settings = new GemmBenchmark.Settings(sizes, repeats);
            try (Backend compute = Backends.open(backend.options()).backend()) {
                GemmBenchmark.run(settings, compute, summary -> print(summary.toMap()));
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
            BmdBenchmark.Settings settings = new BmdBenchmark.Settings(Architecture.parse(model), samples, rowsPerCall, repetitions, seed);
            try (Backend compute = Backends.open(backend.options()).backend()) {
                print(BmdBenchmark.run(settings, compute, repetition -> print(repetition.toMap())).summary().toMap());
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
            RidgeBenchmark.Settings settings = new RidgeBenchmark.Settings(features, samples, inputDim, lambda, gramPrecision,
                    repetitions, seed);
            try (Backend compute = Backends.open(backend.options()).backend()) {
                print(RidgeBenchmark.run(settings, compute, repetition -> print(repetition.toMap())).summary().toMap());
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
            BarrierBenchmark.Settings settings = new BarrierBenchmark.Settings(a, b, split, points, repetitions, seed);
            Dataset dataset = ModelFiles.matchInputs(a, data.loadSplit(seed, spec.commandLine().getErr(), split));
            try (Backend compute = Backends.open(backend.options()).backend()) {
                BarrierBenchmark.Result result = BarrierBenchmark.run(settings, compute, dataset, repetition -> print(repetition.toMap()));
                print(result.curve().toMap());
                print(result.alignment().toMap());
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
            var set = input.read();
            try (Backend compute = Backends.open(backend.options()).backend()) {
                print(DistanceBenchmark.run(set, repetitions, compute, repetition -> print(repetition.toMap())).summary().toMap());
            }
            return 0;
        }
    }
}
