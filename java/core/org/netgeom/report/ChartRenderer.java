package org.netgeom.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Draws the figures the experiments write. The library has no chart dependency of its own: a
 * front end registers a renderer with {@link java.util.ServiceLoader} (netgeom-cli's is XChart),
 * and {@link Plots} hands every figure to the first one found. Each method writes
 * {@code target} atomically, in the {@link FigureFormat} its extension names (.png or .svg), or
 * throws {@link PlotUnavailableException} when figures cannot be drawn here; results never
 * depend on a figure.
 *
 * <p>What every renderer promises, so that a figure reads the same printed in grey:
 * <ul>
 *   <li>the legend names every series beside its line and marker, and is never cut off: it
 *       wraps into rows, and the image grows taller by the rows beyond the first;</li>
 *   <li>in a chart of several series with markers, each series has its own marker shape as well
 *       as its own colour;</li>
 *   <li>when the series share a few x values (the widths of a sweep, say), the x axis is
 *       labelled at exactly those values, on a log axis too;</li>
 *   <li>a series of a single point is labelled with its name beside its marker;</li>
 *   <li>a series' {@link Series#errorBars() error bars} are drawn at its points.</li>
 * </ul>
 */
public interface ChartRenderer {

    /**
     * Lines, one per series (training curves, spectra). With several series each line also
     * carries a few markers of its own shape, so the lines can be told apart without colour.
     */
    void lineChart(Path target, ChartStyle style, List<Series> series);

    /** Each group's points as markers joined by a line (one line per width in a sweep, say). */
    void scatterWithLines(Path target, ChartStyle style, List<Series> groups);

    /**
     * Several scatter-with-lines charts side by side in one image, one per style. A series
     * with one point is a reference point, drawn in black and labelled with its name beside it;
     * one legend under the panels names the series of the first panel, and only when it has at
     * most {@code maxLegendEntries} of them.
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
