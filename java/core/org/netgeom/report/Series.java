package org.netgeom.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One named curve of a chart: points (x[i], y[i]), optionally with error bars from
 * y[i] - errorBars[i] to y[i] + errorBars[i] (a standard deviation over seeds, say: the
 * {@code _sd} column of a summary). A NaN y leaves a gap in the line; a NaN error bar leaves
 * that point without a bar. The arrays are copied, so later changes by the caller do not
 * reach the chart.
 *
 * @param errorBars the half-lengths of the error bars, or null for none
 */
public record Series(String name, double[] x, double[] y, double[] errorBars) {

    public Series {
        ChartChecks.requireName(name);
        ChartChecks.requireSameLength(name, "x", x, "y", y);
        x = x.clone();
        y = y.clone();
        if (errorBars != null) {
            ChartChecks.requireSameLength(name, "x", x, "error bar", errorBars);
            for (int i = 0; i < errorBars.length; i++) {
                if (errorBars[i] < 0) {
                    throw new IllegalArgumentException("series '" + name + "' has a negative error bar " + errorBars[i]
                            + " at point " + i + "; an error bar is a half-length");
                }
            }
            errorBars = errorBars.clone();
        }
    }

    /** A series without error bars. */
    public Series(String name, double[] x, double[] y) { this(name, x, y, null); }

    @Override public double[] x() { return x.clone(); }

    @Override public double[] y() { return y.clone(); }

    /** The error bars' half-lengths, or null when the series has none. */
    @Override public double[] errorBars() { return errorBars == null ? null : errorBars.clone(); }

    public boolean hasErrorBars() { return errorBars != null; }

    /** This series with error bars of half-length {@code halfLengths[i]} at point i. */
    public Series withErrorBars(double[] halfLengths) { return new Series(name, x, y, halfLengths); }

    /**
     * Splits points into one series per group label, in order of first appearance, each sorted
     * by x so that its line runs left to right (e.g. one line per width in a p/n sweep).
     */
    public static List<Series> groupBy(List<String> groups, double[] x, double[] y) {
        return groupBy(groups, x, y, null);
    }

    /** {@link #groupBy(List, double[], double[])} with each point's error bar ({@code errorBars} null: none). */
    public static List<Series> groupBy(List<String> groups, double[] x, double[] y, double[] errorBars) {
        if (groups.size() != x.length || x.length != y.length || errorBars != null && errorBars.length != x.length) {
            throw new IllegalArgumentException("groupBy needs as many labels as points: " + groups.size()
                    + " labels, " + x.length + " x values, " + y.length + " y values"
                    + (errorBars == null ? "" : ", " + errorBars.length + " error bars"));
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) members.computeIfAbsent(groups.get(i), unused -> new ArrayList<>()).add(i);
        List<Series> series = new ArrayList<>(members.size());
        members.forEach((name, indices) -> {
            indices.sort(Comparator.comparingDouble(i -> x[i]));
            double[] groupX = indices.stream().mapToDouble(i -> x[i]).toArray();
            double[] groupY = indices.stream().mapToDouble(i -> y[i]).toArray();
            double[] groupBars = errorBars == null ? null : indices.stream().mapToDouble(i -> errorBars[i]).toArray();
            series.add(new Series(name, groupX, groupY, groupBars));
        });
        return series;
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + x.length + " points" + (errorBars == null ? "" : ", with error bars") + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series s && name.equals(s.name) && Arrays.equals(x, s.x) && Arrays.equals(y, s.y)
                && Arrays.equals(errorBars, s.errorBars);
    }

    @Override
    public int hashCode() { return Arrays.deepHashCode(new Object[] {name, x, y, errorBars}); }
}
