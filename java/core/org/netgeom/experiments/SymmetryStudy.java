package org.netgeom.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
import org.netgeom.data.HeatEquation;
import org.netgeom.data.InputExpansion;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.TrainableModel;
import org.netgeom.io.CsvTable;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;

/**
 * The controlled symmetry-breaking experiment (issue 9): arms that differ only in one symmetry
 * breaker, the same budget per arm, several seeds each. Per arm: final test accuracy (or loss)
 * after the full budget, and the replica metric early (one epoch on 10% of the data). Rows go
 * to results.csv one at a time, so an interrupted study resumes where it stopped.
 */
public final class SymmetryStudy {
    /** One arm: a name, the model, the input expansion, the loss. */
    public record Arm(String task, String name, ModelSpec model, InputExpansion expansion, Loss loss) {}

    /**
     * Every arm's budget: hidden width, epochs of the final runs, seeds per arm (firstSeed,
     * firstSeed + 1, ...), Adam's mini-batch and learning rate; {@code trainSize} is recorded
     * with the results (the data are loaded by the caller, 0: all); {@code figureFormat} is
     * accuracy_vs_metric's format (null: PNG).
     */
    public record Settings(int hiddenWidth, int epochs, int seeds, long firstSeed, int batch, float learningRate, int trainSize,
                           FigureFormat figureFormat) {
        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            if (hiddenWidth < 1) throw InvalidInputException.forField("hiddenWidth", "{hiddenWidth} must be >= 1, got " + hiddenWidth);
            if (epochs < 1) throw InvalidInputException.forField("epochs", "{epochs} must be >= 1, got " + epochs);
            if (seeds < 1) throw InvalidInputException.forField("seeds", "{seeds} must be >= 1, got " + seeds);
            if (batch < 1) throw InvalidInputException.forField("batch", "{batch} must be >= 1, got " + batch);
            if (!(learningRate > 0)) throw InvalidInputException.forField("learningRate", "{learningRate} must be > 0, got " + learningRate);
            if (trainSize < 0) throw InvalidInputException.forField("trainSize", "{trainSize} must be >= 0 (0: all), got " + trainSize);
        }

        /** The CLI's defaults: width 128, 3 epochs, 5 seeds from 1, batches of 128, Adam at 1e-3, all the data, figures as PNG. */
        public static Settings defaults() { return new Settings(128, 3, 5, 1, 128, 1e-3f, 0, FigureFormat.PNG); }

        public Settings withHiddenWidth(int value) {
            return new Settings(value, epochs, seeds, firstSeed, batch, learningRate, trainSize, figureFormat);
        }

        public Settings withEpochs(int value) {
            return new Settings(hiddenWidth, value, seeds, firstSeed, batch, learningRate, trainSize, figureFormat);
        }

        public Settings withSeeds(int value) {
            return new Settings(hiddenWidth, epochs, value, firstSeed, batch, learningRate, trainSize, figureFormat);
        }

        public Settings withFirstSeed(long value) {
            return new Settings(hiddenWidth, epochs, seeds, value, batch, learningRate, trainSize, figureFormat);
        }

        public Settings withBatch(int value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, value, learningRate, trainSize, figureFormat);
        }

        public Settings withLearningRate(float value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, batch, value, trainSize, figureFormat);
        }

        public Settings withTrainSize(int value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, batch, learningRate, value, figureFormat);
        }

        /** The format of accuracy_vs_metric.png / accuracy_vs_metric.svg. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, batch, learningRate, trainSize, value);
        }
    }

    static final List<String> HEADER = List.of("task", "arm", "phase", "seed", "test_accuracy", "test_loss", "replica_distance");

    /** What the study writes in its folder. */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of("results.csv", SymmetrySummary.SUMMARY_CSV,
            SymmetrySummary.SUMMARY_JSON), FigureFormat.fileNames(SymmetrySummary.FIGURE)).flatMap(List::stream).toList();

    /** The arms of the study's tasks and each task's data, by task name ("fashion-mnist", "heat"). */
    public record Tasks(List<Arm> arms, Map<String, DataSplit> data) {
        public Tasks {
            arms = List.copyOf(arms);
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }

        /**
         * The tasks named, in order: "fashion" (the six Fashion-MNIST arms of hidden width
         * {@code width}, data as {@code fashion} loads it) and "heat" (the four heat-equation arms
         * of width {@code width / 2}, {@code heatSize} training points drawn with {@code seed}).
         */
        public static Tasks of(List<String> names, int width, DataOptions fashion, int heatSize, long seed) {
            List<Arm> arms = new ArrayList<>();
            Map<String, DataSplit> data = new LinkedHashMap<>();
            for (String name : names) {
                switch (name.trim()) {
                    case "fashion" -> {
                        data.put("fashion-mnist", DataSets.load(DataSpec.fashionMnist(), fashion));
                        arms.addAll(fashionArms(width));
                    }
                    case "heat" -> {
                        data.put("heat", HeatEquation.generate(heatSize, 2000, seed));
                        arms.addAll(heatArms(width / 2));
                    }
                    default -> throw new InvalidInputException("unknown task '" + name + "': use fashion and/or heat");
                }
            }
            return new Tasks(arms, data);
        }
    }

    private SymmetryStudy() {}

    /**
     * The symmetry-study command's work: runs every missing row ({@link #run}), then writes
     * summary.csv, summary.json ({@code config} and the provenance included) and
     * accuracy_vs_metric.png or .svg ({@link SymmetrySummary#write}).
     */
    public static SymmetrySummary.Outcome study(Backend backend, Tasks tasks, Settings settings, Path dir, ProgressMode progressMode,
                                                Map<String, Object> config, List<String> commandLine) {
        Instant started = Instant.now();
        CsvTable results = run(backend, tasks.arms(), tasks.data(), settings, dir, progressMode);
        Provenance provenance = Provenance.capture(backend, commandLine, settings.firstSeed(), started).finished(Instant.now());
        return SymmetrySummary.write(dir, results, settings, config, provenance);
    }

    public static List<Arm> fashionArms(int width) {
        return List.of(
                mlpArm("fashion-mnist", "baseline", 784, width, 10, MlpOptions.none(), InputExpansion.none()),
                mlpArm("fashion-mnist", "expand K=2", 3136, width, 10, MlpOptions.none(), new InputExpansion(2, 0.5f, 0)),
                mlpArm("fashion-mnist", "expand K=3", 7056, width, 10, MlpOptions.none(), new InputExpansion(3, 0.5f, 0)),
                mlpArm("fashion-mnist", "dropout 0.2", 784, width, 10, new MlpOptions(0.2f, false), InputExpansion.none()),
                mlpArm("fashion-mnist", "batch norm", 784, width, 10, new MlpOptions(0f, true), InputExpansion.none()),
                mlpArm("fashion-mnist", "expand K=2 + batch norm", 3136, width, 10, new MlpOptions(0f, true), new InputExpansion(2, 0.5f, 0)));
    }

    public static List<Arm> heatArms(int width) {
        List<Arm> arms = new ArrayList<>();
        for (int m : new int[] {0, 1, 4, 16}) {
            arms.add(new Arm("heat", m == 0 ? "baseline" : "m=" + m, new ModelSpec.MlpSpec(Architecture.of(2 + m, width, width, 1),
                    List.of(Activation.TANH), Initialization.PYTORCH, MlpOptions.none()), new InputExpansion(1, 0.5f, m),
                    Loss.SQUARED_ERROR));
        }
        return arms;
    }

    private static Arm mlpArm(String task, String name, int inputs, int width, int classes, MlpOptions options, InputExpansion expansion) {
        return new Arm(task, name, new ModelSpec.MlpSpec(Architecture.of(inputs, width, classes), List.of(Activation.RELU),
                Initialization.PYTORCH, options), expansion, Loss.CROSS_ENTROPY);
    }

    /** {@link #run(Backend, List, Map, Settings, Path, ProgressMode)} without progress shown. */
    public static CsvTable run(Backend backend, List<Arm> arms, Map<String, DataSplit> dataByTask, Settings settings, Path dir) {
        return run(backend, arms, dataByTask, settings, dir, ProgressMode.QUIET);
    }

    /** Runs every missing (arm, phase, seed) of the study, appending to DIR/results.csv; returns the full table. */
    public static CsvTable run(Backend backend, List<Arm> arms, Map<String, DataSplit> dataByTask, Settings settings, Path dir,
                               ProgressMode progressMode) {
        Path results = TrainingRun.ensureDir(dir).resolve("results.csv");
        CsvTable done = Files.exists(results) ? CsvTable.readResults(results, HEADER) : new CsvTable(HEADER);
        int total = arms.size() * (settings.seeds() + 1);
        try (Progress progress = Progress.start(progressMode, "symmetry-study", total, "runs")) {
            for (Arm arm : arms) {
                DataSplit data = arm.expansion().apply(dataByTask.get(arm.task()));
                for (int s = 0; s < settings.seeds(); s++) {
                    long seed = settings.firstSeed() + s;
                    if (!isDone(done, arm, "final", seed)) {
                        TrainingResult result = trainOnce(backend, arm, data, config(arm, settings, settings.epochs(), seed), seed);
                        CsvTable.appendRow(results, HEADER, arm.task(), arm.name(), "final", seed, result.testAccuracy(),
                                result.testLoss(), Double.NaN);
                    }
                    progress.step();
                }
                if (!isDone(done, arm, "early", settings.firstSeed())) {
                    DataSplit early = new DataSplit(data.train().firstRows(Math.max(1, data.train().size() / 10)), data.test());
                    ReplicaRun.Outcome outcome = ReplicaRun.run(backend, arm.model(), config(arm, settings, 1, settings.firstSeed()),
                            early, Math.max(2, settings.seeds()), settings.firstSeed(), ProgressMode.QUIET);
                    CsvTable.appendRow(results, HEADER, arm.task(), arm.name(), "early", settings.firstSeed(), outcome.meanAccuracy(),
                            Double.NaN, outcome.metric().meanReplicaDistance());
                }
                progress.step();
            }
        }
        return CsvTable.read(results);
    }

    private static boolean isDone(CsvTable table, Arm arm, String phase, long seed) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("task", arm.task());
        key.put("arm", arm.name());
        key.put("phase", phase);
        key.put("seed", seed);
        return table.containsRow(key);
    }

    private static TrainConfig config(Arm arm, Settings settings, int epochs, long seed) {
        return new TrainConfig(epochs, settings.batch(), seed, arm.loss(), OptimizerConfig.adam(settings.learningRate(), 0f),
                LearningRateSchedule.constant(), 100);
    }

    private static TrainingResult trainOnce(Backend backend, Arm arm, DataSplit data, TrainConfig config, long seed) {
        Dataset train = data.train();
        int outputs = arm.loss() == Loss.SQUARED_ERROR ? train.targets().cols() : train.classes();
        try (TrainableModel model = arm.model().build(backend, train.inputDim(), outputs, seed)) {
            return new Trainer(config, List.of()).train(model, train, data.test());
        }
    }
}
