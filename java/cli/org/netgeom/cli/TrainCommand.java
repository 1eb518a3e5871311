package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataSplit;
import org.netgeom.data.InputBinarization;
import org.netgeom.data.InputExpansion;
import org.netgeom.experiments.KernelWarmUp;
import org.netgeom.experiments.TrainingRun;
import org.netgeom.io.OutputFolder;
import org.netgeom.nn.Loss;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.io.ProgressMode;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an MLP or random-features model; write model.safetensors, metrics.csv, run.json, loss.png.")
final class TrainCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin ModelArguments modelArguments = new ModelArguments();
    @Mixin OptimizationArguments optimization = new OptimizationArguments();

    @Option(names = "--loss", description = "cross-entropy or mse (default: cross-entropy for classes, mse for regression and ridge).")
    String loss;
    @Option(names = "--fit", description = "gd or ridge (default: ridge for rf:P, gd for MLPs).")
    String fit;
    @Option(names = "--lambda", defaultValue = "1e-6", description = "Ridge penalty (default: ${DEFAULT-VALUE}).")
    double lambda;
    @Option(names = "--ridge-precision", defaultValue = "float64", description = "float64 (host, accurate near p = n) or float32 (backend GEMM) (default: ${DEFAULT-VALUE}).")
    String ridgePrecision;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialization, shuffling and data (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--binarize", description = "Map pixels in [0, 1] to +-1 (threshold 0.5) before training; recorded in the model file,"
            + " so predict, eval, bmd and robustness binarize their data the same way.")
    boolean binarize;
    @Option(names = "--out", description = "Output folder for model.safetensors, metrics.csv, run.json, loss.png.")
    Path out;
    @Option(names = "--json", description = "Print one JSON object with the results on stdout.")
    boolean json;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        started = Instant.now();
        // Staged inside --out and moved in at the end (a failed or killed run leaves the old
        // results as they were); the folder is locked from the start.
        try (OutputFolder folder = out == null ? null : OutputFolders.replacing(spec, out, TrainingRun.RESULT_ENTRIES)) {
            return run(folder);
        }
    }

    private int run(OutputFolder folder) {
        ModelSpec modelSpec = modelArguments.spec();
        boolean randomFeatures = modelSpec instanceof ModelSpec.RandomFeaturesSpec;
        TrainingRun.Fit fitKind = parseFit(randomFeatures);
        InputExpansion expansion = modelArguments.expansion();
        if (binarize) InputBinarization.requireCompatible(data.standardize, expansion);
        RidgeRegression.Precision precision = switch (ridgePrecision.toLowerCase()) {
            case "float64" -> RidgeRegression.Precision.FLOAT64;
            case "float32" -> RidgeRegression.Precision.FLOAT32;
            default -> throw new InvalidInputException("--ridge-precision must be float64 or float32, got " + ridgePrecision);
        };
        Loss requestedLoss = loss == null ? null : Loss.parse(loss); // bad input is refused before the backend opens
        Backends.Choice choice = Backends.open(backend.options());
        DataSplit split;
        try (KernelWarmUp warmUp = fitKind == TrainingRun.Fit.GRADIENT_DESCENT
                ? KernelWarmUp.forCpu(choice.backend().name(), modelSpec, optimization.config(seed, Loss.CROSS_ENTROPY))
                : KernelWarmUp.none()) {
            DataSplit loaded = data.load(seed, spec.commandLine().getErr());
            split = expansion.apply(binarize ? InputBinarization.standard().apply(loaded) : loaded);
        } catch (RuntimeException e) {
            choice.backend().close();
            throw e;
        }
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try {
            Map<String, String> inputMetadata = new LinkedHashMap<>(expansion.toMetadata());
            if (binarize) inputMetadata.putAll(InputBinarization.standard().toMetadata());
            Loss lossKind = requestedLoss != null ? requestedLoss
                    : (fitKind == TrainingRun.Fit.RIDGE || split.train().classes() == 0 ? Loss.SQUARED_ERROR : Loss.CROSS_ENTROPY);
            TrainConfig trainConfig = optimization.config(seed, lossKind);
            TrainingRun.Settings settings = new TrainingRun.Settings(modelSpec, trainConfig, fitKind, lambda, precision,
                    ProgressMode.parse(progress), figures.figures(), Invocation.config(spec), Invocation.words(spec),
                    inputMetadata);
            TrainingRun.Outcome outcome = TrainingRun.run(settings, choice.backend(), split,
                    folder == null ? null : folder.path());
            if (folder != null) folder.commit();
            if (json) {
                CommandJson.print(spec, outcome.toMap(), choice.backend(), started);
            } else {
                System.out.printf("test accuracy %.4f  test loss %.4f  train loss %.4f  %.0f samples/s  %.1f s (%s)%n",
                        outcome.testAccuracy(), outcome.testLoss(), outcome.trainLoss(), outcome.samplesPerSecond(),
                        outcome.seconds(), outcome.backend());
            }
            return 0;
        } finally {
            choice.backend().close();
        }
    }

    private TrainingRun.Fit parseFit(boolean randomFeatures) {
        if (fit == null) return randomFeatures ? TrainingRun.Fit.RIDGE : TrainingRun.Fit.GRADIENT_DESCENT;
        return switch (fit.toLowerCase()) {
            case "gd" -> TrainingRun.Fit.GRADIENT_DESCENT;
            case "ridge" -> {
                if (!randomFeatures) throw new InvalidInputException("--fit ridge needs a random-features model (--model rf:P)");
                yield TrainingRun.Fit.RIDGE;
            }
            default -> throw new InvalidInputException("--fit must be gd or ridge, got " + fit);
        };
    }

}
