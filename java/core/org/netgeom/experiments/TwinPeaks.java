package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.netgeom.report.BandSeries;
import org.netgeom.report.ChartStyle;
import org.netgeom.io.CsvTable;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.tensor.InvalidInputException;

/**
 * The curves of a double-descent sweep: per width, the mean and standard deviation over seeds
 * of the test error and the BMD, where each curve peaks, and the twin-axis chart of both
 * against p/n (docs/methods/bmd.md, Double-descent sweep and Outputs).
 */
public final class TwinPeaks {

    /** One curve's maximum of the mean over seeds. */
    public record Peak(int width, double ratio, double value) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("width", width);
            m.put("ratio", ratio);
            m.put("value", value);
            return m;
        }
    }

    /**
     * Per-width means and spreads (sorted by width) and the peaks. {@code bmdStandardError} is the
     * standard error of the mean BMD: seed standard deviation / sqrt(seeds), or with one seed the
     * Monte Carlo (jackknife) standard error. {@code bmdOnData} and its spread: the BMD on the +-1
     * training rows (sign flips), NaN where the inputs were not binarized.
     */
    public record Summary(int[] widths, double[] ratios, double[] testError, double[] testErrorSpread, double[] bmd,
                          double[] bmdSpread, double[] bmdStandardError, double[] bmdOnData, double[] bmdOnDataSpread,
                          double[] trainError, int rows) {
        public Peak testErrorPeak() { return peak(testError); }

        public Peak bmdPeak() { return peak(bmd); }

        /** Where the BMD on the +-1 training rows peaks (NaN value when the inputs were not binarized). */
        public Peak bmdOnDataPeak() { return peak(bmdOnData); }

        /** The largest mean train error over widths at least {@code minimumRatio} x n: 0 when all of them interpolate. */
        public double largestTrainErrorFrom(double minimumRatio) {
            double largest = 0;
            for (int i = 0; i < widths.length; i++) if (ratios[i] >= minimumRatio) largest = Math.max(largest, trainError[i]);
            return largest;
        }

        /** The largest rise of the mean test error between neighbouring widths (0 when it only falls). */
        public double largestTestErrorRise() {
            double largest = 0;
            for (int i = 0; i + 1 < testError.length; i++) largest = Math.max(largest, testError[i + 1] - testError[i]);
            return largest;
        }

        /**
         * The test error falls monotonically within noise: no rise between neighbouring widths
         * exceeds the larger seed standard deviation of the two (docs/methods/bmd.md, Double-descent sweep).
         */
        public boolean testErrorFallsMonotonically() {
            for (int i = 0; i + 1 < testError.length; i++) {
                if (testError[i + 1] - testError[i] > Math.max(testErrorSpread[i], testErrorSpread[i + 1])) return false;
            }
            return true;
        }

        /**
         * How far the BMD peak stands above both ends of the grid, in standard errors of the
         * difference: min over the two ends e of (bmd[peak] - bmd[e]) / sqrt(se[peak]^2 + se[e]^2);
         * not positive when the peak is an end (or the grid has fewer than three widths).
         */
        public double bmdPeakMargin() {
            int peak = peakIndex(bmd);
            int last = bmd.length - 1;
            if (peak <= 0 || peak >= last) return 0;
            return Math.min(margin(peak, 0), margin(peak, last));
        }

        private double margin(int peak, int end) {
            double spread = Math.hypot(bmdStandardError[peak], bmdStandardError[end]);
            double rise = bmd[peak] - bmd[end];
            return spread > 0 ? rise / spread : rise > 0 ? Double.POSITIVE_INFINITY : 0;
        }

        /**
         * The spec's interior maximum (docs/methods/bmd.md, section 3 of the spec): the BMD peak is
         * not at either end of the grid and exceeds both ends by more than 2 standard errors.
         */
        public boolean hasInteriorBmdPeak() { return bmdPeakMargin() > 2; }

        /** The width whose p/n is nearest 1 (in log). */
        public int interpolationWidth() {
            int best = 0;
            for (int i = 1; i < ratios.length; i++) if (Math.abs(Math.log(ratios[i])) < Math.abs(Math.log(ratios[best]))) best = i;
            return widths[best];
        }

        private Peak peak(double[] curve) {
            int best = peakIndex(curve);
            return best < 0 ? new Peak(0, Double.NaN, Double.NaN) : new Peak(widths[best], ratios[best], curve[best]);
        }

        private static int peakIndex(double[] curve) {
            int best = -1;
            for (int i = 0; i < curve.length; i++) if (!Double.isNaN(curve[i]) && (best < 0 || curve[i] > curve[best])) best = i;
            return best;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", rows);
            m.put("widths", widths.length);
            m.put("interpolation_width", interpolationWidth());
            m.put("test_error_peak", testErrorPeak().toMap());
            m.put("bmd_peak", bmdPeak().toMap());
            if (Double.isFinite(bmdOnDataPeak().value())) m.put("bmd_data_peak", bmdOnDataPeak().toMap());
            m.put("peaks_coincide", testErrorPeak().width() == bmdPeak().width());
            m.put("test_error_monotone", testErrorFallsMonotonically());
            m.put("largest_test_error_rise", largestTestErrorRise());
            m.put("bmd_interior_peak", hasInteriorBmdPeak());
            m.put("bmd_peak_margin", bmdPeakMargin());
            return m;
        }
    }

    private TwinPeaks() {}

    /** Summarizes the rows of {@code table} that match every value of {@code key}. */
    public static Summary summarize(CsvTable table, Map<String, Object> key) {
        TreeMap<Integer, List<Integer>> rowsByWidth = new TreeMap<>();
        int rows = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            if (!matches(table, r, key)) continue;
            rowsByWidth.computeIfAbsent((int) table.doubleValue(r, "width"), w -> new ArrayList<>()).add(r);
            rows++;
        }
        if (rows == 0) throw new InvalidInputException("no finished rows for " + key + " in the results table");
        int count = rowsByWidth.size();
        int[] widths = new int[count];
        double[] ratios = new double[count], testError = new double[count], testSpread = new double[count];
        double[] bmd = new double[count], bmdSpread = new double[count], bmdError = new double[count], trainError = new double[count];
        double[] onData = new double[count], onDataSpread = new double[count];
        boolean hasDataColumn = table.header().contains("bmd_data");
        int i = 0;
        for (Map.Entry<Integer, List<Integer>> entry : rowsByWidth.entrySet()) {
            widths[i] = entry.getKey();
            ratios[i] = table.doubleValue(entry.getValue().get(0), "ratio");
            double[] test = stats(table, entry.getValue(), "test_error");
            double[] dimension = stats(table, entry.getValue(), "bmd");
            testError[i] = test[0];
            testSpread[i] = test[1];
            bmd[i] = dimension[0];
            bmdSpread[i] = dimension[1];
            int seeds = entry.getValue().size();
            bmdError[i] = seeds > 1 ? dimension[1] / Math.sqrt(seeds) : stats(table, entry.getValue(), "bmd_stderr")[0];
            trainError[i] = stats(table, entry.getValue(), "train_error")[0];
            double[] data = hasDataColumn ? stats(table, entry.getValue(), "bmd_data") : new double[] {Double.NaN, Double.NaN};
            onData[i] = data[0];
            onDataSpread[i] = data[1];
            i++;
        }
        return new Summary(widths, ratios, testError, testSpread, bmd, bmdSpread, bmdError, onData, onDataSpread, trainError, rows);
    }

    private static boolean matches(CsvTable table, int row, Map<String, Object> key) {
        for (Map.Entry<String, Object> e : key.entrySet()) {
            if (!table.value(row, e.getKey()).equals(CsvTable.format(e.getValue()))) return false;
        }
        return true;
    }

    /** {mean, standard deviation (n - 1; 0 for one seed)} of a column over rows, NaN rows left out. */
    private static double[] stats(CsvTable table, List<Integer> rows, String column) {
        double sum = 0, squares = 0;
        int n = 0;
        for (int r : rows) {
            double v = table.doubleValue(r, column);
            if (Double.isNaN(v)) continue;
            sum += v;
            squares += v * v;
            n++;
        }
        if (n == 0) return new double[] {Double.NaN, Double.NaN};
        double mean = sum / n;
        double variance = n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0;
        return new double[] {mean, Math.sqrt(variance)};
    }

    /** Test and train error (left axis) and BMD (right axis) against p/n, log x, mean +- one standard deviation. */
    public static void plot(Path target, Summary summary, String subtitle) {
        ChartStyle style = ChartStyle.of("Twin peaks: " + subtitle, "p / n (width / training examples)", "error")
                .withLogX().withSize(900, 560);
        List<BandSeries> left = List.of(
                new BandSeries("test error", summary.ratios(), summary.testError(), summary.testErrorSpread()),
                new BandSeries("train error", summary.ratios(), summary.trainError(), new double[summary.ratios().length]));
        List<BandSeries> right = new ArrayList<>(List.of(new BandSeries("BMD", summary.ratios(), summary.bmd(), summary.bmdSpread())));
        if (java.util.Arrays.stream(summary.bmdOnData()).anyMatch(Double::isFinite)) {
            right.add(new BandSeries("BMD on training rows (sign flips)", summary.ratios(), summary.bmdOnData(), summary.bmdOnDataSpread()));
        }
        try {
            Plots.twinAxisChart(target, style, "boolean mean dimension", left, right);
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: " + target.getFileName() + " skipped: " + e.getMessage());
        }
    }
}
