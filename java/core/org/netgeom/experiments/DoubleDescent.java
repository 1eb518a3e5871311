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
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
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
            "test_error", "train_loss", "test_loss", "bmd", "bmd_stderr", "lambda_mode", "init", "distribution", "train_size");

    /** What the sweep writes in its folder. */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of("results.csv"), FigureFormat.fileNames("twin_peaks"))
            .flatMap(List::stream).toList();

    /** What model each width gets. */
    public enum ModelKind { RF, MLP }

    /**
     * A sweep's configuration. {@code lambda} null means the optimal penalty on the validation
     * set by {@code lambdaCriterion} (random features); {@code training} and
     * {@code adversarialEpochs} are for MLPs; {@code figures} is the twin-peaks figure's format (null: PNG).
     */
    public record Settings(ModelKind model, int[] widths, Double lambda, RidgePenaltySearch.Criterion lambdaCriterion,
                           Activation activation, String distribution, int bmdSamples, int seeds, long seed,
                           boolean adversarialInit, TrainConfig training, int adversarialEpochs, ProgressMode progress,
                           FigureFormat figures) {
        public Settings {
            figures = figures == null ? FigureFormat.PNG : figures;
            if (widths.length == 0) throw new InvalidInputException("the sweep needs at least one width");
            if (seeds < 1) throw new InvalidInputException("--seeds must be >= 1, got " + seeds);
            if (lambda != null && !(lambda > 0)) throw new InvalidInputException("--lambda must be > 0 or 'optimal', got " + lambda);
            if (model == ModelKind.MLP && training == null) throw new InvalidInputException("an MLP sweep needs training settings");
            if (adversarialInit && model != ModelKind.MLP) {
                throw new InvalidInputException("--init adversarial trains by gradient descent: use --model mlp");
            }
            BmdSettings.of(new InputDistribution.Uniform(), bmdSamples, seed); // validates the sample count
            widths = widths.clone();
        }

        /** "optimal" (validation MSE, the first criterion; rows written before the choice existed say so too) or "optimal-error". */
        String lambdaMode() {
            if (model == ModelKind.MLP) return "none";
            if (lambda != null) return Double.toString(lambda);
            return lambdaCriterion == RidgePenaltySearch.Criterion.ERROR ? "optimal-error" : "optimal";
        }

        String init() { return adversarialInit ? "adversarial" : "standard"; }

        String modelName() { return model == ModelKind.RF ? "rf" : "mlp"; }
    }

    /** One finished point of the sweep. */
    record Measurement(double lambda, double trainError, double testError, double trainLoss, double testLoss, BmdResult bmd) {}

    private DoubleDescent() {}

    /**
     * Runs the missing points, then draws twin_peaks.png or .svg (removing the other format's copy,
     * which a resumed sweep's earlier run may have left) and returns the summary of all points for
     * these settings.
     */
    public static TwinPeaks.Summary run(Settings settings, Backend backend, DataSplit data, Dataset validation, Path outDir) {
        if (settings.lambda() == null && settings.model() == ModelKind.RF && validation == null) {
            throw new InvalidInputException("--lambda optimal needs a validation set (--validation-size > 0)");
        }
        Path results = TrainingRun.ensureDir(outDir).resolve("results.csv");
        CsvTable done = Files.exists(results) ? CsvTable.readResults(results, COLUMNS) : new CsvTable(COLUMNS);
        int n = data.train().size();
        long total = (long) settings.widths().length * settings.seeds();
        InputDistribution distribution = InputDistribution.parse(settings.distribution(), data.train());
        try (SweepModels models = new SweepModels(settings, backend, data, validation);
             Progress progress = Progress.start(settings.progress(), "double-descent", total, "points")) {
            long finished = 0;
            for (int width : settings.widths()) {
                for (int s = 0; s < settings.seeds(); s++) {
                    long seed = settings.seed() + s;
                    Map<String, Object> key = key(settings, width, seed, n);
                    if (!done.containsRow(key)) {
                        progress.setMessage("width " + width + " seed " + seed);
                        Measurement m = models.measure(width, seed, BmdSettings.of(distribution, settings.bmdSamples(), seed));
                        CsvTable.appendRow(results, COLUMNS, settings.modelName(), width, (double) width / n, m.lambda(), seed,
                                m.trainError(), m.testError(), m.trainLoss(), m.testLoss(), m.bmd().bmd(), m.bmd().stderr(),
                                settings.lambdaMode(), settings.init(), distribution.name(), n);
                    }
                    progress.stepTo(++finished);
                }
            }
        }
        TwinPeaks.Summary summary = TwinPeaks.summarize(CsvTable.read(results), keyWithoutWidthAndSeed(settings, n));
        Path figure = outDir.resolve(settings.figures().fileName("twin_peaks"));
        FigureFormat.removeOtherFormats(figure);
        TwinPeaks.plot(figure, summary, settings.modelName() + ", lambda " + settings.lambdaMode()
                + ", init " + settings.init() + ", n = " + n);
        return summary;
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
