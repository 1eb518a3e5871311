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
import org.netgeom.nn.Loss;
import org.netgeom.nn.TrainableModel;
import org.netgeom.io.CsvTable;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.Provenance;
import org.netgeom.symmetry.FillerWeightSums;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;

/**
 * The controlled symmetry-breaking experiment (issues 9, 16, 17): arms that differ only in one
 * symmetry breaker or one control ({@link SymmetryArms}), the same budget per arm, several seeds
 * each, MLP and convolutional arms side by side. Per arm and seed: final test accuracy and loss
 * after the full budget, and the drift of the first layer's filler-weight sums
 * ({@link FillerWeightSums}); per arm the replica metric early (one epoch on 10% of the data).
 * Rows go to results.csv one at a time, so an interrupted study resumes where it stopped.
 */
public final class SymmetryStudy {
    /**
     * Every arm's budget: hidden width, epochs of the final Fashion-MNIST runs, seeds per arm
     * (firstSeed, firstSeed + 1, ...), Adam's mini-batch and learning rate; {@code trainSize} is
     * recorded with the results (the data are loaded by the caller, 0: all); {@code figureFormat}
     * is accuracy_vs_metric's format (null: PNG); {@code heatEpochs} the heat-equation runs'
     * epochs (a budget where its test MSE has stopped falling); {@code permutations} the shuffles
     * of the ranking's permutation test.
     */
    public record Settings(int hiddenWidth, int epochs, int seeds, long firstSeed, int batch, float learningRate, int trainSize,
                           FigureFormat figureFormat, int heatEpochs, int permutations) {
        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            if (hiddenWidth < 1) throw InvalidInputException.forField("hiddenWidth", "{hiddenWidth} must be >= 1, got " + hiddenWidth);
            if (epochs < 1) throw InvalidInputException.forField("epochs", "{epochs} must be >= 1, got " + epochs);
            if (seeds < 1) throw InvalidInputException.forField("seeds", "{seeds} must be >= 1, got " + seeds);
            if (batch < 1) throw InvalidInputException.forField("batch", "{batch} must be >= 1, got " + batch);
            if (!(learningRate > 0)) throw InvalidInputException.forField("learningRate", "{learningRate} must be > 0, got " + learningRate);
            if (trainSize < 0) throw InvalidInputException.forField("trainSize", "{trainSize} must be >= 0 (0: all), got " + trainSize);
            if (heatEpochs < 1) throw InvalidInputException.forField("heatEpochs", "{heatEpochs} must be >= 1, got " + heatEpochs);
            if (permutations < 1) throw InvalidInputException.forField("permutations", "{permutations} must be >= 1, got " + permutations);
        }

        /**
         * The CLI's defaults: width 128, 3 epochs, 5 seeds from 1, batches of 128, Adam at 1e-3, all
         * the data, figures as PNG, 400 heat epochs, 10000 permutations.
         */
        public static Settings defaults() { return new Settings(128, 3, 5, 1, 128, 1e-3f, 0, FigureFormat.PNG, 400, 10000); }

        public Settings withHiddenWidth(int value) {
            return new Settings(value, epochs, seeds, firstSeed, batch, learningRate, trainSize, figureFormat, heatEpochs, permutations);
        }

        public Settings withEpochs(int value) {
            return new Settings(hiddenWidth, value, seeds, firstSeed, batch, learningRate, trainSize, figureFormat, heatEpochs, permutations);
        }

        public Settings withSeeds(int value) {
            return new Settings(hiddenWidth, epochs, value, firstSeed, batch, learningRate, trainSize, figureFormat, heatEpochs, permutations);
        }

        public Settings withFirstSeed(long value) {
            return new Settings(hiddenWidth, epochs, seeds, value, batch, learningRate, trainSize, figureFormat, heatEpochs, permutations);
        }

        public Settings withBatch(int value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, value, learningRate, trainSize, figureFormat, heatEpochs, permutations);
        }

        public Settings withLearningRate(float value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, batch, value, trainSize, figureFormat, heatEpochs, permutations);
        }

        public Settings withTrainSize(int value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, batch, learningRate, value, figureFormat, heatEpochs, permutations);
        }

        /** The format of accuracy_vs_metric.png / accuracy_vs_metric.svg. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, batch, learningRate, trainSize, value, heatEpochs, permutations);
        }

        public Settings withHeatEpochs(int value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, batch, learningRate, trainSize, figureFormat, value, permutations);
        }

        public Settings withPermutations(int value) {
            return new Settings(hiddenWidth, epochs, seeds, firstSeed, batch, learningRate, trainSize, figureFormat, heatEpochs, value);
        }
    }

    static final List<String> HEADER = List.of("task", "architecture", "arm", "phase", "seed", "test_accuracy", "test_loss",
            "replica_distance", "filler_sum_drift", "filler_sum_init_rms", "constant_drive_drift");
    static final List<String> WEIGHT_SUMS_HEADER = List.of("task", "architecture", "arm", "seed", "unit", "position_class", "sum_init",
            "sum_final");
    /** Per unit, its filler-weight sum at initialization and after training (weight_sums.csv). */
    public static final String WEIGHT_SUMS_CSV = "weight_sums.csv";

    /** What the study writes in its folder. */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of("results.csv", WEIGHT_SUMS_CSV, SymmetrySummary.SUMMARY_CSV,
            SymmetrySummary.SUMMARY_JSON), FigureFormat.fileNames(SymmetrySummary.FIGURE)).flatMap(List::stream).toList();

    /** The arms of the study's tasks and each task's data, by task name ("fashion-mnist", "heat"). */
    public record Tasks(List<SymmetryArms.Arm> arms, Map<String, DataSplit> data) {
        public Tasks {
            arms = List.copyOf(arms);
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }

        /**
         * The tasks named, in order: "fashion" (per architecture in {@code architectures} its
         * Fashion-MNIST arms, {@link SymmetryArms#fashion}; data as {@code fashion} loads it) and
         * "heat" (the heat-equation MLP arms of width {@code width / 2}, {@code heatSize} training
         * points drawn with {@code seed}).
         */
        public static Tasks of(List<String> names, List<String> architectures, String cnnModel, int width, DataOptions fashion,
                               int heatSize, long seed) {
            List<SymmetryArms.Arm> arms = new ArrayList<>();
            Map<String, DataSplit> data = new LinkedHashMap<>();
            if (architectures.isEmpty()) throw InvalidInputException.forField("architectures", "{architectures} must name at least one");
            for (String name : names) {
                switch (name.trim()) {
                    case "fashion" -> {
                        for (String architecture : architectures) arms.addAll(SymmetryArms.fashion(architecture, width, cnnModel));
                        data.put("fashion-mnist", DataSets.load(DataSpec.fashionMnist(), fashion));
                    }
                    case "heat" -> {
                        data.put("heat", HeatEquation.generate(heatSize, 2000, seed));
                        arms.addAll(SymmetryArms.heat(Math.max(1, width / 2)));
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
        return study(backend, tasks, settings, dir, progressMode, config, commandLine, null);
    }

    /**
     * {@link #study} of one shard's items (null: all of them); a shard writes no summary and
     * returns null: the summary needs every item, so it waits for {@link #mergeShards}.
     */
    public static SymmetrySummary.Outcome study(Backend backend, Tasks tasks, Settings settings, Path dir, ProgressMode progressMode,
                                                Map<String, Object> config, List<String> commandLine, Shard shard) {
        Instant started = Instant.now();
        CsvTable results = run(backend, tasks.arms(), tasks.data(), settings, dir, progressMode, shard);
        if (shard != null) return null;
        Provenance provenance = Provenance.capture(backend, commandLine, settings.firstSeed(), started).finished(Instant.now());
        return SymmetrySummary.write(dir, results, settings, config, provenance);
    }

    /** {@link #run(Backend, List, Map, Settings, Path, ProgressMode)} without progress shown. */
    public static CsvTable run(Backend backend, List<SymmetryArms.Arm> arms, Map<String, DataSplit> dataByTask, Settings settings, Path dir) {
        return run(backend, arms, dataByTask, settings, dir, ProgressMode.QUIET);
    }

    /** Runs every missing (arm, phase, seed) of the study, appending to DIR/results.csv; returns the full table. */
    public static CsvTable run(Backend backend, List<SymmetryArms.Arm> arms, Map<String, DataSplit> dataByTask, Settings settings,
                               Path dir, ProgressMode progressMode) {
        return run(backend, arms, dataByTask, settings, dir, progressMode, null);
    }

    /**
     * {@link #run} of the items {@code shard} owns (null: all) in the order {@link #itemIds}
     * enumerates them. Each item is seeded by its own seed (a final run by its seed, an arm's
     * early replica run by the first seed), never by its position, so a shard computes the same bits.
     */
    public static CsvTable run(Backend backend, List<SymmetryArms.Arm> arms, Map<String, DataSplit> dataByTask, Settings settings,
                               Path dir, ProgressMode progressMode, Shard shard) {
        Path results = TrainingRun.ensureDir(dir).resolve("results.csv");
        Path sums = dir.resolve(WEIGHT_SUMS_CSV);
        CsvTable done = Files.exists(results) ? CsvTable.readResults(results, HEADER) : new CsvTable(HEADER);
        List<String> items = itemIds(arms, settings);
        int total = shard == null ? items.size() : shard.select(items).size();
        long position = 0;
        try (Progress progress = Progress.start(progressMode, "symmetry-study", total, "runs")) {
            for (SymmetryArms.Arm arm : arms) {
                DataSplit raw = dataByTask.get(arm.task());
                DataSplit data = arm.expansion().apply(raw);
                for (int s = 0; s < settings.seeds(); s++) {
                    long seed = settings.firstSeed() + s;
                    if (shard != null && !shard.owns(position++)) continue;
                    if (!isDone(done, arm, "final", seed)) {
                        FinalRun run = trainOnce(backend, arm, data, raw.train().inputDim(), config(arm, settings, finalEpochs(arm, settings),
                                seed), seed);
                        // Weight sums first: a run cut off between the two appends is redone, and the summary keeps its last rows.
                        if (run.before() != null) appendSums(sums, arm, seed, run.before(), run.after());
                        FillerWeightSums.Drift drift = FillerWeightSums.drift(run.before(), run.after());
                        double drive = arm.expansion().fill() == InputExpansion.Fill.CONSTANT ? arm.expansion().value() * drift.meanAbsolute()
                                : Double.NaN;
                        CsvTable.appendRow(results, HEADER, arm.task(), arm.architecture(), arm.name(), "final", seed,
                                run.result().testAccuracy(), run.result().testLoss(), Double.NaN, drift.meanAbsolute(), drift.initialRms(), drive);
                    }
                    progress.step();
                }
                if (shard != null && !shard.owns(position++)) continue;
                if (!isDone(done, arm, "early", settings.firstSeed())) {
                    DataSplit early = new DataSplit(data.train().firstRows(Math.max(1, data.train().size() / 10)), data.test());
                    ReplicaRun.Outcome outcome = ReplicaRun.run(backend, arm.model(), config(arm, settings, 1, settings.firstSeed()),
                            early, Math.max(2, settings.seeds()), settings.firstSeed(), ProgressMode.QUIET);
                    CsvTable.appendRow(results, HEADER, arm.task(), arm.architecture(), arm.name(), "early", settings.firstSeed(),
                            outcome.meanAccuracy(), Double.NaN, outcome.metric().meanReplicaDistance(), Double.NaN, Double.NaN, Double.NaN);
                }
                progress.step();
            }
        }
        return CsvTable.read(results);
    }

    /**
     * The study's work items in its one fixed order, by identity: per arm (as {@link Tasks}
     * lists them), its final runs seed by seed, then its early replica run.
     */
    public static List<String> itemIds(List<SymmetryArms.Arm> arms, Settings settings) {
        List<String> ids = new ArrayList<>();
        for (SymmetryArms.Arm arm : arms) {
            for (int s = 0; s < settings.seeds(); s++) ids.add(itemId(arm, "final", settings.firstSeed() + s));
            ids.add(itemId(arm, "early", settings.firstSeed()));
        }
        return ids;
    }

    private static String itemId(SymmetryArms.Arm arm, String phase, long seed) {
        return itemId(arm.task(), arm.architecture(), arm.name(), phase, CsvTable.format(seed));
    }

    private static String itemId(String task, String architecture, String arm, String phase, String seed) {
        return String.join("/", task, architecture, arm, phase, seed);
    }

    /**
     * Writes OUT/results.csv and OUT/weight_sums.csv from the finished shards of {@code shards}
     * ({@link ShardSet#inspect} checked them), each row where one process would have put it.
     * A shard resumed after a cut between its two appends holds a run's weight sums twice; the
     * last copy is the one its results row belongs to, as in one process.
     */
    public static void mergeShards(ShardSet shards, Path out) {
        Map<String, Integer> positions = shards.positions();
        List<List<String>> rows = new ArrayList<>(java.util.Collections.nCopies(positions.size(), (List<String>) null));
        Map<String, List<List<String>>> sumsByRun = new LinkedHashMap<>();
        for (ShardMarker marker : shards.markers()) {
            if (marker.items().isEmpty()) continue; // more shards than items: this one had none
            Path file = shards.folder(marker.index()).resolve("results.csv");
            CsvTable table = CsvTable.readResults(file, HEADER);
            for (int r = 0; r < table.rowCount(); r++) {
                String id = itemId(table.value(r, "task"), table.value(r, "architecture"), table.value(r, "arm"), table.value(r, "phase"),
                        table.value(r, "seed"));
                Integer position = positions.get(id);
                if (position == null || position % shards.count() != marker.index()) {
                    throw new InvalidInputException(file + " row " + (r + 2) + " (" + id + ") is not one of shard " + marker.index()
                            + "'s items: rerun that shard into an empty folder");
                }
                rows.set(position, table.row(r));
            }
            Path sums = shards.folder(marker.index()).resolve(WEIGHT_SUMS_CSV);
            if (Files.exists(sums)) collectSums(CsvTable.readResults(sums, WEIGHT_SUMS_HEADER), sumsByRun);
        }
        CsvTable merged = new CsvTable(HEADER);
        CsvTable mergedSums = new CsvTable(WEIGHT_SUMS_HEADER);
        for (int position = 0; position < rows.size(); position++) {
            List<String> row = rows.get(position);
            if (row == null) {
                throw new InvalidInputException("shard " + position % shards.count() + " says it finished but its results.csv lacks an item"
                        + " (position " + position + "): rerun that shard");
            }
            merged.addRow(row.toArray());
            List<List<String>> runSums = sumsByRun.get(String.join("/", row.get(0), row.get(1), row.get(2), row.get(4)));
            if (row.get(3).equals("final") && runSums != null) runSums.forEach(sum -> mergedSums.addRow(sum.toArray()));
        }
        merged.write(TrainingRun.ensureDir(out).resolve("results.csv"));
        if (mergedSums.rowCount() > 0) mergedSums.write(out.resolve(WEIGHT_SUMS_CSV));
    }

    /**
     * Groups weight-sum rows by run (task, architecture, arm, seed); a run's later block replaces
     * an earlier one. A redone run's block can follow its first right away, so a block also ends
     * where a unit comes round again.
     */
    private static void collectSums(CsvTable sums, Map<String, List<List<String>>> sumsByRun) {
        String previous = null;
        java.util.Set<String> unitsInBlock = new java.util.HashSet<>();
        for (int r = 0; r < sums.rowCount(); r++) {
            String run = String.join("/", sums.value(r, "task"), sums.value(r, "architecture"), sums.value(r, "arm"), sums.value(r, "seed"));
            String unit = sums.value(r, "unit") + "/" + sums.value(r, "position_class");
            if (!run.equals(previous) || !unitsInBlock.add(unit)) {
                sumsByRun.put(run, new ArrayList<>());
                unitsInBlock.clear();
                unitsInBlock.add(unit);
            }
            sumsByRun.get(run).add(sums.row(r));
            previous = run;
        }
    }

    /** Heat runs train to convergence ({@link Settings#heatEpochs}); the classification arms share {@link Settings#epochs}. */
    static int finalEpochs(SymmetryArms.Arm arm, Settings settings) {
        return arm.task().equals("heat") ? settings.heatEpochs() : settings.epochs();
    }

    private static void appendSums(Path file, SymmetryArms.Arm arm, long seed, FillerWeightSums.Sums before, FillerWeightSums.Sums after) {
        CsvTable rows = new CsvTable(WEIGHT_SUMS_HEADER);
        for (int i = 0; i < before.values().length; i++) {
            rows.addRow(arm.task(), arm.architecture(), arm.name(), seed, before.units()[i], before.positionClasses().get(i),
                    before.values()[i], after.values()[i]);
        }
        CsvTable.appendRows(file, rows);
    }

    private static boolean isDone(CsvTable table, SymmetryArms.Arm arm, String phase, long seed) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("task", arm.task());
        key.put("architecture", arm.architecture());
        key.put("arm", arm.name());
        key.put("phase", phase);
        key.put("seed", seed);
        return table.containsRow(key);
    }

    private static TrainConfig config(SymmetryArms.Arm arm, Settings settings, int epochs, long seed) {
        return new TrainConfig(epochs, settings.batch(), seed, arm.loss(), OptimizerConfig.adam(settings.learningRate(), 0f),
                LearningRateSchedule.constant(), 100);
    }

    private record FinalRun(TrainingResult result, FillerWeightSums.Sums before, FillerWeightSums.Sums after) {}

    private static FinalRun trainOnce(Backend backend, SymmetryArms.Arm arm, DataSplit data, int rawInputDim, TrainConfig config, long seed) {
        Dataset train = data.train();
        int outputs = arm.loss() == Loss.SQUARED_ERROR ? train.targets().cols() : train.classes();
        try (TrainableModel model = arm.model().build(backend, train.inputDim(), outputs, seed)) {
            FillerWeightSums.Sums before = FillerWeightSums.of(model, arm.expansion(), rawInputDim);
            TrainingResult result = new Trainer(config, List.of()).train(model, train, data.test());
            return new FinalRun(result, before, before == null ? null : FillerWeightSums.of(model, arm.expansion(), rawInputDim));
        }
    }
}
