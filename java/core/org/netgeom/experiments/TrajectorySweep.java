package org.netgeom.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.data.DataSplit;
import org.netgeom.io.OutputFolder;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Loss;
import org.netgeom.nn.TrainableModel;
import org.netgeom.io.JsonOutput;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.Evaluator;
import org.netgeom.train.StepSchedule;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;
import org.netgeom.trajectory.PredictionSnapshots;

/**
 * The training half of {@code netgeom trajectories}: each configuration is trained on the same
 * data, saving softmax predictions on a fixed train subset and a fixed test subset at the
 * snapshot steps, into OUT/runs/NAME/predictions/{train,test}. A run is complete once its
 * run.json exists; a rerun skips complete runs and starts incomplete ones over (resumable).
 */
public final class TrajectorySweep {
    public static final String TRAIN_SET = "train";
    public static final String TEST_SET = "test";
    private static final int LOG_EVERY_STEPS = 1_000_000;
    /** The seed the trajectories command draws its data subsets with (every configuration sees the same data). */
    public static final long DATA_SEED = 1;
    /** The analysis of every trajectory, with the command line, backend and device; written last. */
    public static final String SUMMARY_FILE = "summary.json";
    /** run.json's results: cross-entropy and error of the final model on all the training data (inference mode). */
    public static final String FINAL_TRAIN_LOSS = "final_train_loss";
    public static final String FINAL_TRAIN_ERROR = "final_train_error";
    /**
     * Options that change only the analysis, not what is trained: a rerun with another value
     * re-embeds the finished runs instead of refusing the folder.
     */
    public static final java.util.Set<String> ANALYSIS_OPTIONS = java.util.Set.of("max-train-error");
    /** What the sweep writes in its folder. */
    public static final List<String> RESULT_ENTRIES = List.of("runs", TRAIN_SET, TEST_SET, SUMMARY_FILE);

    /**
     * The configurations to train; when predictions are saved ({@code snapshots}) and on how many
     * fixed train and test samples; how progress shows; the format of the embedding and stress
     * figures (null: PNG); the command's words (run.json's provenance); and the largest final
     * train error a run may have to be embedded ({@code maxTrainError}: runs above it are
     * dropped and listed, as the authors drop runs that did not train; 1 keeps every run).
     */
    public record Settings(List<TrajectoryConfig> configs, StepSchedule snapshots, int trainSnapshotSamples,
                           int testSnapshotSamples, ProgressMode progress, FigureFormat figureFormat, List<String> commandLine,
                           double maxTrainError) {
        /** The authors' threshold (utils/embed.py: err_threshold = 0.1). */
        public static final double DEFAULT_MAX_TRAIN_ERROR = 0.1;

        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            if (configs == null || configs.isEmpty()) throw InvalidInputException.forField("configs", "{configs} lists no configurations");
            if (snapshots == null) throw InvalidInputException.forField("snapshots", "a trajectory sweep needs its {snapshots} schedule");
            if (trainSnapshotSamples < 1) {
                throw InvalidInputException.forField("trainSnapshotSamples", "{trainSnapshotSamples} must be >= 1, got "
                        + trainSnapshotSamples);
            }
            if (testSnapshotSamples < 1) {
                throw InvalidInputException.forField("testSnapshotSamples", "{testSnapshotSamples} must be >= 1, got "
                        + testSnapshotSamples);
            }
            if (!(maxTrainError >= 0 && maxTrainError <= 1)) {
                throw InvalidInputException.forField("maxTrainError", "{maxTrainError} must be in [0, 1] (1 keeps every run), got "
                        + maxTrainError);
            }
            configs = List.copyOf(configs);
        }

        /** Settings with the default train-error threshold ({@link #DEFAULT_MAX_TRAIN_ERROR}). */
        public Settings(List<TrajectoryConfig> configs, StepSchedule snapshots, int trainSnapshotSamples, int testSnapshotSamples,
                        ProgressMode progress, FigureFormat figureFormat, List<String> commandLine) {
            this(configs, snapshots, trainSnapshotSamples, testSnapshotSamples, progress, figureFormat, commandLine,
                    DEFAULT_MAX_TRAIN_ERROR);
        }

        /**
         * The CLI's defaults for {@code configs}: 12 log-spaced snapshots of 1000 train and 1000 test
         * samples, no progress shown, figures as PNG, no command recorded, runs with a final train
         * error above 0.1 dropped.
         */
        public static Settings defaults(List<TrajectoryConfig> configs) {
            return new Settings(configs, StepSchedule.logSpaced(12), 1000, 1000, ProgressMode.QUIET, FigureFormat.PNG, List.of(),
                    DEFAULT_MAX_TRAIN_ERROR);
        }

        public Settings withConfigs(List<TrajectoryConfig> value) {
            return new Settings(value, snapshots, trainSnapshotSamples, testSnapshotSamples, progress, figureFormat, commandLine,
                    maxTrainError);
        }

        public Settings withSnapshots(StepSchedule value) {
            return new Settings(configs, value, trainSnapshotSamples, testSnapshotSamples, progress, figureFormat, commandLine,
                    maxTrainError);
        }

        /** The same number of fixed samples in both sets. */
        public Settings withSnapshotSamples(int value) {
            return new Settings(configs, snapshots, value, value, progress, figureFormat, commandLine, maxTrainError);
        }

        public Settings withTrainSnapshotSamples(int value) {
            return new Settings(configs, snapshots, value, testSnapshotSamples, progress, figureFormat, commandLine, maxTrainError);
        }

        public Settings withTestSnapshotSamples(int value) {
            return new Settings(configs, snapshots, trainSnapshotSamples, value, progress, figureFormat, commandLine, maxTrainError);
        }

        public Settings withProgress(ProgressMode value) {
            return new Settings(configs, snapshots, trainSnapshotSamples, testSnapshotSamples, value, figureFormat, commandLine,
                    maxTrainError);
        }

        /** The format of each set's embedding and stress figures. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(configs, snapshots, trainSnapshotSamples, testSnapshotSamples, progress, value, commandLine,
                    maxTrainError);
        }

        public Settings withCommandLine(List<String> value) {
            return new Settings(configs, snapshots, trainSnapshotSamples, testSnapshotSamples, progress, figureFormat, value,
                    maxTrainError);
        }

        /** The largest final train error of an embedded run (1 keeps every run). */
        public Settings withMaxTrainError(double value) {
            return new Settings(configs, snapshots, trainSnapshotSamples, testSnapshotSamples, progress, figureFormat, commandLine,
                    value);
        }
    }

    /** How many configurations this call trained (the others were complete), and summary.json's content. */
    public record Outcome(int trained, int reused, Map<String, Object> summary) {}

    private TrajectorySweep() {}

    /**
     * The trajectories command's work: trains every configuration not yet complete
     * ({@link #run}), embeds all trajectories jointly in {@code dims} dimensions
     * ({@link TrajectoryAnalysis#analyze}, its figures in the settings' format) and writes OUT/summary.json.
     */
    public static Outcome runAndAnalyze(Settings settings, Backend backend, DataSplit data, Path out, int dims) {
        int trained = run(settings, backend, data, out);
        Map<String, Object> summary = TrajectoryAnalysis.analyze(backend, out, settings.configs(), dims, settings.figureFormat(),
                settings.maxTrainError());
        summary.put("command_line", settings.commandLine());
        summary.put("backend", backend.name());
        summary.put("device", backend.deviceDescription());
        JsonOutput.writeFile(out.resolve(SUMMARY_FILE), summary);
        return new Outcome(trained, settings.configs().size() - trained, summary);
    }

    public static Path runFolder(Path out, String config) { return out.resolve("runs").resolve(config); }

    public static boolean isComplete(Path out, String config) {
        return Files.exists(runFolder(out, config).resolve("run.json"));
    }

    /** Trains every configuration not yet complete; returns how many were trained now. */
    public static int run(Settings settings, Backend backend, DataSplit data, Path out) {
        List<PredictionSnapshots.SampleSet> sets = List.of(
                sampleSet(TRAIN_SET, data.train(), settings.trainSnapshotSamples()),
                sampleSet(TEST_SET, data.test(), settings.testSnapshotSamples()));
        int trained = 0;
        try (Progress progress = Progress.start(settings.progress(), "trajectories", settings.configs().size(), "configs")) {
            for (TrajectoryConfig config : settings.configs()) {
                if (!isComplete(out, config.name())) {
                    progress.setMessage(config.name());
                    trainOne(config, settings, backend, data, sets, out);
                    trained++;
                }
                progress.step();
            }
        }
        return trained;
    }

    private static PredictionSnapshots.SampleSet sampleSet(String name, Dataset data, int samples) {
        if (data == null) throw new InvalidInputException("the trajectory sweep needs a test split for its test snapshots");
        if (!data.isClassification()) throw new InvalidInputException("trajectories need a classification data set, got " + data.name());
        Dataset subset = data.firstRows(Math.min(samples, data.size()));
        int[] labels = new int[subset.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = subset.label(i);
        return new PredictionSnapshots.SampleSet(name, subset.inputs(), labels);
    }

    private static void trainOne(TrajectoryConfig config, Settings settings, Backend backend, DataSplit data,
                                 List<PredictionSnapshots.SampleSet> sets, Path out) {
        Instant start = Instant.now();
        Path folder = runFolder(out, config.name());
        // An incomplete run of this config (killed mid-training): its snapshots are redone from step 0.
        OutputFolder.deleteTree(folder);
        TrainConfig trainConfig = new TrainConfig(config.epochs(), config.batch(), config.seed(), Loss.CROSS_ENTROPY,
                config.optimizerConfig(), LearningRateSchedule.constant(), LOG_EVERY_STEPS);
        PredictionSnapshots snapshots = new PredictionSnapshots(settings.snapshots(), sets, folder.resolve("predictions"),
                config.name(), config.seed());
        Dataset train = data.train();
        try (TrainableModel model = config.modelSpec().build(backend, train.inputDim(), train.classes(), config.seed())) {
            TrainingResult result = new Trainer(trainConfig, List.of(snapshots)).train(model, train, data.test());
            // The filter and the distance-to-truth check need the final model's error on all the
            // training data; the trainer's train numbers are running means over the last epoch.
            Evaluator.Evaluation finalTrain = Evaluator.evaluate(model, Loss.CROSS_ENTROPY, train);
            Map<String, Object> runJson = new LinkedHashMap<>();
            runJson.put("config", config);
            runJson.put("factors", config.factors());
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("test_accuracy", result.testAccuracy());
            results.put("test_loss", result.testLoss());
            results.put("train_loss", result.trainLoss());
            results.put("train_accuracy", result.trainAccuracy());
            results.put(FINAL_TRAIN_LOSS, finalTrain.loss());
            results.put(FINAL_TRAIN_ERROR, 1 - finalTrain.accuracy());
            results.put("steps", result.steps());
            results.put("seconds", result.totalSeconds());
            runJson.put("results", results);
            runJson.put("provenance", Provenance.capture(backend, settings.commandLine(),
                    config.seed(), start).finished(Instant.now()).toMap());
            JsonOutput.writeFile(folder.resolve("run.json"), runJson);
        }
    }

    /** The completed runs' prediction folders for one sample set, in config order. */
    public static List<Path> predictionFolders(Path out, List<TrajectoryConfig> configs, String set) {
        List<Path> folders = new ArrayList<>();
        for (TrajectoryConfig config : configs) {
            if (isComplete(out, config.name())) folders.add(runFolder(out, config.name()).resolve("predictions").resolve(set));
        }
        return folders;
    }
}
