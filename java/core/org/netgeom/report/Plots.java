package org.netgeom.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.netgeom.tensor.Matrix;

/**
 * The experiments' figures, drawn by the {@link ChartRenderer} on the class path (netgeom-cli
 * registers an XChart one). Without a renderer every call throws
 * {@link PlotUnavailableException}, which the experiments turn into a skipped figure: a
 * library user who only wants the numbers needs no chart library.
 */
public final class Plots {
    private Plots() {}

    /** Found once: the class path does not change while the JVM runs. */
    private static final class Found {
        static final Optional<ChartRenderer> RENDERER =
                ServiceLoader.load(ChartRenderer.class, ChartRenderer.class.getClassLoader()).findFirst();
    }

    /** Whether figures can be drawn at all (a renderer is on the class path). */
    public static boolean available() { return Found.RENDERER.isPresent(); }

    /** See {@link ChartRenderer#lineChart}. */
    public static void lineChart(Path target, ChartStyle style, List<Series> series) {
        renderer().lineChart(target, style, series);
    }

    /** See {@link ChartRenderer#scatterWithLines}. */
    public static void scatterWithLines(Path target, ChartStyle style, List<Series> groups) {
        renderer().scatterWithLines(target, style, groups);
    }

    /** See {@link ChartRenderer#scatterPanels}. */
    public static void scatterPanels(Path target, List<ChartStyle> panels, List<List<Series>> groupsPerPanel,
                                     int maxLegendEntries) {
        renderer().scatterPanels(target, panels, groupsPerPanel, maxLegendEntries);
    }

    /** See {@link ChartRenderer#twinAxisChart}. */
    public static void twinAxisChart(Path target, ChartStyle style, String rightAxisTitle, List<BandSeries> left,
                                     List<BandSeries> right) {
        renderer().twinAxisChart(target, style, rightAxisTitle, left, right);
    }

    /** See {@link ChartRenderer#heatmap}. */
    public static void heatmap(Path target, String title, double[][] values, int width, int height) {
        ChartChecks.requireSize(width, height);
        renderer().heatmap(target, title, values, width, height);
    }

    /** {@link #heatmap(Path, String, double[][], int, int)} of a host matrix. */
    public static void heatmap(Path target, String title, Matrix values, int width, int height) {
        double[][] rows = new double[values.rows()][values.cols()];
        for (int r = 0; r < values.rows(); r++) {
            for (int c = 0; c < values.cols(); c++) rows[r][c] = values.get(r, c);
        }
        heatmap(target, title, rows, width, height);
    }

    private static ChartRenderer renderer() {
        return Found.RENDERER.orElseThrow(() -> new PlotUnavailableException(
                "no chart renderer on the class path (netgeom-cli provides one, drawn with XChart)"));
    }
}
