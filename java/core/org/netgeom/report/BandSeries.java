package org.netgeom.report;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A curve with its spread: the mean line (x[i], mean[i]) drawn over a shaded band from
 * mean[i] - spread[i] to mean[i] + spread[i] (a standard deviation, a standard error or a
 * confidence half-width; the caller says which in the series name or axis title). Points
 * whose mean or spread is NaN are left out of the band.
 */
public record BandSeries(String name, double[] x, double[] mean, double[] spread) {

    public BandSeries {
        ChartChecks.requireName(name);
        ChartChecks.requireSameLength(name, "x", x, "mean", mean);
        ChartChecks.requireSameLength(name, "x", x, "spread", spread);
        for (int i = 0; i < spread.length; i++) {
            if (spread[i] < 0) {
                throw new IllegalArgumentException("series '" + name + "' has a negative spread " + spread[i]
                        + " at point " + i + "; the spread is a half-width");
            }
        }
        x = x.clone();
        mean = mean.clone();
        spread = spread.clone();
    }

    @Override public double[] x() { return x.clone(); }

    @Override public double[] mean() { return mean.clone(); }

    @Override public double[] spread() { return spread.clone(); }

    /** The mean as a plain series (the line drawn over the band). */
    public Series meanLine() { return new Series(name, x, mean); }

    /**
     * The band as one closed polygon: along the upper edge left to right, then back along the
     * lower edge, over the points where mean and spread are finite.
     */
    public double[][] bandPolygon() {
        int[] kept = IntStream.range(0, x.length)
                .filter(i -> Double.isFinite(mean[i]) && Double.isFinite(spread[i]) && Double.isFinite(x[i]))
                .toArray();
        double[] polygonX = new double[2 * kept.length];
        double[] polygonY = new double[2 * kept.length];
        for (int k = 0; k < kept.length; k++) {
            int i = kept[k];
            int back = 2 * kept.length - 1 - k;
            polygonX[k] = x[i];
            polygonY[k] = mean[i] + spread[i];
            polygonX[back] = x[i];
            polygonY[back] = mean[i] - spread[i];
        }
        return new double[][] {polygonX, polygonY};
    }

    @Override
    public String toString() { return "BandSeries[" + name + ", " + x.length + " points]"; }

    @Override
    public boolean equals(Object other) {
        return other instanceof BandSeries b && name.equals(b.name) && Arrays.equals(x, b.x)
                && Arrays.equals(mean, b.mean) && Arrays.equals(spread, b.spread);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {name, x, mean, spread});
    }
}
