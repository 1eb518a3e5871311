package org.netgeom.experiments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Loss;
import org.netgeom.nn.ModelFiles;
import org.netgeom.report.ChartStyle;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.report.Provenance;
import org.netgeom.report.Series;
import org.netgeom.nn.TrainableModel;
import org.netgeom.star.BarrierCurve;
import org.netgeom.star.BatchNormRecompute;
import org.netgeom.star.ModelAlignment;
import org.netgeom.star.StarModels;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.ResidentData;

/**
 * {@code netgeom barrier}: the loss and error curve between two model files on one split,
 * optionally after aligning b to a by weight matching; with an output folder, curve.csv,
 * curve.png (or .svg) and barrier.json.
 */
public final class BarrierRun {
    /** Coordinate-descent rounds of weight matching; it usually stops after a few. */
    public static final int ALIGNMENT_ROUNDS = 100;

    /**
     * {@code alignSeconds} and {@code curveSeconds}: wall time of weight matching (0 without) and of
     * the curve; {@code batchNorm}: for models with BatchNorm, how each point got its running
     * statistics (null without BatchNorm).
     */
    public record Outcome(BarrierCurve curve, String split, boolean aligned, String loss, int rows, double alignSeconds,
                          double curveSeconds, Map<String, Object> batchNorm) {
        public Outcome(BarrierCurve curve, String split, boolean aligned, String loss, int rows, double alignSeconds,
                       double curveSeconds) {
            this(curve, split, aligned, loss, rows, alignSeconds, curveSeconds, null);
        }

        /** The barrier JSON; with BatchNorm, batch_norm says whether the statistics were recomputed (and on what) or interpolated. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("barrier_loss", curve.barrierLoss());
            m.put("barrier_error", curve.barrierError());
            m.put("curve", curve.curveMaps());
            m.put("split", split);
            m.put("aligned", aligned);
            m.put("loss", loss);
            m.put("samples", rows);
            m.put("align_seconds", alignSeconds);
            m.put("curve_seconds", curveSeconds);
            if (batchNorm != null) m.put("batch_norm", batchNorm);
            return m;
        }
    }

    /**
     * The barrier command's settings: models a and b, the split's name, points on the curve,
     * whether to align b to a first (seeded by {@code seed}), the activation of plain PyTorch
     * state_dicts, the curve figure's format (null: PNG), and for networks with BatchNorm the
     * training batches each point's running statistics are recomputed on ({@code bnBatches} of
     * {@code bnBatchSize} rows; 0 batches: interpolate the end models' statistics instead).
     */
    public record Settings(Path a, Path b, String split, int points, boolean align, long seed, Activation plainActivation,
                           FigureFormat figureFormat, List<String> commandLine, int bnBatches, int bnBatchSize) {
        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            BarrierCurve.requirePointCount(points);
            if (bnBatches < 0) throw InvalidInputException.forField("bnBatches", "{bnBatches} must be >= 0 (0: interpolate the statistics), got " + bnBatches);
            if (bnBatchSize < 2) throw InvalidInputException.forField("bnBatchSize", "{bnBatchSize} must be >= 2, got " + bnBatchSize);
        }

        /** Settings with BatchNorm statistics recomputed on the default batches. */
        public Settings(Path a, Path b, String split, int points, boolean align, long seed, Activation plainActivation,
                        FigureFormat figureFormat, List<String> commandLine) {
            this(a, b, split, points, align, seed, plainActivation, figureFormat, commandLine, BatchNormRecompute.DEFAULT_BATCHES,
                    BatchNormRecompute.DEFAULT_BATCH_SIZE);
        }

        /** The format of curve.png / curve.svg. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(a, b, split, points, align, seed, plainActivation, value, commandLine, bnBatches, bnBatchSize);
        }

        /** Recompute BatchNorm statistics on {@code batches} training batches of {@code batchSize} rows (0: interpolate them). */
        public Settings withBatchNorm(int batches, int batchSize) {
            return new Settings(a, b, split, points, align, seed, plainActivation, figureFormat, commandLine, batches, batchSize);
        }
    }

    /** What a barrier run writes in its folder. */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of("curve.csv", "barrier.json"),
            FigureFormat.fileNames("curve")).flatMap(List::stream).toList();

    private BarrierRun() {}

    /**
     * The barrier command's work: the curve ({@link #run(Backend, Path, Path, Dataset, String, int, boolean, long, Activation)})
     * and, with {@code outDir}, curve.csv, curve.png (or .svg) and barrier.json with provenance.
     */
    public static Outcome run(Settings settings, Backend backend, Dataset data, Path outDir) {
        return run(settings, backend, data, null, outDir);
    }

    /**
     * {@link #run(Settings, Backend, Dataset, Path)} with the training data that networks with
     * BatchNorm recompute each point's running statistics on (null: they are interpolated).
     */
    public static Outcome run(Settings settings, Backend backend, Dataset data, Dataset statisticsData, Path outDir) {
        Instant started = Instant.now();
        Outcome outcome = run(backend, settings.a(), settings.b(), data, settings.split(), settings.points(), settings.align(),
                settings.seed(), settings.plainActivation(), settings.bnBatches() == 0 ? null : statisticsData, settings.bnBatches(),
                settings.bnBatchSize());
        if (outDir != null) {
            write(outDir, outcome, Provenance.capture(backend, settings.commandLine(), settings.seed(), started).finished(Instant.now()),
                    settings.figureFormat());
        }
        return outcome;
    }

    public static Outcome run(Backend backend, Path a, Path b, Dataset data, String split, int points, boolean align,
                              long seed) {
        return run(backend, a, b, data, split, points, align, seed, Activation.RELU);
    }

    /** {@link #run}, reading plain PyTorch state_dicts with {@code plainActivation} between their layers. */
    public static Outcome run(Backend backend, Path a, Path b, Dataset data, String split, int points, boolean align,
                              long seed, Activation plainActivation) {
        return run(backend, a, b, data, split, points, align, seed, plainActivation, null, 0, BatchNormRecompute.DEFAULT_BATCH_SIZE);
    }

    /**
     * The curve between two model files (MLPs or convolutional networks); networks with
     * BatchNorm recompute each point's running statistics on the first {@code bnBatches} batches
     * of {@code bnBatchSize} rows of {@code statisticsData} (training data), or, when it is null,
     * interpolate the end models' statistics.
     */
    public static Outcome run(Backend backend, Path a, Path b, Dataset data, String split, int points, boolean align,
                              long seed, Activation plainActivation, Dataset statisticsData, int bnBatches, int bnBatchSize) {
        BarrierCurve.requirePointCount(points);
        try (TrainableModel modelA = StarModels.loadModel(backend, a, plainActivation);
             TrainableModel modelB = StarModels.loadModel(backend, b, plainActivation);
             MemoryScope scope = new MemoryScope(backend)) {
            StarModels.requireCompatible(modelA, a.toString(), modelB, b.toString());
            Dataset matched = ModelFiles.matchInputs(a, data, modelA.inputDim());
            Loss loss = ModelFiles.trainingLoss(a, matched.classes());
            long clock = System.nanoTime();
            if (align) ModelAlignment.align(modelA, modelB, seed, ALIGNMENT_ROUNDS).applyTo(modelB);
            backend.synchronize();
            double alignSeconds = align ? (System.nanoTime() - clock) / 1e9 : 0;
            ResidentData resident = ResidentData.upload(scope, matched, loss, modelA.outputDim());
            BatchNormRecompute recompute = null;
            Map<String, Object> batchNorm = null;
            if (StarModels.hasBatchNorm(modelA)) {
                batchNorm = new LinkedHashMap<>();
                if (statisticsData != null) {
                    Dataset rows = ModelFiles.matchInputs(a, statisticsData, modelA.inputDim());
                    rows = rows.firstRows((int) Math.min(rows.size(), (long) bnBatches * bnBatchSize));
                    recompute = new BatchNormRecompute(scope.upload(rows.inputs()), bnBatchSize, bnBatches);
                    batchNorm.put("statistics", "recomputed");
                    batchNorm.put("split", "train");
                    batchNorm.putAll(recompute.toMap());
                } else {
                    batchNorm.put("statistics", "interpolated");
                }
            }
            backend.synchronize();
            clock = System.nanoTime();
            BarrierCurve curve = BarrierCurve.compute(modelA, modelB, resident, loss, points, recompute);
            double curveSeconds = (System.nanoTime() - clock) / 1e9;
            return new Outcome(curve, split, align, loss.cliName(), matched.size(), alignSeconds, curveSeconds, batchNorm);
        }
    }

    /** curve.csv, the curve figure in {@code figures}' format and barrier.json (with provenance) in {@code dir}. */
    public static void write(Path dir, Outcome outcome, Provenance provenance, FigureFormat figures) {
        Path folder = TrainingRun.ensureDir(dir);
        CsvTable table = new CsvTable("t", "loss", "error");
        for (BarrierCurve.Point p : outcome.curve().points()) table.addRow(p.t(), p.loss(), p.error());
        table.write(folder.resolve("curve.csv"));
        double[] t = outcome.curve().points().stream().mapToDouble(BarrierCurve.Point::t).toArray();
        String figure = figures.fileName("curve");
        try {
            Plots.lineChart(folder.resolve(figure), ChartStyle.of("Loss along the segment (" + outcome.split() + ")", "t", "value"),
                    List.of(new Series("loss", t, outcome.curve().points().stream().mapToDouble(BarrierCurve.Point::loss).toArray()),
                            new Series("error", t, outcome.curve().points().stream().mapToDouble(BarrierCurve.Point::error).toArray())));
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: " + figure + " skipped: " + e.getMessage());
        }
        Map<String, Object> json = new LinkedHashMap<>(outcome.toMap());
        json.put("provenance", provenance.toMap());
        JsonOutput.writeFile(folder.resolve("barrier.json"), json);
    }
}
