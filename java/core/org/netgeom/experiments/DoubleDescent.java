package org.netgeom.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
import org.netgeom.data.InputBinarization;
import org.netgeom.nn.RidgePenaltySearch;
import org.netgeom.io.CsvTable;
import org.netgeom.report.FigureFormat;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;

/**
 * The double-descent sweep of docs/methods/bmd.md (Double-descent sweep): for each width p and
 * seed, fit a model (random features by ridge, or an MLP by gradient descent), measure train/test
 * error and loss and the Monte Carlo BMD, and append the row to DIR/results.csv as soon as it is
 * complete. A re-run with the same folder skips the rows already there, so an interrupted sweep
 * resumes. Seeds s = seed .. seed + seeds - 1 draw the model (features or initial weights) and the
 * BMD points; the data stay fixed. Then {@link TwinPeaks} summarizes and plots the curves.
 */
public final class DoubleDescent {
    public static final List<String> COLUMNS = List.of("model", "width", "ratio", "lambda", "seed", "train_error",
            "test_error", "train_loss", "test_loss", "bmd", "bmd_stderr", "lambda_mode", "init", "distribution", "train_size", "bmd_data", "bmd_data_stderr");

    /** The folder under the sweep's where {@link Settings#saveModels} puts the fitted models. */
    public static final String MODELS = "models";

    /** What the sweep writes in its folder. */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of("results.csv", MODELS), FigureFormat.fileNames("twin_peaks"),
                    FigureFormat.fileNames(LambdaSweep.PEAKS_FIGURE))
            .flatMap(List::stream).toList();

    /** How a lambda sweep's point identity begins: "lambda=MODE,width=W,seed=S". */
    private static final String LAMBDA_ITEM = "lambda=";

    /** What model each width gets. */
    public enum ModelKind { RF, MLP }

    /**
     * A sweep's configuration. {@code lambda} null means the optimal penalty on the validation
     * set by {@code lambdaCriterion} (random features); {@code training} and
     * {@code adversarialEpochs} are for MLPs; {@code figureFormat} is the twin-peaks figure's format (null: PNG);
     * {@code saveModels} also writes every fitted model to DIR/models/ ({@link DoubleDescent#modelFile}), for robustness-study.
     */
    public record Settings(ModelKind model, int[] widths, Double lambda, RidgePenaltySearch.Criterion lambdaCriterion,
                           Activation activation, String distribution, int bmdSamples, int seeds, long seed,
                           boolean adversarialInit, TrainConfig training, int adversarialEpochs, ProgressMode progress,
                           FigureFormat figureFormat, boolean saveModels) {
        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            if (widths.length == 0) throw new InvalidInputException("the sweep needs at least one width");
            if (seeds < 1) throw InvalidInputException.forField("seeds", "{seeds} must be >= 1, got " + seeds);
            if (lambda != null && !(lambda > 0)) {
                throw InvalidInputException.forField("lambda", "{lambda} must be > 0, or null for the optimal penalty, got " + lambda);
            }
            if (model == ModelKind.MLP && training == null) throw new InvalidInputException("an MLP sweep needs training settings");
            if (adversarialInit && model != ModelKind.MLP) {
                throw InvalidInputException.forFields(List.of("adversarialInit", "model"),
                        "{adversarialInit} trains by gradient descent: use {model} mlp");
            }
            BmdSettings.of(new InputDistribution.Uniform(), bmdSamples, seed); // validates the sample count
            widths = widths.clone();
        }

        /**
         * The CLI's defaults over {@code widths}: random features (erf) fitted by ridge at lambda
         * 1e-6, BMD of 1000 uniform points, 3 seeds from 1; for an MLP sweep (withModel(MLP)), 20
         * epochs of Adam at 1e-3 in batches of 64 and 20 adversarial epochs; no progress shown; figures as PNG.
         */
        public static Settings defaults(int[] widths) {
            TrainConfig mlpTraining = TrainConfig.defaults().withEpochs(20).withBatchSize(64).withLogEverySteps(Integer.MAX_VALUE);
            return new Settings(ModelKind.RF, widths, 1e-6, RidgePenaltySearch.Criterion.MSE, Activation.ERF, "uniform", 1000, 3, 1,
                    false, mlpTraining, 20, ProgressMode.QUIET, FigureFormat.PNG, false);
        }

        public Settings withModel(ModelKind value) {
            return new Settings(value, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withWidths(int[] value) {
            return new Settings(model, value, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withLambda(Double value) {
            return new Settings(model, widths, value, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withLambdaCriterion(RidgePenaltySearch.Criterion value) {
            return new Settings(model, widths, lambda, value, activation, distribution, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withActivation(Activation value) {
            return new Settings(model, widths, lambda, lambdaCriterion, value, distribution, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withDistribution(String value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, value, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withBmdSamples(int value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, value, seeds, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withSeeds(int value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, value, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withSeed(long value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, value, adversarialInit, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withAdversarialInit(boolean value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, value, training, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withTraining(TrainConfig value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, adversarialInit, value, adversarialEpochs, progress, figureFormat, saveModels);
        }

        public Settings withAdversarialEpochs(int value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, adversarialInit, training, value, progress, figureFormat, saveModels);
        }

        public Settings withProgress(ProgressMode value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, value, figureFormat, saveModels);
        }

        /** The format of twin_peaks.png / twin_peaks.svg. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, progress, value, saveModels);
        }

        /** Whether every fitted model is written to DIR/models/ ({@link DoubleDescent#modelFile}). */
        public Settings withSaveModels(boolean value) {
            return new Settings(model, widths, lambda, lambdaCriterion, activation, distribution, bmdSamples, seeds, seed, adversarialInit, training, adversarialEpochs, progress, figureFormat, value);
        }

        /** "optimal" (validation MSE, the first criterion; rows written before the choice existed say so too) or "optimal-error". */
        String lambdaMode() {
            if (model == ModelKind.MLP) return "none";
            if (lambda != null) return Double.toString(lambda);
            return lambdaCriterion == RidgePenaltySearch.Criterion.ERROR ? "optimal-error" : "optimal";
        }

        String init() { return adversarialInit ? "adversarial" : "standard"; }

        String modelName() { return model == ModelKind.RF ? "rf" : "mlp"; }

        /** True when the penalty is chosen on a validation set: random features at the optimal lambda. */
        public boolean needsValidation() { return model == ModelKind.RF && lambda == null; }
    }

    /**
     * The sweep's data: the n training rows every model is fitted on and the test set
     * ({@code split}), and, when the penalty is chosen on one, the validation set; {@code binarization}
     * is the one applied to them (null: raw inputs), recorded in saved model files.
     */
    public record SweepData(DataSplit split, Dataset validation, InputBinarization binarization) {
        public SweepData(DataSplit split, Dataset validation) {
            this(split, validation, null);
        }

        /**
         * Loads {@code spec} with n = {@code options.trainSize()} training rows and, when
         * {@code validationSize} > 0, that many rows more, carved off as the validation set: the
         * rows after the first n, so the n fitted on are the same with or without one.
         */
        public static SweepData load(DataSpec spec, DataOptions options, int validationSize) {
            int n = options.trainSize();
            if (n < 1) throw new InvalidInputException("double-descent needs a training size n >= 1 (the n of p/n), got " + n);
            if (validationSize < 0) throw new InvalidInputException("the validation size must be >= 0, got " + validationSize);
            DataSplit loaded = DataSets.load(spec, options.withTrainSize(n + validationSize));
            Dataset validation = validationSize > 0 ? validationPart(loaded.train(), n) : null;
            return new SweepData(new DataSplit(loaded.train().firstRows(Math.min(n, loaded.train().size())), loaded.test()),
                    validation);
        }

        /** These data with every input binarized ({@link InputBinarization}: pixels in [0, 1] to +-1 at 0.5). */
        public SweepData binarized() {
            InputBinarization binarization = InputBinarization.standard();
            return new SweepData(binarization.apply(split), validation == null ? null : binarization.apply(validation), binarization);
        }

        private static Dataset validationPart(Dataset train, int n) {
            if (train.size() <= n) {
                throw InvalidInputException.forFields(List.of("trainSize", "validationSize"), "the data have only " + train.size()
                        + " training examples, none left to choose lambda on after the first " + n + "; lower {trainSize} or {validationSize}");
            }
            int[] rows = new int[train.size() - n];
            for (int i = 0; i < rows.length; i++) rows[i] = n + i;
            return train.subset(rows).withName(train.name() + " (validation)");
        }
    }

    /** A finished sweep: the summary of its curves, where its rows are, and the backend it ran on. */
    public record Outcome(TwinPeaks.Summary summary, Path folder, String backend) {
        /** What double-descent --json prints: where each curve peaks ({@link TwinPeaks.Summary#toMap}), out and backend. */
        public Map<String, Object> toMap() {
            Map<String, Object> result = summary.toMap();
            result.put("out", folder.toString());
            result.put("backend", backend);
            return result;
        }
    }

    /** One finished point of the sweep; {@code bmdOnData} is the BMD on the +-1 training rows, null when they are not +-1. */
    record Measurement(double lambda, double trainError, double testError, double trainLoss, double testLoss, BmdResult bmd,
                       BmdResult bmdOnData) {}

    private DoubleDescent() {}

    /** A ridge penalty as written: a number > 0, or "optimal" (null: chosen on the validation set). */
    public static Double parseLambda(String text) {
        if (text.trim().equalsIgnoreCase("optimal")) return null;
        try {
            double value = Double.parseDouble(text.trim());
            if (!(value > 0) || !Double.isFinite(value)) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("lambda must be a number > 0 or 'optimal', got " + text);
        }
    }

    /**
     * Penalties as written, comma-separated (a lambda sweep, e.g. "1e-6,1e-2,optimal"): each a
     * number > 0 or "optimal" (null), none twice.
     */
    public static List<Double> parseLambdas(String text) {
        List<Double> lambdas = new java.util.ArrayList<>();
        for (String part : text.split(",", -1)) {
            Double lambda = parseLambda(part);
            if (lambdas.contains(lambda)) {
                throw InvalidInputException.forField("lambda", "{lambda} lists " + part.trim() + " twice: give each penalty once");
            }
            lambdas.add(lambda);
        }
        return lambdas;
    }

    /**
     * Runs the missing points into {@code outDir}/results.csv, then draws twin_peaks.png or .svg
     * (removing the other format's copy, which a resumed sweep's earlier run may have left) and
     * returns the summary of all points for these settings.
     */
    public static Outcome run(Settings settings, Backend backend, SweepData sweepData, Path outDir) {
        return run(settings, backend, sweepData, outDir, null);
    }

    /**
     * {@link #run} for the points of one {@code shard} (null: all of them) into {@code outDir}
     * (its shard folder). A shard only measures: its Outcome has no summary, and the curves and
     * the figure wait for {@link #mergeShards}.
     */
    public static Outcome run(Settings settings, Backend backend, SweepData sweepData, Path outDir, Shard shard) {
        TwinPeaks.Summary summary = measure(settings, backend, sweepData, outDir, shard, 0);
        if (shard != null) return new Outcome(null, outDir, backend.name());
        int n = sweepData.split().train().size();
        Path figure = outDir.resolve(settings.figureFormat().fileName("twin_peaks"));
        FigureFormat.removeOtherFormats(figure);
        TwinPeaks.plot(figure, summary, settings.modelName() + ", lambda " + settings.lambdaMode()
                + ", init " + settings.init() + ", n = " + n);
        return new Outcome(summary, outDir, backend.name());
    }

    /** Runs the missing points into {@code outDir}/results.csv and summarizes all points for these settings; draws nothing. */
    static TwinPeaks.Summary measure(Settings settings, Backend backend, SweepData sweepData, Path outDir) {
        return measure(settings, backend, sweepData, outDir, null, 0);
    }

    /**
     * {@link #measure} of one shard's points (null: all); a shard returns no summary (null). The
     * sweep's points sit at positions {@code firstPosition} onwards of the enumeration the shard
     * deals out: 0 for a sweep of one penalty, the points of the penalties before it in a
     * {@link LambdaSweep}.
     */
    static TwinPeaks.Summary measure(Settings settings, Backend backend, SweepData sweepData, Path outDir, Shard shard,
                                     long firstPosition) {
        DataSplit data = sweepData.split();
        Dataset validation = sweepData.validation();
        if (settings.needsValidation() && validation == null) {
            throw InvalidInputException.forFields(List.of("lambda", "validation"),
                    "the optimal {lambda} is chosen on a validation set: give {validation}");
        }
        if (settings.saveModels() && shard != null) {
            throw InvalidInputException.forFields(List.of("saveModels", "shard"), "{saveModels} writes the models into the {shard}'s folder,"
                    + " which merge does not collect: keep the models of an unsharded sweep");
        }
        Path results = TrainingRun.ensureDir(outDir).resolve("results.csv");
        CsvTable done = Files.exists(results) ? CsvTable.readResults(results, COLUMNS) : new CsvTable(COLUMNS);
        int n = data.train().size();
        long total = pointCount(settings);
        if (shard != null) {
            long owned = 0;
            for (long position = firstPosition; position < firstPosition + total; position++) if (shard.owns(position)) owned++;
            total = owned;
        }
        InputDistribution distribution = InputDistribution.parse(settings.distribution(), data.train());
        if (!distribution.isMeanDimension()) {
            throw InvalidInputException.forField("distribution", "a sweep reports BMD, and {distribution} " + distribution.name()
                    + " is a sensitivity index, not a BMD: use uniform, or data on binarized inputs");
        }
        try (SweepModels models = new SweepModels(settings, backend, data, validation, settings.saveModels() ? outDir : null,
                sweepData.binarization());
             Progress progress = Progress.start(settings.progress(), "double-descent", total, "points")) {
            long finished = 0, position = firstPosition;
            for (int width : settings.widths()) {
                for (int s = 0; s < settings.seeds(); s++) {
                    // Each point is seeded by its width and seed, never by its position, so a shard computes the same bits.
                    if (shard != null && !shard.owns(position++)) continue;
                    long seed = settings.seed() + s;
                    Map<String, Object> key = key(settings, width, seed, n);
                    if (!done.containsRow(key)) {
                        progress.setMessage("width " + width + " seed " + seed);
                        Measurement m = models.measure(width, seed, BmdSettings.of(distribution, settings.bmdSamples(), seed));
                        CsvTable.appendRow(results, COLUMNS, settings.modelName(), width, (double) width / n, m.lambda(), seed,
                                m.trainError(), m.testError(), m.trainLoss(), m.testLoss(), m.bmd().bmd(), m.bmd().stderr(),
                                settings.lambdaMode(), settings.init(), distribution.name(), n,
                                m.bmdOnData() == null ? Double.NaN : m.bmdOnData().bmd(),
                                m.bmdOnData() == null ? Double.NaN : m.bmdOnData().stderr());
                    }
                    progress.stepTo(++finished);
                }
            }
        }
        if (shard != null) return null;
        return TwinPeaks.summarize(CsvTable.read(results), keyWithoutWidthAndSeed(settings, n));
    }

    /**
     * Where {@link Settings#saveModels} writes the model of width {@code width} and seed {@code seed}:
     * DIR/models/width-W-seed-S.safetensors, under models/lambda-MODE/ for random features (a
     * lambda sweep fits one model per penalty at each point).
     */
    public static Path modelFile(Path outDir, Settings settings, int width, long seed) {
        Path folder = outDir.resolve(MODELS);
        if (settings.model() == ModelKind.RF) folder = folder.resolve("lambda-" + settings.lambdaMode());
        return folder.resolve("width-" + width + "-seed-" + seed + ".safetensors");
    }

    /** Every point's identity, "width=W,seed=S", in the order the sweep enumerates them (width, then seed). */
    public static List<String> itemIds(Settings settings) {
        return itemIds(settings, null);
    }

    /**
     * {@link #itemIds(Settings)} of one penalty of a {@link LambdaSweep}: "lambda=MODE,width=W,seed=S"
     * with MODE the results' lambda_mode ({@code lambdaMode} null: the one-penalty form, without it).
     */
    static List<String> itemIds(Settings settings, String lambdaMode) {
        List<String> ids = new java.util.ArrayList<>();
        for (int width : settings.widths()) {
            for (int s = 0; s < settings.seeds(); s++) {
                ids.add(itemId(lambdaMode, CsvTable.format(width), CsvTable.format(settings.seed() + s)));
            }
        }
        return ids;
    }

    /** How many points the sweep has: widths x seeds. */
    static long pointCount(Settings settings) { return (long) settings.widths().length * settings.seeds(); }

    private static String itemId(String lambdaMode, String width, String seed) {
        return (lambdaMode == null ? "" : LAMBDA_ITEM + lambdaMode + ",") + "width=" + width + ",seed=" + seed;
    }

    /**
     * Writes {@code out}/results.csv from the finished shards' rows in the sweep's order, byte for
     * byte the file one process writes (a {@link LambdaSweep}'s too: penalty, then width, then
     * seed); the summary and figures follow when the sweep is run on {@code out} (every point is then done).
     */
    public static void mergeShards(ShardSet shards, Path out) {
        Map<String, Integer> positions = shards.positions();
        // A lambda sweep's points carry their penalty (LambdaSweep.itemIds); one penalty's keep the ids they always had.
        boolean perLambda = positions.keySet().stream().anyMatch(id -> id.startsWith(LAMBDA_ITEM));
        List<List<String>> rows = new java.util.ArrayList<>(java.util.Collections.nCopies(positions.size(), (List<String>) null));
        for (ShardMarker marker : shards.markers()) {
            if (marker.items().isEmpty()) continue; // more shards than points: this one had none
            Path file = shards.folder(marker.index()).resolve("results.csv");
            CsvTable table = CsvTable.readResults(file, COLUMNS);
            for (int r = 0; r < table.rowCount(); r++) {
                String id = itemId(perLambda ? table.value(r, "lambda_mode") : null, table.value(r, "width"), table.value(r, "seed"));
                Integer position = positions.get(id);
                if (position == null || position % shards.count() != marker.index()) {
                    throw new InvalidInputException(file + " row " + (r + 2) + " (" + id + ") is not one of shard " + marker.index()
                            + "'s points: rerun that shard into an empty folder");
                }
                rows.set(position, table.row(r));
            }
        }
        CsvTable merged = new CsvTable(COLUMNS);
        for (int position = 0; position < rows.size(); position++) {
            if (rows.get(position) == null) {
                throw new InvalidInputException("shard " + position % shards.count() + " says it finished but its results.csv lacks a point"
                        + " (position " + position + "): rerun that shard");
            }
            merged.addRow(rows.get(position).toArray());
        }
        merged.write(TrainingRun.ensureDir(out).resolve("results.csv"));
    }

    private static Map<String, Object> key(Settings settings, int width, long seed, int n) {
        Map<String, Object> key = keyWithoutWidthAndSeed(settings, n);
        key.put("width", width);
        key.put("seed", seed);
        return key;
    }

    private static Map<String, Object> keyWithoutWidthAndSeed(Settings settings, int n) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("model", settings.modelName());
        key.put("lambda_mode", settings.lambdaMode());
        key.put("init", settings.init());
        key.put("distribution", settings.distribution().trim().toLowerCase(java.util.Locale.ROOT));
        key.put("train_size", n);
        return key;
    }
}
