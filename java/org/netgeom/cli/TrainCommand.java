package org.netgeom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataSplit;
import org.netgeom.data.InputExpansion;
import org.netgeom.experiments.TrainingRun;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.report.JsonOutput;
import org.netgeom.report.ProgressMode;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an MLP or random-features model; write model.safetensors, metrics.csv, run.json, loss.png.")
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();

    @Option(names = "--model", defaultValue = "784-256-10", description = "MLP widths like 784-256-10, or rf:P for P random features (default: ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--activation", defaultValue = "relu", description = "identity, relu, tanh, erf or gelu; one, or one per hidden layer (comma-separated) (default: ${DEFAULT-VALUE}).")
    String activation;
    @Option(names = "--init", defaultValue = "pytorch", description = "pytorch, normal or zeros (default: ${DEFAULT-VALUE}).")
    String init;
    @Option(names = "--loss", description = "cross-entropy or mse (default: cross-entropy for classes, mse for regression and ridge).")
    String loss;
    @Option(names = "--fit", description = "gd or ridge (default: ridge for rf:P, gd for MLPs).")
    String fit;
    @Option(names = "--lambda", defaultValue = "1e-6", description = "Ridge penalty (default: ${DEFAULT-VALUE}).")
    double lambda;
    @Option(names = "--ridge-precision", defaultValue = "float64", description = "float64 (host, accurate near p = n) or float32 (backend GEMM) (default: ${DEFAULT-VALUE}).")
    String ridgePrecision;
    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;
    @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;
    @Option(names = "--nesterov", description = "Nesterov momentum (SGD).")
    boolean nesterov;
    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 (sgd, adam) or decoupled (adamw) weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;
    @Option(names = "--schedule", defaultValue = "constant", description = "constant, cosine or step:EPOCHS:GAMMA (default: ${DEFAULT-VALUE}).")
    String schedule;
    @Option(names = "--warmup", defaultValue = "0", description = "Linear warmup steps (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialization, shuffling and data (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--log-every", defaultValue = "100", description = "Read loss/accuracy back every N steps (default: ${DEFAULT-VALUE}).")
    int logEvery;
    @Option(names = "--dropout", defaultValue = "0", description = "Dropout rate after each hidden activation (default: ${DEFAULT-VALUE}).")
    float dropout;
    @Option(names = "--batch-norm", description = "Batch normalization before each hidden activation.")
    boolean batchNorm;
    @Option(names = "--expand-input", defaultValue = "1", description = "Input expansion factor K for square images: NK x NK with the original pixels at (iK, jK) (default: ${DEFAULT-VALUE}, none).")
    int expandInput;
    @Option(names = "--expand-value", defaultValue = "0.5", description = "Constant of the added pixels or dimensions (default: ${DEFAULT-VALUE}).")
    float expandValue;
    @Option(names = "--expand-dims", defaultValue = "0", description = "Constant dimensions appended to vector inputs (default: ${DEFAULT-VALUE}).")
    int expandDims;
    @Option(names = "--out", description = "Output folder for model.safetensors, metrics.csv, run.json, loss.png.")
    Path out;
    @Option(names = "--json", description = "Print one JSON object with the results on stdout.")
    boolean json;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        ModelSpec modelSpec = ModelSpec.parse(model, activation, Initialization.parse(init), new MlpOptions(dropout, batchNorm));
        boolean randomFeatures = modelSpec instanceof ModelSpec.RandomFeaturesSpec;
        TrainingRun.Fit fitKind = parseFit(randomFeatures);
        InputExpansion expansion = new InputExpansion(expandInput, expandValue, expandDims);
        DataSplit split = expansion.apply(data.load(seed, spec.commandLine().getErr()));
        Loss lossKind = loss != null ? Loss.parse(loss)
                : (fitKind == TrainingRun.Fit.RIDGE || split.train().classes() == 0 ? Loss.SQUARED_ERROR : Loss.CROSS_ENTROPY);
        OptimizerConfig optimizerConfig = new OptimizerConfig(OptimizerConfig.parseKind(optimizer), learningRate, momentum,
                nesterov, weightDecay, 0.9f, 0.999f, 1e-8f);
        TrainConfig trainConfig = new TrainConfig(epochs, batch, seed, lossKind, optimizerConfig,
                LearningRateSchedule.parse(schedule, warmup), logEvery);
        RidgeRegression.Precision precision = switch (ridgePrecision.toLowerCase()) {
            case "float64" -> RidgeRegression.Precision.FLOAT64;
            case "float32" -> RidgeRegression.Precision.FLOAT32;
            default -> throw new InvalidInputException("--ridge-precision must be float64 or float32, got " + ridgePrecision);
        };
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try {
            TrainingRun.Settings settings = new TrainingRun.Settings(modelSpec, trainConfig, fitKind, lambda, precision,
                    ProgressMode.parse(progress), config(), commandLineWords(), expansion.toMetadata());
            TrainingRun.Outcome outcome = TrainingRun.run(settings, choice.backend(), choice.binding(), split, out);
            if (json) {
                JsonOutput.printLine(System.out, outcome.toMap());
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

    /** Every option's value, as run.json's "config". */
    private Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            Object value = option.getValue();
            config.put(option.longestName().replaceFirst("^--", ""), value == null ? null : value.toString());
        }
        return config;
    }

    private List<String> commandLineWords() {
        List<String> words = new ArrayList<>(List.of("netgeom", "train"));
        words.addAll(Arrays.asList(spec.commandLine().getParseResult().originalArgs().toArray(new String[0])));
        return words;
    }
}
