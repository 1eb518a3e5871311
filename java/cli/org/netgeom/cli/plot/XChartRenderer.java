package org.netgeom.cli.plot;

import org.netgeom.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.report.BandSeries;
import org.netgeom.report.ChartChecks;
import org.netgeom.report.ChartRenderer;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Series;

/**
 * The figures of netgeom-cli: PNG charts of results, drawn without a display (XChart for the axes charts, plain Java 2D
 * for heatmaps) and written atomically. Every chart has a white background, a legend naming
 * each series, and colours from one fixed palette, so the same series looks the same across
 * a report's figures.
 */
public final class XChartRenderer implements ChartRenderer {
    static {
        // Charts are drawn on servers and in CI: AWT must not look for a display. Set before any
        // AWT class loads; an explicit -Djava.awt.headless from the user wins.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        // PNGs go to AtomicFiles' stream; ImageIO's disk cache for output streams
        // only added a second place to fail (on a full disk its StreamCloser printed a stack trace
        // after our one-line error).
        javax.imageio.ImageIO.setUseCache(false);
    }

    /** Tableau 10: distinguishable, and readable by most colour-blind viewers. */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC),
    };
    private static final int BAND_ALPHA = 60;

    /** Public for {@link java.util.ServiceLoader}; the library reaches it through {@code Plots}. */
    public XChartRenderer() {}

    /** Lines without markers, one per series (training curves, spectra). */
    @Override
    public void lineChart(Path target, ChartStyle style, List<Series> series) {
        XYChart chart = newChart(style);
        requireSeries(series);
        for (int i = 0; i < series.size(); i++) addLine(chart, style, series.get(i), color(i), SeriesMarkers.NONE, 0);
        save(target, chart);
    }

    /** Each group's points as markers joined by a line (one line per width in a sweep, say). */
    @Override
    public void scatterWithLines(Path target, ChartStyle style, List<Series> groups) {
        XYChart chart = newChart(style);
        requireSeries(groups);
        Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};
        for (int i = 0; i < groups.size(); i++) {
            addLine(chart, style, groups.get(i), color(i), markers[i % markers.length], 0);
        }
        save(target, chart);
    }

    /**
     * Several scatter-with-lines charts side by side in one PNG, one per style (e.g. the pairs
     * of an embedding's top three dimensions). A series with one point is drawn as a large
     * marker (reference points). The legend is shown on the first panel only, and only when it
     * has at most {@code maxLegendEntries} series; colours follow series order in every panel.
     */
    @Override
    public void scatterPanels(Path target, List<ChartStyle> panels, List<List<Series>> groupsPerPanel,
                                     int maxLegendEntries) {
        if (panels.isEmpty() || panels.size() != groupsPerPanel.size()) {
            throw new IllegalArgumentException(panels.size() + " panel styles for " + groupsPerPanel.size() + " panels");
        }
        java.util.List<java.awt.image.BufferedImage> images = new java.util.ArrayList<>();
        for (int p = 0; p < panels.size(); p++) {
            List<Series> groups = groupsPerPanel.get(p);
            requireSeries(groups);
            XYChart chart = newChart(panels.get(p));
            chart.getStyler().setLegendVisible(p == 0 && groups.size() <= maxLegendEntries);
            for (int i = 0; i < groups.size(); i++) {
                Series series = groups.get(i);
                boolean single = series.x().length == 1;
                addLine(chart, panels.get(p), series, single ? Color.BLACK : color(i),
                        single ? (i % 2 == 0 ? SeriesMarkers.DIAMOND : SeriesMarkers.SQUARE) : SeriesMarkers.CIRCLE, 0);
            }
            chooseLogAxisLabels(chart);
            drawing(() -> images.add(BitmapEncoder.getBufferedImage(chart)));
        }
        int width = images.stream().mapToInt(java.awt.image.BufferedImage::getWidth).sum();
        int height = images.stream().mapToInt(java.awt.image.BufferedImage::getHeight).max().orElse(1);
        java.awt.image.BufferedImage sheet = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (java.awt.image.BufferedImage image : images) {
            g.drawImage(image, x, 0, null);
            x += image.getWidth();
        }
        g.dispose();
        drawing(() -> AtomicFiles.write(target, out -> javax.imageio.ImageIO.write(sheet, "png", out)));
    }

    /**
     * Two quantities against one x: {@code left} series on the left y axis (titled by the
     * style's y title), {@code right} ones on a right y axis titled {@code rightAxisTitle}.
     * Each series is its mean line over a shaded band of mean +- spread, e.g. test error and
     * boolean mean dimension against p/n on a log x axis.
     */
    @Override
    public void twinAxisChart(Path target, ChartStyle style, String rightAxisTitle, List<BandSeries> left,
                                     List<BandSeries> right) {
        if (left.isEmpty() || right.isEmpty()) {
            throw new IllegalArgumentException("a twin-axis chart needs series on both axes, got " + left.size()
                    + " left and " + right.size() + " right");
        }
        XYChart chart = newChart(style);
        chart.setYAxisGroupTitle(0, style.yAxisTitle());
        chart.setYAxisGroupTitle(1, rightAxisTitle == null ? "" : rightAxisTitle);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        int colorIndex = 0;
        for (int group = 0; group < 2; group++) {
            for (BandSeries band : group == 0 ? left : right) {
                Color color = color(colorIndex++);
                addBand(chart, style, band, color, group);
                addLine(chart, style, band.meanLine(), color, SeriesMarkers.CIRCLE, group);
            }
        }
        save(target, chart);
    }

    /**
     * A heatmap of {@code values[row][column]} (row 0 at the top) with a colour bar: a
     * blue-white-red scale centred on zero when the values have both signs, viridis otherwise;
     * NaN cells are grey. A 28 x 28 influence map keeps its image orientation.
     */
    @Override
    public void heatmap(Path target, String title, double[][] values, int width, int height) {
        ChartChecks.requireSize(width, height);
        HeatmapImage image = new HeatmapImage(title == null ? "" : title, values);
        drawing(() -> AtomicFiles.write(target, out -> image.writePng(out, width, height)));
    }

    private static XYChart newChart(ChartStyle style) {
        XYChart chart = new XYChart(style.width(), style.height());
        chart.setTitle(style.title());
        chart.setXAxisTitle(style.xAxisTitle());
        chart.setYAxisTitle(style.yAxisTitle());
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.GRAY);
        styler.setPlotGridLinesColor(new Color(0xE0E0E0));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleBoxVisible(false);
        styler.setXAxisLogarithmic(style.logX());
        styler.setYAxisLogarithmic(style.logY());
        styler.setMarkerSize(6);
        return chart;
    }

    private static void addLine(XYChart chart, ChartStyle style, Series series, Color color, Marker marker,
                                int axisGroup) {
        double[] x = series.x();
        double[] y = series.y();
        if (style.logX()) ChartChecks.requirePositive("x", series.name(), x);
        if (style.logY()) ChartChecks.requirePositive("y", series.name(), y);
        requireUniqueName(chart, series.name());
        XYSeries drawn = chart.addSeries(series.name(), x, y);
        drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        drawn.setLineColor(color);
        drawn.setLineStyle(new BasicStroke(2f));
        drawn.setMarker(marker);
        drawn.setMarkerColor(color);
        drawn.setYAxisGroup(axisGroup);
    }

    private static void addBand(XYChart chart, ChartStyle style, BandSeries band, Color color, int axisGroup) {
        double[][] polygon = band.bandPolygon();
        if (polygon[0].length == 0) return;
        if (style.logX()) ChartChecks.requirePositive("x", band.name(), polygon[0]);
        if (style.logY()) ChartChecks.requirePositive("y (mean - spread)", band.name(), polygon[1]);
        String name = band.name() + " (spread)";
        requireUniqueName(chart, name);
        XYSeries drawn = chart.addSeries(name, polygon[0], polygon[1]);
        drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        drawn.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA));
        drawn.setLineColor(new Color(0, 0, 0, 0));
        drawn.setMarker(SeriesMarkers.NONE);
        drawn.setShowInLegend(false);
        drawn.setYAxisGroup(axisGroup);
    }

    private static void requireSeries(List<Series> series) {
        if (series.isEmpty()) throw new IllegalArgumentException("a chart needs at least one series");
    }

    private static void requireUniqueName(XYChart chart, String name) {
        if (chart.getSeriesMap().containsKey(name)) {
            throw new InvalidInputException("two chart series are both named '" + name + "'; give each its own name");
        }
    }

    private static Color color(int index) { return PALETTE[index % PALETTE.length]; }

    /**
     * A log axis spanning two decades or more is labelled at powers of ten only; a narrower
     * one also at 2..9 times them, or it would show one number or none.
     */
    private static void chooseLogAxisLabels(XYChart chart) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = 0;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            xMin = Math.min(xMin, series.getXMin());
            xMax = Math.max(xMax, series.getXMax());
            yMin = Math.min(yMin, series.getYMin());
            yMax = Math.max(yMax, series.getYMax());
        }
        chart.getStyler().setXAxisLogarithmicDecadeOnly(xMax / xMin >= 100);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(yMax / yMin >= 100);
    }

    private static void save(Path target, XYChart chart) {
        chooseLogAxisLabels(chart);
        drawing(() -> AtomicFiles.write(target, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG)));
    }

    /** Runs a drawing step, turning a missing font system into {@link PlotUnavailableException}. */
    private static void drawing(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | InternalError | NoClassDefFoundError | UnsatisfiedLinkError e) {
            if (isFontFailure(e)) throw new PlotUnavailableException(e);
            throw e;
        }
    }

    private static boolean isFontFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("font") || t instanceof NoClassDefFoundError && message.contains("sun/awt")) return true;
        }
        return false;
    }
}
