package org.netgeom.experiments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.report.ChartStyle;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.report.Provenance;
import org.netgeom.report.Series;
import org.netgeom.star.BarrierCurve;
import org.netgeom.star.StarModels;
import org.netgeom.star.WeightMatching;
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

    /** {@code alignSeconds} and {@code curveSeconds}: wall time of weight matching (0 without) and of the curve. */
    public record Outcome(BarrierCurve curve, String split, boolean aligned, String loss, int rows, double alignSeconds,
                          double curveSeconds) {
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
            return m;
        }
    }

    /**
     * The barrier command's settings: models a and b, the split's name, points on the curve,
     * whether to align b to a first (seeded by {@code seed}), the activation of plain PyTorch
     * state_dicts, and the curve figure's format (null: PNG).
     */
    public record Settings(Path a, Path b, String split, int points, boolean align, long seed, Activation plainActivation,
                           FigureFormat figureFormat, List<String> commandLine) {
        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            BarrierCurve.requirePointCount(points);
        }

        /** The format of curve.png / curve.svg. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(a, b, split, points, align, seed, plainActivation, value, commandLine);
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
        Instant started = Instant.now();
        Outcome outcome = run(backend, settings.a(), settings.b(), data, settings.split(), settings.points(), settings.align(),
                settings.seed(), settings.plainActivation());
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
        BarrierCurve.requirePointCount(points);
        try (Mlp modelA = StarModels.load(backend, a, plainActivation); Mlp modelB = StarModels.load(backend, b, plainActivation);
             MemoryScope scope = new MemoryScope(backend)) {
            StarModels.requireCompatible(modelA, a.toString(), modelB, b.toString());
            Dataset matched = ModelFiles.matchInputs(a, data, modelA.inputDim());
            Loss loss = ModelFiles.trainingLoss(a, matched.classes());
            long clock = System.nanoTime();
            if (align) modelB.loadParameters(WeightMatching.align(modelA, modelB, seed, ALIGNMENT_ROUNDS).alignedParameters());
            backend.synchronize();
            double alignSeconds = align ? (System.nanoTime() - clock) / 1e9 : 0;
            ResidentData resident = ResidentData.upload(scope, matched, loss, modelA.outputDim());
            backend.synchronize();
            clock = System.nanoTime();
            BarrierCurve curve = BarrierCurve.compute(modelA, modelB, resident, loss, points);
            double curveSeconds = (System.nanoTime() - clock) / 1e9;
            return new Outcome(curve, split, align, loss.cliName(), matched.size(), alignSeconds, curveSeconds);
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
