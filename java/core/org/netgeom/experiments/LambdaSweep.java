package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.io.CsvTable;
import org.netgeom.report.BandSeries;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * The ridge-penalty sweep of docs/methods/bmd.md (Optimal penalty and the lambda sweep): one
 * random-features width sweep per penalty (numbers and "optimal"), all rows in one results.csv,
 * then where the BMD peaks for each penalty, against p = n and p = d. The source's claim at the
 * optimal penalty is that the test error falls monotonically while the BMD keeps an interior peak;
 * it does not place that peak at p = n, so the sweep reports the location instead of assuming it.
 */
public final class LambdaSweep {
    /** The figure of the BMD peak's height and location against lambda. */
    public static final String PEAKS_FIGURE = "bmd_peaks";

    /**
     * One penalty's sweep: its summary, and for "optimal" ({@code lambda} null) the mean penalty
     * chosen at the BMD peak's width (the fixed penalty otherwise).
     */
    public record Point(Double lambda, String lambdaMode, TwinPeaks.Summary summary, double lambdaAtBmdPeak) {
        /** The summary's keys ({@link TwinPeaks.Summary#toMap}) plus lambda_mode, lambda_at_bmd_peak and the peak's p/d. */
        Map<String, Object> toMap(int inputDim) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lambda_mode", lambdaMode);
            m.put("lambda_at_bmd_peak", lambdaAtBmdPeak);
            m.putAll(summary.toMap());
            TwinPeaks.Peak peak = summary.bmdPeak();
            m.put("bmd_peak_p_over_n", peak.ratio());
            m.put("bmd_peak_p_over_d", (double) peak.width() / inputDim);
            return m;
        }
    }

    /** All penalties' points, the input dimension d and training size n the locations are measured against. */
    public record Outcome(List<Point> points, int inputDim, int trainSize, Path folder, String backend) {
        /** What double-descent --json prints for a lambda list: lambdas (one object per penalty), input_dim, train_size, out, backend. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Map<String, Object>> lambdas = new ArrayList<>();
            for (Point p : points) lambdas.add(p.toMap(inputDim));
            m.put("lambdas", lambdas);
            m.put("input_dim", inputDim);
            m.put("train_size", trainSize);
            m.put("out", folder.toString());
            m.put("backend", backend);
            return m;
        }

        /** The point of "optimal", or null when the sweep has none. */
        public Point optimal() {
            return points.stream().filter(p -> p.lambda() == null).findFirst().orElse(null);
        }
    }

    private LambdaSweep() {}

    /**
     * Runs {@code settings}' width sweep at each of {@code lambdas} (null: the optimal penalty)
     * into {@code outDir}/results.csv (resumable), then draws twin_peaks (every penalty's test
     * error and BMD against p/n) and bmd_peaks.
     */
    public static Outcome run(DoubleDescent.Settings settings, List<Double> lambdas, Backend backend, DoubleDescent.SweepData data,
                              Path outDir) {
        return run(settings, lambdas, backend, data, outDir, null);
    }

    /**
     * {@link #run} for the points of one {@code shard} (null: all of them) into {@code outDir}
     * (its shard folder): the sweep's items are every penalty's points in {@link #itemIds} order,
     * each seeded by its width and seed as in one process. A shard only measures: its Outcome has
     * no points, and the curves and figures wait for {@link DoubleDescent#mergeShards}.
     */
    public static Outcome run(DoubleDescent.Settings settings, List<Double> lambdas, Backend backend, DoubleDescent.SweepData data,
                              Path outDir, Shard shard) {
        if (settings.model() != DoubleDescent.ModelKind.RF) {
            throw InvalidInputException.forFields(List.of("lambda", "model"), "a list of {lambda} penalties sweeps the ridge penalty"
                    + " of random features: use {model} rf");
        }
        if (lambdas.isEmpty()) throw InvalidInputException.forField("lambda", "a lambda sweep needs at least one {lambda}");
        int n = data.split().train().size();
        List<Point> points = new ArrayList<>();
        long firstPosition = 0;
        for (Double lambda : lambdas) {
            DoubleDescent.Settings one = settings.withLambda(lambda);
            TwinPeaks.Summary summary = DoubleDescent.measure(one, backend, data, outDir, shard, firstPosition);
            firstPosition += DoubleDescent.pointCount(one);
            if (shard == null) points.add(new Point(lambda, one.lambdaMode(), summary, lambdaAtPeak(outDir, one, summary)));
        }
        if (shard != null) return new Outcome(List.of(), data.split().train().inputDim(), n, outDir, backend.name());
        Outcome outcome = new Outcome(points, data.split().train().inputDim(), n, outDir, backend.name());
        Path curves = outDir.resolve(settings.figureFormat().fileName("twin_peaks"));
        FigureFormat.removeOtherFormats(curves);
        plotCurves(curves, outcome);
        Path peaks = outDir.resolve(settings.figureFormat().fileName(PEAKS_FIGURE));
        FigureFormat.removeOtherFormats(peaks);
        plotPeaks(peaks, outcome);
        return outcome;
    }

    /**
     * Every point's identity in the order the sweep enumerates them: penalty (as listed), then
     * width, then seed, "lambda=MODE,width=W,seed=S" with MODE the results' lambda_mode. A list of
     * one penalty is a plain width sweep, whose points keep {@link DoubleDescent#itemIds}'s "width=W,seed=S".
     */
    public static List<String> itemIds(DoubleDescent.Settings settings, List<Double> lambdas) {
        if (lambdas.size() == 1) return DoubleDescent.itemIds(settings.withLambda(lambdas.getFirst()));
        List<String> ids = new ArrayList<>();
        for (Double lambda : lambdas) {
            DoubleDescent.Settings one = settings.withLambda(lambda);
            ids.addAll(DoubleDescent.itemIds(one, one.lambdaMode()));
        }
        return ids;
    }

    /** The mean of the "lambda" column over the BMD peak width's rows: the penalty the optimal mode chose there. */
    private static double lambdaAtPeak(Path outDir, DoubleDescent.Settings settings, TwinPeaks.Summary summary) {
        if (settings.lambda() != null) return settings.lambda();
        CsvTable table = CsvTable.read(outDir.resolve("results.csv"));
        double sum = 0;
        int count = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            if (table.value(r, "lambda_mode").equals(settings.lambdaMode())
                    && (int) table.doubleValue(r, "width") == summary.bmdPeak().width()) {
                sum += table.doubleValue(r, "lambda");
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Test error (left) and BMD (right) against p/n for every penalty. */
    static void plotCurves(Path target, Outcome outcome) {
        ChartStyle style = ChartStyle.of("Twin peaks across ridge penalties (n = " + outcome.trainSize() + ", d = " + outcome.inputDim()
                + ")", "p / n (width / training examples)", "test error").withLogX().withSize(1000, 620);
        List<BandSeries> left = new ArrayList<>(), right = new ArrayList<>();
        for (Point p : outcome.points()) {
            TwinPeaks.Summary s = p.summary();
            left.add(new BandSeries("test error, lambda " + p.lambdaMode(), s.ratios(), s.testError(), s.testErrorSpread()));
            right.add(new BandSeries("BMD, lambda " + p.lambdaMode(), s.ratios(), s.bmd(), s.bmdSpread()));
        }
        draw(target, style, "boolean mean dimension", left, right);
    }

    /**
     * The BMD peak's location (p/n, left, log) and height (right) against lambda (log); "optimal"
     * sits at the mean penalty it chose at its peak width. Lines mark p = n and p = d.
     */
    static void plotPeaks(Path target, Outcome outcome) {
        List<Point> fixed = outcome.points().stream().filter(p -> p.lambda() != null)
                .sorted((a, b) -> Double.compare(a.lambda(), b.lambda())).toList();
        List<BandSeries> left = new ArrayList<>(), right = new ArrayList<>();
        double n = outcome.trainSize();
        if (!fixed.isEmpty()) {
            double[] x = fixed.stream().mapToDouble(Point::lambdaAtBmdPeak).toArray();
            double[] location = fixed.stream().mapToDouble(p -> p.summary().bmdPeak().ratio()).toArray();
            double[] height = fixed.stream().mapToDouble(p -> p.summary().bmdPeak().value()).toArray();
            double[] spread = fixed.stream().mapToDouble(p -> peakSpread(p.summary())).toArray();
            left.add(new BandSeries("BMD peak p/n", x, location, new double[x.length]));
            left.add(new BandSeries("p = n", x, constant(x.length, 1), new double[x.length]));
            left.add(new BandSeries("p = d", x, constant(x.length, outcome.inputDim() / n), new double[x.length]));
            right.add(new BandSeries("BMD peak height", x, height, spread));
        }
        Point optimal = outcome.optimal();
        if (optimal != null && Double.isFinite(optimal.lambdaAtBmdPeak())) {
            double[] x = {optimal.lambdaAtBmdPeak()};
            left.add(new BandSeries("BMD peak p/n, optimal lambda", x, new double[] {optimal.summary().bmdPeak().ratio()}, new double[1]));
            right.add(new BandSeries("BMD peak height, optimal lambda", x, new double[] {optimal.summary().bmdPeak().value()},
                    new double[] {peakSpread(optimal.summary())}));
        }
        ChartStyle style = ChartStyle.of("Where the BMD peaks against the ridge penalty (n = " + outcome.trainSize() + ", d = "
                + outcome.inputDim() + ")", "lambda", "BMD peak location p / n").withLogX().withLogY().withSize(1000, 620);
        draw(target, style, "BMD peak height", left, right);
    }

    private static double peakSpread(TwinPeaks.Summary summary) {
        for (int i = 0; i < summary.widths().length; i++) if (summary.widths()[i] == summary.bmdPeak().width()) return summary.bmdSpread()[i];
        return 0;
    }

    private static double[] constant(int length, double value) {
        double[] values = new double[length];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private static void draw(Path target, ChartStyle style, String rightAxis, List<BandSeries> left, List<BandSeries> right) {
        try {
            Plots.twinAxisChart(target, style, rightAxis, left, right);
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: " + target.getFileName() + " skipped: " + e.getMessage());
        }
    }
}
