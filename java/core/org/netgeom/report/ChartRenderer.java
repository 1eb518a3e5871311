package org.netgeom.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Draws the figures the experiments write. The library has no chart dependency of its own: a
 * front end registers a renderer with {@link java.util.ServiceLoader} (netgeom-cli's is XChart),
 * and {@link Plots} hands every figure to the first one found. Each method writes
 * {@code target} atomically or throws {@link PlotUnavailableException} when figures cannot be
 * drawn here; results never depend on a figure.
 */
public interface ChartRenderer {

    /** Lines without markers, one per series (training curves, spectra). */
    void lineChart(Path target, ChartStyle style, List<Series> series);

    /** Each group's points as markers joined by a line (one line per width in a sweep, say). */
    void scatterWithLines(Path target, ChartStyle style, List<Series> groups);

    /**
     * Several scatter-with-lines charts side by side in one image, one per style. A series
     * with one point is a reference point (a large marker); the legend is on the first panel
     * only, and only with at most {@code maxLegendEntries} series.
     */
    void scatterPanels(Path target, List<ChartStyle> panels, List<List<Series>> groupsPerPanel, int maxLegendEntries);

    /**
     * Two quantities against one x: {@code left} series on the left y axis, {@code right} ones
     * on a right y axis titled {@code rightAxisTitle}; each a mean line over a band of mean +- spread.
     */
    void twinAxisChart(Path target, ChartStyle style, String rightAxisTitle, List<BandSeries> left, List<BandSeries> right);

    /** A heatmap of {@code values[row][column]} (row 0 at the top) with a colour bar. */
    void heatmap(Path target, String title, double[][] values, int width, int height);
}
