package org.netgeom.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One named curve of a chart: points (x[i], y[i]). A NaN y leaves a gap in the line.
 * The arrays are copied, so later changes by the caller do not reach the chart.
 */
public record Series(String name, double[] x, double[] y) {

    public Series {
        ChartChecks.requireName(name);
        ChartChecks.requireSameLength(name, "x", x, "y", y);
        x = x.clone();
        y = y.clone();
    }

    @Override public double[] x() { return x.clone(); }

    @Override public double[] y() { return y.clone(); }

    /**
     * Splits points into one series per group label, in order of first appearance, each sorted
     * by x so that its line runs left to right (e.g. one line per width in a p/n sweep).
     */
    public static List<Series> groupBy(List<String> groups, double[] x, double[] y) {
        if (groups.size() != x.length || x.length != y.length) {
            throw new IllegalArgumentException("groupBy needs as many labels as points: " + groups.size()
                    + " labels, " + x.length + " x values, " + y.length + " y values");
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) members.computeIfAbsent(groups.get(i), unused -> new ArrayList<>()).add(i);
        List<Series> series = new ArrayList<>(members.size());
        members.forEach((name, indices) -> {
            indices.sort(Comparator.comparingDouble(i -> x[i]));
            double[] groupX = new double[indices.size()];
            double[] groupY = new double[indices.size()];
            for (int k = 0; k < indices.size(); k++) {
                groupX[k] = x[indices.get(k)];
                groupY[k] = y[indices.get(k)];
            }
            series.add(new Series(name, groupX, groupY));
        });
        return series;
    }

    @Override
    public String toString() { return "Series[" + name + ", " + x.length + " points]"; }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series s && name.equals(s.name) && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
    }

    @Override
    public int hashCode() { return 31 * (31 * name.hashCode() + Arrays.hashCode(x)) + Arrays.hashCode(y); }
}
