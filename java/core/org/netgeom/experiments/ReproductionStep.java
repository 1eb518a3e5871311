package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.io.CommandOptions;
import org.netgeom.io.JsonOutput;
import org.netgeom.io.OutputFolder;
import org.netgeom.nn.Loss;
import org.netgeom.nn.RidgePenaltySearch;
import org.netgeom.star.StarlightConfig;
import org.netgeom.star.TSampling;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.StepSchedule;
import org.netgeom.train.TrainConfig;

/**
 * One step of a reproduction ({@link Reproduction}): the work of one netgeom command, done by
 * calling the experiment's entry point with the settings that command computes from its command
 * line. A step also names that command line ({@link #arguments()}), which the report lists and
 * the stage markers record, and the options it stands for ({@link #options()}), which become the
 * "config" of its result files and the settings of its output folder exactly as the command's
 * parsed options would (the CLI's tests hold every planned step to that).
 *
 * <p>Every step's command takes {@code --shard I/N}: a step can also do one shard's items into
 * FOLDER/shards/I/ ({@link #runShard}) and bring the finished shards into its folder
 * ({@link #mergeShards}); {@link ReproductionShards} runs a whole plan that way.
 */
public sealed interface ReproductionStep {
    /** The equivalent netgeom command line without "netgeom": the command's name, then its options. */
    List<String> arguments();

    /** Every option of that command with the value this step uses, defaults included, in the command's order. */
    CommandOptions options();

    /** The folder the step's command writes into (its --out). */
    Path folder();

    /** The file, relative to the stage folder, that keeps the step's summary: what the command prints. */
    String summaryFile();

    /** What the step shares with the others: backend, progress, data folder, figure format. */
    Reproduction.Common common();

    /**
     * Does the step's work on {@code backend} in its output folder, which it opens as the
     * command would (locked; results of other settings refused), and returns its summary.
     */
    String run(Backend backend);

    /** The command as a user would type it. */
    default String commandLine() { return "netgeom " + String.join(" ", arguments()); }

    /** "netgeom" and the arguments: the command line its results' provenance records. */
    default List<String> words() { return words(null); }

    /** "netgeom" and the arguments of shard {@code shard}'s part ({@link #arguments(Shard)}; null: the whole step). */
    default List<String> words(Shard shard) {
        List<String> words = new ArrayList<>(List.of("netgeom"));
        words.addAll(arguments(shard));
        return words;
    }

    /** The command line of shard {@code shard}'s part of the step: {@link #arguments()}, then {@code --shard I/N} (null: the whole step). */
    default List<String> arguments(Shard shard) {
        if (shard == null) return arguments();
        List<String> arguments = new ArrayList<>(arguments());
        arguments.addAll(List.of("--shard", shard.toString()));
        return arguments;
    }

    /** The options {@link #arguments(Shard)} parses to: {@link #options()} with its shard (null: the whole step). */
    default CommandOptions options(Shard shard) {
        CommandOptions whole = options();
        if (shard == null) return whole;
        Map<String, Object> values = new LinkedHashMap<>(whole.values());
        values.put("shard", shard.toString()); // replaces the recorded null where it stands: the command's order is kept
        return new CommandOptions(whole.command(), values);
    }

    /**
     * Does shard {@code shard}'s items of the step into FOLDER/shards/I/ as its command does
     * with {@code --shard I/N} (resuming: finished items are skipped), and writes the shard's
     * finished marker ({@link ShardMarker}) there. The part that needs every item (summary,
     * figures, embedding) waits for the merge.
     */
    void runShard(Backend backend, Shard shard);

    /**
     * Brings the finished shards of the step ({@link ShardSet#inspect} of its folder) into its
     * folder in the one-process order, as {@code netgeom merge} does; running the step then does
     * only the part that needs every item. Refuses shards that ran with other settings.
     */
    void mergeShards(ShardSet shards);

    /**
     * {@code netgeom double-descent --model rf --data teacher:sign ... --json}: a random-features
     * width sweep at penalty {@code lambda} (a number, or "optimal": the one best by {@code lambdaCriterion}
     * on {@code validationSize} more rows; a comma-separated list sweeps the penalty, {@link LambdaSweep}),
     * BMD on uniform points; its summary is the --json line.
     */
    record DoubleDescentSweep(Path folder, String summaryFile, int inputDim, int trainSize, int testSize, String widthRatio,
                              String lambda, RidgePenaltySearch.Criterion lambdaCriterion, int validationSize, int samples, int seeds,
                              Reproduction.Common common)
            implements ReproductionStep {
        // The command's defaults for what the plan leaves unset (MLP training, unused by random features).
        private static final int EPOCHS = 20, ADVERSARIAL_EPOCHS = 20, BATCH = 64;
        private static final float LEARNING_RATE = 1e-3f;

        public DoubleDescentSweep {
            DoubleDescent.parseLambdas(lambda); // validates the spelling
        }

        @Override
        public List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of("double-descent", "--model", "rf", "--data", "teacher:sign",
                    "--input-dim", Integer.toString(inputDim), "--train-size", Integer.toString(trainSize), "--test-size",
                    Integer.toString(testSize), "--width-ratio", widthRatio, "--lambda", lambda, "--lambda-criterion",
                    lambdaCriterion.cliName(), "--validation-size", Integer.toString(validationSize), "--activation", "erf",
                    "--samples", Integer.toString(samples), "--seeds", Integer.toString(seeds), "--seed", Long.toString(Reproduction.SEED),
                    "--out", folder.toString(), "--json"));
            arguments.addAll(common.arguments());
            return arguments;
        }

        @Override
        public CommandOptions options() {
            Map<String, Object> options = dataOptions("teacher:sign", trainSize, testSize, inputDim, common);
            options.putAll(common.backendOptions());
            options.putAll(common.figureOptions());
            options.put("shard", null); // one process: no --shard
            options.put("devices", null); // nor --devices
            options.put("model", "rf");
            options.put("widths", null);
            options.put("width-ratio", widthRatio);
            options.put("lambda", lambda);
            options.put("lambda-criterion", lambdaCriterion.cliName());
            options.put("validation-size", validationSize);
            options.put("activation", "erf");
            options.put("samples", samples);
            options.put("distribution", "uniform");
            options.put("seeds", seeds);
            options.put("seed", Reproduction.SEED);
            options.put("init", "standard");
            options.put("epochs", EPOCHS);
            options.put("adversarial-epochs", ADVERSARIAL_EPOCHS);
            options.put("lr", LEARNING_RATE);
            options.put("batch", BATCH);
            options.put("binarize", false);
            options.put("label-noise", 0.0);
            options.put("save-models", false);
            options.put("out", folder);
            return jsonCommand("double-descent", options, common);
        }

        /** One penalty or a list: the command shards both (a penalty sweep's items are every penalty's points). */
        @Override
        public String run(Backend backend) { return sweep(backend, null); }

        @Override
        public void runShard(Backend backend, Shard shard) { sweep(backend, shard); }

        @Override
        public void mergeShards(ShardSet shards) {
            ReproductionShards.mergeInto(this, shards, DoubleDescent.RESULT_ENTRIES, Set.of(), DoubleDescent::mergeShards);
        }

        /** The sweep, or shard {@code shard}'s points of it (then no summary: null). */
        private String sweep(Backend backend, Shard shard) {
            List<Double> penalties = DoubleDescent.parseLambdas(lambda);
            Double penalty = penalties.getFirst();
            try (OutputFolder out = ReproductionShards.open(this, shard, DoubleDescent.RESULT_ENTRIES, Set.of())) {
                DoubleDescent.SweepData data = DoubleDescent.SweepData.load(DataSpec.teacher(Teacher.Kind.SIGN),
                        loadOptions(trainSize, testSize, inputDim, Reproduction.SEED, common), penalties.contains(null) ? validationSize : 0);
                DataSplit split = data.split();
                Loss loss = split.train().isClassification() ? Loss.CROSS_ENTROPY : Loss.SQUARED_ERROR;
                TrainConfig training = new TrainConfig(EPOCHS, BATCH, Reproduction.SEED, loss, OptimizerConfig.adam(LEARNING_RATE, 0f),
                        LearningRateSchedule.constant(), Integer.MAX_VALUE);
                DoubleDescent.Settings settings = new DoubleDescent.Settings(DoubleDescent.ModelKind.RF,
                        WidthGrid.fromRatios(widthRatio, split.train().size()), penalty, lambdaCriterion,
                        Activation.ERF, "uniform", samples, seeds, Reproduction.SEED, false, training, ADVERSARIAL_EPOCHS,
                        common.progressMode(), common.figureFormat(), false);
                if (penalties.size() > 1) {
                    LambdaSweep.Outcome outcome = LambdaSweep.run(settings, penalties, backend, data, out.path(), shard);
                    if (shard != null) return ReproductionShards.finishShard(this, out.path(), shard, LambdaSweep.itemIds(settings, penalties));
                    return jsonLine(outcome.toMap());
                }
                DoubleDescent.Outcome outcome = DoubleDescent.run(settings, backend, data, out.path(), shard);
                if (shard != null) return ReproductionShards.finishShard(this, out.path(), shard, DoubleDescent.itemIds(settings));
                return jsonLine(outcome.toMap());
            }
        }
    }

    /**
     * {@code netgeom double-descent --model mlp --data fashion-mnist --binarize --label-noise F ...}:
     * the MLP width sweep of docs/methods/bmd.md (MLPs trained by gradient descent) on binarized
     * pixels with noisy training labels, a budget of {@code epochs} meant to reach train error 0,
     * standard or adversarial initialization; BMD on uniform points (and, since the inputs are +-1,
     * on the training rows); its summary is the --json line.
     */
    record MlpDoubleDescentSweep(Path folder, String summaryFile, int trainSize, int testSize, List<Integer> widths, double labelNoise,
                                 int epochs, int batch, boolean adversarialInit, int adversarialEpochs, int samples, int seeds,
                                 Reproduction.Common common) implements ReproductionStep {
        private static final float LEARNING_RATE = 1e-3f;
        private static final String ACTIVATION = "relu";

        public MlpDoubleDescentSweep {
            widths = List.copyOf(widths);
        }

        private String init() { return adversarialInit ? "adversarial" : "standard"; }

        @Override
        public List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of("double-descent", "--model", "mlp", "--data", "fashion-mnist",
                    "--train-size", Integer.toString(trainSize), "--test-size", Integer.toString(testSize), "--widths",
                    widths.stream().map(String::valueOf).collect(Collectors.joining(",")), "--activation", ACTIVATION,
                    "--samples", Integer.toString(samples), "--seeds", Integer.toString(seeds), "--seed", Long.toString(Reproduction.SEED),
                    "--init", init(), "--epochs", Integer.toString(epochs), "--adversarial-epochs", Integer.toString(adversarialEpochs),
                    "--lr", Float.toString(LEARNING_RATE), "--batch", Integer.toString(batch), "--binarize", "--label-noise",
                    Double.toString(labelNoise), "--out", folder.toString(), "--json"));
            arguments.addAll(common.arguments());
            return arguments;
        }

        @Override
        public CommandOptions options() {
            Map<String, Object> options = dataOptions("fashion-mnist", trainSize, testSize, DataOptions.defaults().inputDim(), common);
            options.putAll(common.backendOptions());
            options.putAll(common.figureOptions());
            options.put("shard", null); // one process: no --shard
            options.put("devices", null); // nor --devices
            options.put("model", "mlp");
            options.put("widths", widths);
            options.put("width-ratio", null);
            options.put("lambda", "1e-6");
            options.put("lambda-criterion", "mse");
            options.put("validation-size", 200);
            options.put("activation", ACTIVATION);
            options.put("samples", samples);
            options.put("distribution", "uniform");
            options.put("seeds", seeds);
            options.put("seed", Reproduction.SEED);
            options.put("init", init());
            options.put("epochs", epochs);
            options.put("adversarial-epochs", adversarialEpochs);
            options.put("lr", LEARNING_RATE);
            options.put("batch", batch);
            options.put("binarize", true);
            options.put("label-noise", labelNoise);
            options.put("save-models", false);
            options.put("out", folder);
            return jsonCommand("double-descent", options, common);
        }

        @Override
        public String run(Backend backend) { return sweep(backend, null); }

        @Override
        public void runShard(Backend backend, Shard shard) { sweep(backend, shard); }

        @Override
        public void mergeShards(ShardSet shards) {
            ReproductionShards.mergeInto(this, shards, DoubleDescent.RESULT_ENTRIES, Set.of(), DoubleDescent::mergeShards);
        }

        /** The sweep, or shard {@code shard}'s points of it (then no summary: null). */
        private String sweep(Backend backend, Shard shard) {
            try (OutputFolder out = ReproductionShards.open(this, shard, DoubleDescent.RESULT_ENTRIES, Set.of())) {
                DoubleDescent.SweepData data = DoubleDescent.SweepData.load(DataSpec.parse("fashion-mnist"),
                        loadOptions(trainSize, testSize, DataOptions.defaults().inputDim(), Reproduction.SEED, common).withNoise(labelNoise),
                        0).binarized();
                TrainConfig training = new TrainConfig(epochs, batch, Reproduction.SEED, Loss.CROSS_ENTROPY,
                        OptimizerConfig.adam(LEARNING_RATE, 0f), LearningRateSchedule.constant(), Integer.MAX_VALUE);
                int[] widthArray = widths.stream().mapToInt(Integer::intValue).toArray();
                DoubleDescent.Settings settings = DoubleDescent.Settings.defaults(widthArray).withModel(DoubleDescent.ModelKind.MLP)
                        .withActivation(Activation.parse(ACTIVATION)).withBmdSamples(samples).withSeeds(seeds).withSeed(Reproduction.SEED)
                        .withAdversarialInit(adversarialInit).withTraining(training).withAdversarialEpochs(adversarialEpochs)
                        .withProgress(common.progressMode()).withFigureFormat(common.figureFormat());
                DoubleDescent.Outcome outcome = DoubleDescent.run(settings, backend, data, out.path(), shard);
                if (shard != null) return ReproductionShards.finishShard(this, out.path(), shard, DoubleDescent.itemIds(settings));
                return jsonLine(outcome.toMap());
            }
        }
    }

    /**
     * {@code netgeom star-study --data fashion-mnist ...}: per width, a zoo of depth-1 ReLU MLPs
     * (SGD with momentum) and a Starlight star model from a random start (the paper's protocol),
     * plus one star model from each of {@code variantStarts} on the same zoo; barriers on
     * {@code split} ("train", "test" or "both"); its summary is summary.csv as the command prints it.
     */
    record StarStudyRun(Path folder, String summaryFile, List<Integer> widths, int sources, int heldOut, int epochs, int starEpochs,
                        int points, int evalRows, String split, List<String> variantStarts, Integer trainSize, Integer testSize,
                        Reproduction.Common common) implements ReproductionStep {
        private static final float LEARNING_RATE = 0.05f, MOMENTUM = 0.9f;
        private static final int DEPTH = 1, BATCH = 128, LOG_EVERY = 100;
        private static final String START = "random";

        public StarStudyRun {
            widths = List.copyOf(widths);
            variantStarts = List.copyOf(variantStarts);
            for (String start : variantStarts) StarlightConfig.Start.parse(start); // validates the spelling
        }

        @Override
        public List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of("star-study", "--data", "fashion-mnist", "--widths",
                    widths.stream().map(String::valueOf).collect(Collectors.joining(",")), "--depth", Integer.toString(DEPTH),
                    "--sources", Integer.toString(sources), "--held-out", Integer.toString(heldOut), "--epochs", Integer.toString(epochs),
                    "--lr", Float.toString(LEARNING_RATE), "--momentum", Float.toString(MOMENTUM), "--points", Integer.toString(points),
                    "--eval-rows", Integer.toString(evalRows), "--split", split, "--star-init", START, "--seed",
                    Long.toString(Reproduction.SEED), "--out", folder.toString()));
            if (!variantStarts.isEmpty()) arguments.addAll(List.of("--variant-starts", String.join(",", variantStarts)));
            arguments.addAll(List.of("--star-epochs", Integer.toString(starEpochs)));
            if (trainSize != null) arguments.addAll(List.of("--train-size", trainSize.toString()));
            if (testSize != null) arguments.addAll(List.of("--test-size", testSize.toString()));
            arguments.addAll(common.arguments());
            return arguments;
        }

        @Override
        public CommandOptions options() {
            Map<String, Object> options = dataOptions("fashion-mnist", trainSize, testSize, DataOptions.defaults().inputDim(), common);
            options.putAll(common.backendOptions());
            options.putAll(common.figureOptions());
            options.put("optimizer", "sgd");
            options.put("lr", LEARNING_RATE);
            options.put("momentum", MOMENTUM);
            options.put("weight-decay", 0f);
            options.put("schedule", "constant");
            options.put("warmup", 0);
            options.put("epochs", epochs);
            options.put("batch", BATCH);
            options.put("seed", Reproduction.SEED);
            options.put("log-every", LOG_EVERY);
            options.put("progress", common.progress());
            options.put("t-sampling", "uniform");
            options.put("mu", 0.0);
            options.put("realign", false);
            options.put("star-init", START);
            options.put("points", points);
            options.put("split", split);
            options.put("eval-rows", evalRows);
            options.put("shard", null); // one process: no --shard
            options.put("devices", null); // nor --devices
            options.put("widths", widths);
            options.put("depth", DEPTH);
            options.put("activation", "relu");
            options.put("sources", sources);
            options.put("held-out", heldOut);
            options.put("variant-starts", variantStarts);
            options.put("star-epochs", starEpochs);
            options.put("out", folder);
            options.put("json", false);
            options.put("overwrite", false);
            options.put("verbose", false);
            return new CommandOptions("star-study", options);
        }

        @Override
        public String run(Backend backend) { return study(backend, null); }

        @Override
        public void runShard(Backend backend, Shard shard) { study(backend, shard); }

        /** The shards' zoo models come in; the star models, barriers and summary are what the study then runs on its folder. */
        @Override
        public void mergeShards(ShardSet shards) {
            ReproductionShards.mergeInto(this, shards, StarStudy.resultEntries(widths), Set.of(), StarStudy::mergeShards);
        }

        /** The study, or shard {@code shard}'s zoo models of it (then no star models and no summary: null). */
        private String study(Backend backend, Shard shard) {
            try (OutputFolder out = ReproductionShards.open(this, shard, StarStudy.resultEntries(widths), Set.of())) {
                DataSplit data = DataSets.load(DataSpec.fashionMnist(),
                        loadOptions(trainSize, testSize, DataOptions.defaults().inputDim(), Reproduction.SEED, common));
                TrainConfig training = new TrainConfig(epochs, BATCH, Reproduction.SEED, Loss.CROSS_ENTROPY,
                        OptimizerConfig.sgd(LEARNING_RATE, MOMENTUM, false, 0f), LearningRateSchedule.constant(), LOG_EVERY);
                StarlightConfig star = new StarlightConfig(TSampling.UNIFORM, 0, false, StarlightConfig.Start.parse(START),
                        Reproduction.SEED);
                StarlightRun.Settings starlight = new StarlightRun.Settings(training.withEpochs(starEpochs), star, points, split,
                        evalRows, common.progressMode(), common.figureFormat(), options(shard).config(), words(shard));
                StarStudy.Settings settings = StarStudy.Settings.of(widths, DEPTH, "relu", sources, heldOut, training, starlight)
                        .withVariantStarts(variantStarts.stream().map(StarlightConfig.Start::parse).toList());
                StarStudy.Outcome outcome = StarStudy.run(settings, backend, data, out.path(), shard);
                if (shard != null) return ReproductionShards.finishShard(this, out.path(), shard, StarStudy.itemIds(settings));
                return outcome.summary().toCsv();
            }
        }
    }

    /**
     * {@code netgeom trajectories --data fashion-mnist --configs FILE ... --json}: trains the
     * configurations of {@code configs} saving prediction snapshots, then embeds all
     * trajectories; its summary is the --json line (summary.json).
     */
    record TrajectorySweepRun(Path folder, String summaryFile, Path configs, String snapshots, int snapshotSamples,
                              Integer trainSize, Integer testSize, double maxTrainError, Reproduction.Common common)
            implements ReproductionStep {
        private static final int DIMS = 3;

        public TrajectorySweepRun {
            StepSchedule.parse(snapshots); // validates the spelling
        }

        @Override
        public List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of("trajectories", "--data", "fashion-mnist", "--configs", configs.toString(),
                    "--out", folder.toString(), "--snapshots", snapshots, "--snapshot-samples", Integer.toString(snapshotSamples)));
            if (trainSize != null) arguments.addAll(List.of("--train-size", trainSize.toString()));
            if (testSize != null) arguments.addAll(List.of("--test-size", testSize.toString()));
            arguments.addAll(List.of("--max-train-error", Double.toString(maxTrainError)));
            arguments.add("--json");
            arguments.addAll(common.arguments());
            return arguments;
        }

        @Override
        public CommandOptions options() {
            Map<String, Object> options = dataOptions("fashion-mnist", trainSize, testSize, DataOptions.defaults().inputDim(), common);
            options.putAll(common.backendOptions());
            options.putAll(common.figureOptions());
            options.put("shard", null); // one process: no --shard
            options.put("devices", null); // nor --devices
            options.put("configs", configs);
            options.put("out", folder);
            options.put("snapshots", snapshots);
            options.put("snapshot-samples", snapshotSamples);
            options.put("dims", DIMS);
            options.put("max-train-error", maxTrainError);
            return jsonCommand("trajectories", options, common);
        }

        @Override
        public String run(Backend backend) { return sweep(backend, null); }

        @Override
        public void runShard(Backend backend, Shard shard) { sweep(backend, shard); }

        @Override
        public void mergeShards(ShardSet shards) {
            ReproductionShards.mergeInto(this, shards, TrajectorySweep.RESULT_ENTRIES, TrajectorySweep.ANALYSIS_OPTIONS,
                    TrajectorySweep::mergeShards);
        }

        /** The sweep, or shard {@code shard}'s configurations of it (then no embedding and no summary: null). */
        private String sweep(Backend backend, Shard shard) {
            List<TrajectoryConfig> grid = TrajectoryConfig.read(configs);
            try (OutputFolder out = ReproductionShards.open(this, shard, TrajectorySweep.RESULT_ENTRIES,
                    TrajectorySweep.ANALYSIS_OPTIONS)) {
                DataSplit split = DataSets.load(DataSpec.fashionMnist(),
                        loadOptions(trainSize, testSize, DataOptions.defaults().inputDim(), TrajectorySweep.DATA_SEED, common));
                TrajectorySweep.Settings settings = new TrajectorySweep.Settings(grid, StepSchedule.parse(snapshots), snapshotSamples,
                        snapshotSamples, common.progressMode(), common.figureFormat(), words(shard), maxTrainError);
                if (shard != null) {
                    // Each configuration is seeded by its own seed: a shard trains the same bits as one process.
                    List<TrajectoryConfig> owned = shard.select(grid);
                    if (!owned.isEmpty()) TrajectorySweep.run(settings.withConfigs(owned), backend, split, out.path());
                    return ReproductionShards.finishShard(this, out.path(), shard, TrajectorySweep.itemIds(grid));
                }
                return jsonLine(TrajectorySweep.runAndAnalyze(settings, backend, split, out.path(), DIMS).summary());
            }
        }
    }

    /**
     * {@code netgeom symmetry-study --tasks fashion,heat ... --json}: the symmetry-breaking arms
     * of each architecture on Fashion-MNIST and the heat equation; its summary is the --json line
     * (summary.json).
     */
    record SymmetryStudyRun(Path folder, String summaryFile, List<String> architectures, int width, int epochs, int seeds, int trainSize,
                            int heatSize, int heatEpochs, int permutations, Integer testSize, Reproduction.Common common)
            implements ReproductionStep {
        private static final List<String> TASKS = List.of("fashion", "heat");
        private static final int BATCH = 128;
        private static final float LEARNING_RATE = 1e-3f;

        public SymmetryStudyRun {
            architectures = List.copyOf(architectures);
        }

        @Override
        public List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of("symmetry-study", "--tasks", String.join(",", TASKS), "--architectures",
                    String.join(",", architectures), "--width", Integer.toString(width), "--epochs", Integer.toString(epochs),
                    "--seeds", Integer.toString(seeds), "--seed", Long.toString(Reproduction.SEED), "--train-size",
                    Integer.toString(trainSize), "--heat-size", Integer.toString(heatSize), "--heat-epochs", Integer.toString(heatEpochs),
                    "--permutations", Integer.toString(permutations), "--out", folder.toString(), "--json"));
            if (testSize != null) arguments.addAll(List.of("--test-size", testSize.toString()));
            arguments.addAll(common.arguments());
            return arguments;
        }

        @Override
        public CommandOptions options() {
            Map<String, Object> options = new LinkedHashMap<>(common.backendOptions());
            options.putAll(common.figureOptions());
            options.put("shard", null); // one process: no --shard
            options.put("devices", null); // nor --devices
            options.put("out", folder);
            options.put("tasks", TASKS);
            options.put("architectures", architectures);
            options.put("cnn-model", SymmetryArms.SMALL_CNN);
            options.put("width", width);
            options.put("epochs", epochs);
            options.put("seeds", seeds);
            options.put("seed", Reproduction.SEED);
            options.put("train-size", trainSize);
            options.put("test-size", testSize == null ? 0 : testSize);
            options.put("data-dir", common.dataDirectory());
            options.put("heat-size", heatSize);
            options.put("heat-epochs", heatEpochs);
            options.put("permutations", permutations);
            options.put("batch", BATCH);
            options.put("lr", LEARNING_RATE);
            return jsonCommand("symmetry-study", options, common);
        }

        @Override
        public String run(Backend backend) { return study(backend, null); }

        @Override
        public void runShard(Backend backend, Shard shard) { study(backend, shard); }

        @Override
        public void mergeShards(ShardSet shards) {
            ReproductionShards.mergeInto(this, shards, SymmetryStudy.RESULT_ENTRIES, Set.of(), SymmetryStudy::mergeShards);
        }

        /** The study, or shard {@code shard}'s items of it (then no summary: null). */
        private String study(Backend backend, Shard shard) {
            try (OutputFolder out = ReproductionShards.open(this, shard, SymmetryStudy.RESULT_ENTRIES, Set.of())) {
                DataOptions fashion = DataOptions.defaults().withTrainSize(trainSize).withTestSize(testSize == null ? 0 : testSize);
                if (common.dataDirectory() != null) fashion = fashion.withDirectory(common.dataDirectory());
                SymmetryStudy.Tasks tasks = SymmetryStudy.Tasks.of(TASKS, architectures, SymmetryArms.SMALL_CNN, width, fashion, heatSize,
                        Reproduction.SEED);
                SymmetryStudy.Settings settings = new SymmetryStudy.Settings(width, epochs, seeds, Reproduction.SEED, BATCH,
                        LEARNING_RATE, trainSize, common.figureFormat(), heatEpochs, permutations);
                SymmetrySummary.Outcome outcome = SymmetryStudy.study(backend, tasks, settings, out.path(), common.progressMode(),
                        options(shard).config(), words(shard), shard);
                if (shard != null) {
                    return ReproductionShards.finishShard(this, out.path(), shard, SymmetryStudy.itemIds(tasks.arms(), settings));
                }
                return jsonLine(outcome.summary());
            }
        }
    }

    /** The data options every data-reading command has (its --data group), as it records them. */
    private static Map<String, Object> dataOptions(String data, Integer trainSize, Integer testSize, int inputDim,
                                                   Reproduction.Common common) {
        DataOptions defaults = DataOptions.defaults();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("data", data);
        options.put("train-size", trainSize);
        options.put("test-size", testSize);
        options.put("classes", null);
        options.put("input-dim", inputDim);
        options.put("noise", defaults.noise());
        options.put("data-seed", null);
        options.put("standardize", false);
        options.put("data-dir", common.dataDirectory());
        options.put("inputs", null);
        options.put("labels", null);
        options.put("test-inputs", null);
        options.put("test-labels", null);
        options.put("teacher-width", defaults.teacherWidth());
        options.put("teacher-classes", defaults.teacherClasses());
        return options;
    }

    /** The data as a data-reading command loads it from those options: null sizes mean all rows. */
    private static DataOptions loadOptions(Integer trainSize, Integer testSize, int inputDim, long seed, Reproduction.Common common) {
        DataOptions options = DataOptions.defaults().withTrainSize(trainSize == null ? 0 : trainSize)
                .withTestSize(testSize == null ? 0 : testSize).withInputDim(inputDim).withSeed(seed);
        return common.dataDirectory() == null ? options : options.withDirectory(common.dataDirectory());
    }

    /** A JSON value as the commands print it with --json: one line. */
    private static String jsonLine(Object value) { return JsonOutput.toLine(value) + "\n"; }

    /** {@code options} closed by what every step's --json command line parses to: no overwrite, JSON, the progress mode, quiet. */
    private static CommandOptions jsonCommand(String command, Map<String, Object> options, Reproduction.Common common) {
        options.put("overwrite", false);
        options.put("json", true);
        options.put("progress", common.progress());
        options.put("verbose", false);
        return new CommandOptions(command, options);
    }
}
