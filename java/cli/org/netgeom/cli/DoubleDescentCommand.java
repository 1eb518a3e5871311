package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.InputBinarization;
import org.netgeom.data.InputExpansion;
import org.netgeom.experiments.DoubleDescent;
import org.netgeom.experiments.LambdaSweep;
import org.netgeom.experiments.TwinPeaks;
import org.netgeom.experiments.WidthGrid;
import org.netgeom.io.OutputFolder;
import org.netgeom.nn.Loss;
import org.netgeom.nn.RidgePenaltySearch;
import org.netgeom.io.ProgressMode;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;

@Command(name = "double-descent", mixinStandardHelpOptions = true,
        description = "Width sweep: test error and BMD against p/n (twin peaks); DIR/results.csv (resumable) and DIR/twin_peaks.png.")
final class DoubleDescentCommand implements Callable<Integer>, ShardedSweep {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin ShardArguments sharding = new ShardArguments();

    @Option(names = "--model", defaultValue = "rf", description = "rf (random features, ridge) or mlp (one hidden layer, gradient descent) (default: ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--widths", split = ",", description = "Widths p to sweep, e.g. 40,200,400,800.")
    List<Integer> widths;
    @Option(names = "--width-ratio", description = "min:max:count: a log grid of p/n that always contains 1, e.g. 0.1:10:25.")
    String widthRatio;
    @Option(names = "--lambda", defaultValue = "1e-6", description = "Ridge penalty, or 'optimal' (best on the validation set, see --lambda-criterion);"
            + " a comma-separated list (e.g. 1e-6,1e-4,1e-3,1e-2,1e-1,optimal) sweeps the penalty: one width sweep each, twin_peaks.png"
            + " with every penalty's curves and bmd_peaks.png, the BMD peak's height and location against lambda (default: ${DEFAULT-VALUE}).")
    String lambda;
    @Option(names = "--lambda-criterion", defaultValue = "mse",
            description = "What the optimal lambda minimizes on the validation set: mse or error (classification error) (default: ${DEFAULT-VALUE}).")
    String lambdaCriterion;
    @Option(names = "--validation-size", defaultValue = "200", description = "Extra training examples held out to choose the optimal lambda (default: ${DEFAULT-VALUE}).")
    int validationSize;
    @Option(names = "--activation", defaultValue = "erf", description = "Feature / hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;
    @Option(names = "--samples", defaultValue = "1000", description = "Monte Carlo BMD points (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--distribution", defaultValue = "uniform", description = "BMD inputs: uniform, gaussian or data (default: ${DEFAULT-VALUE}).")
    String distribution;
    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per width (default: ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--seed", defaultValue = "1", description = "First seed; data are drawn with it (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--init", defaultValue = "standard", description = "MLP start: standard or adversarial (default: ${DEFAULT-VALUE}).")
    String init;
    @Option(names = "--epochs", defaultValue = "20", description = "MLP training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--adversarial-epochs", defaultValue = "20", description = "Epochs on random labels before training (default: ${DEFAULT-VALUE}).")
    int adversarialEpochs;
    @Option(names = "--lr", defaultValue = "1e-3", description = "MLP Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;
    @Option(names = "--batch", defaultValue = "64", description = "MLP mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--binarize", description = "Map pixels in [0, 1] to +-1 (threshold 0.5) for training, test and BMD points:"
            + " the boolean cube on which the BMD is a mean dimension.")
    boolean binarize;
    @Option(names = "--label-noise", defaultValue = "0", paramLabel = "F", description = "Probability that a training label is replaced"
            + " by another class, uniformly (class data; the same as --noise on fashion-mnist) (default: ${DEFAULT-VALUE}).")
    double labelNoise;
    @Option(names = "--save-models", description = "Also write every fitted model to DIR/models/ (width-W-seed-S.safetensors; random"
            + " features under lambda-MODE/), with its seed, start and binarization, e.g. for robustness-study.")
    boolean saveModels;
    @Option(names = "--out", required = true, description = "Folder for results.csv and twin_peaks.png; re-runs skip finished rows.")
    Path out;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--json", description = "Print one JSON object with where each curve peaks.")
    boolean json;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        started = Instant.now();
        DoubleDescent.ModelKind kind = switch (model.trim().toLowerCase()) {
            case "rf" -> DoubleDescent.ModelKind.RF;
            case "mlp" -> DoubleDescent.ModelKind.MLP;
            default -> throw new InvalidInputException("--model must be rf or mlp, got " + model);
        };
        List<Double> penalties = DoubleDescent.parseLambdas(lambda);
        boolean adversarial = switch (init.trim().toLowerCase()) {
            case "standard" -> false;
            case "adversarial" -> true;
            default -> throw new InvalidInputException("--init must be standard or adversarial, got " + init);
        };
        if (data.trainSize == null) throw new InvalidInputException("double-descent needs --train-size n (the n of p/n)");
        if (saveModels && sharding.devices != null) {
            throw new InvalidInputException("--save-models writes the models into each shard's folder, which merge does not collect:"
                    + " drop --devices (or --save-models) to keep the models of an unsharded sweep");
        }
        Integer onDevices = sharding.runOnDevices(spec);
        if (onDevices != null) return onDevices;
        try (OutputFolder folder = openOut()) {
            return run(kind, penalties, adversarial, folder.path());
        }
    }

    @Override
    public void checkWholeOut() { openOut().close(); }

    /** OUT (or this shard's folder in it) opened as this command writes it. */
    private OutputFolder openOut() {
        return OutputFolders.resuming(spec, sharding.folder(out), overwrite, sharding.resultEntries(DoubleDescent.RESULT_ENTRIES),
                sharding.derivedSettings(), java.util.Set.of());
    }

    @Override
    public boolean readsDefaultFashionMnist() { return data.readsDefaultFashionMnist(); }

    private int run(DoubleDescent.ModelKind kind, List<Double> penalties, boolean adversarial, Path out) {
        RidgePenaltySearch.Criterion criterion = RidgePenaltySearch.Criterion.parse(lambdaCriterion);
        boolean needsValidation = kind == DoubleDescent.ModelKind.RF && penalties.contains(null);
        if (needsValidation && validationSize < 1) throw new InvalidInputException("--lambda optimal needs --validation-size >= 1");
        DataSpec dataSpec = data.spec();
        DataOptions dataOptions = labelNoise(data.options(seed));
        if (binarize) InputBinarization.requireCompatible(data.standardize, InputExpansion.none());
        FashionMnistInstaller.installIfNeeded(dataSpec, data.directory, spec.commandLine().getErr());
        DoubleDescent.SweepData sweepData = DoubleDescent.SweepData.load(dataSpec, dataOptions, needsValidation ? validationSize : 0);
        if (labelNoise > 0 && !sweepData.split().train().isClassification()) {
            throw new InvalidInputException("--label-noise flips class labels, but '" + sweepData.split().train().name()
                    + "' is a regression task; use --noise for a teacher's output noise");
        }
        if (binarize) sweepData = sweepData.binarized();
        DataSplit split = sweepData.split();
        Loss loss = split.train().isClassification() ? Loss.CROSS_ENTROPY : Loss.SQUARED_ERROR;
        TrainConfig training = new TrainConfig(epochs, batch, seed, loss, OptimizerConfig.adam(learningRate, 0f),
                LearningRateSchedule.constant(), Integer.MAX_VALUE);
        DoubleDescent.Settings settings = new DoubleDescent.Settings(kind, grid(split.train().size()), penalties.getFirst(), criterion,
                Activation.parse(activation), distribution, samples, seeds, seed, adversarial, training, adversarialEpochs,
                ProgressMode.parse(progress), figures.figures(), saveModels);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            if (penalties.size() > 1) return lambdaSweep(settings, penalties, compute, sweepData, out);
            DoubleDescent.Outcome outcome = DoubleDescent.run(settings, compute, sweepData, out, sharding.shard());
            if (sharding.finish(spec, this.out, out, DoubleDescent.itemIds(settings))) return 0;
            if (json) {
                CommandJson.print(spec, outcome.toMap(), compute, started);
            } else {
                TwinPeaks.Summary summary = outcome.summary();
                TwinPeaks.Peak error = summary.testErrorPeak(), bmd = summary.bmdPeak();
                System.out.printf("test error peaks at p = %d (p/n %.3g, %.4f); BMD peaks at p = %d (p/n %.3g, %.3f); p = n is %d%n",
                        error.width(), error.ratio(), error.value(), bmd.width(), bmd.ratio(), bmd.value(), summary.interpolationWidth());
            }
            return 0;
        }
    }

    private int lambdaSweep(DoubleDescent.Settings settings, List<Double> penalties, Backend compute, DoubleDescent.SweepData sweepData,
                            Path out) {
        LambdaSweep.Outcome outcome = LambdaSweep.run(settings, penalties, compute, sweepData, out, sharding.shard());
        if (sharding.finish(spec, this.out, out, LambdaSweep.itemIds(settings, penalties))) return 0;
        if (json) {
            CommandJson.print(spec, outcome.toMap(), compute, started);
        } else {
            for (LambdaSweep.Point p : outcome.points()) {
                TwinPeaks.Summary summary = p.summary();
                TwinPeaks.Peak bmd = summary.bmdPeak();
                System.out.printf("lambda %-10s BMD peak %.3f at p = %d (p/n %.3g, p/d %.3g; %.1f standard errors above both ends)"
                        + "  test error %s%n", p.lambdaMode(), bmd.value(), bmd.width(), bmd.ratio(),
                        (double) bmd.width() / outcome.inputDim(), summary.bmdPeakMargin(),
                        summary.testErrorFallsMonotonically() ? "monotone" : "peaks at p/n " + String.format("%.3g", summary.testErrorPeak().ratio()));
            }
        }
        return 0;
    }

    /** --label-noise as the data's training-label flip probability; --noise means the same on class data, so give one. */
    private DataOptions labelNoise(DataOptions options) {
        if (labelNoise == 0) return options;
        if (!(labelNoise > 0 && labelNoise <= 1)) throw new InvalidInputException("--label-noise must be a probability in [0, 1], got " + labelNoise);
        if (data.noise != 0) {
            throw new InvalidInputException("--label-noise and --noise both flip training labels: give one of them");
        }
        return options.withNoise(labelNoise);
    }

    private int[] grid(int n) {
        if ((widths == null) == (widthRatio == null)) {
            throw new InvalidInputException("give exactly one of --widths p1,p2,... and --width-ratio min:max:count");
        }
        return widths != null ? WidthGrid.fromList(widths) : WidthGrid.fromRatios(widthRatio, n);
    }
}
