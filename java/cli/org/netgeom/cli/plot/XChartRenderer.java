package org.netgeom.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
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
import org.netgeom.report.Series;

/**
 * The figures of netgeom-cli, as PNG or SVG files by the target's extension ({@link FigureFile}):
 * XChart draws the axes charts and plain Java 2D the heatmaps, and every file is written
 * atomically. Every chart has a white background and colours from one fixed palette, so the same
 * series looks the same across a report's figures; the rest of {@link ChartRenderer}'s promises
 * are kept here:
 * <ul>
 *   <li>the legend is {@link ChartLegend}'s, under the chart, wrapped into rows; the image is the
 *       style's size when the legend takes one row and grows by each further row;</li>
 *   <li>series of a chart with several series differ in marker shape as well as colour (seven
 *       shapes, ten colours: seventy series before a pair repeats); the lines of a line chart
 *       carry a marker at each point up to {@value #MARK_EVERY_POINT_UP_TO} points, else at
 *       {@value #SPARSE_MARKERS} evenly spaced ones;</li>
 *   <li>a series of one point is labelled with its name beside the marker, and a chart whose
 *       series share a few x values is labelled at exactly those ({@link ChartPanel});</li>
 *   <li>error bars are drawn in the series' colour; on a log y axis a bar that would reach zero
 *       is shortened to stay above it.</li>
 * </ul>
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
    /** Seven shapes against ten colours: coprime, so colour and shape repeat together only every seventy series. */
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS};
    static final int MARK_EVERY_POINT_UP_TO = 25;
    static final int SPARSE_MARKERS = 10;
    private static final int BAND_ALPHA = 60;
    private static final BasicStroke LINE = new BasicStroke(2f);

    /** Public for {@link java.util.ServiceLoader}; the library reaches it through {@code Plots}. */
    public XChartRenderer() {}

    @Override
    public void lineChart(Path target, ChartStyle style, List<Series> series) {
        requireSeries(series);
        Figure figure = new Figure(style);
        boolean marked = series.size() > 1;
        for (int i = 0; i < series.size(); i++) {
            Series line = series.get(i);
            Marker marker = marked ? marker(i) : SeriesMarkers.NONE;
            if (marked && line.x().length > MARK_EVERY_POINT_UP_TO) {
                figure.addLine(line, color(i), SeriesMarkers.NONE, 0);
                figure.addSparseMarkers(line, color(i), marker); // and shows that marker in the legend
            } else {
                figure.addLine(line, color(i), marker, 0);
            }
        }
        figure.write(target);
    }

    @Override
    public void scatterWithLines(Path target, ChartStyle style, List<Series> groups) {
        requireSeries(groups);
        Figure figure = new Figure(style);
        for (int i = 0; i < groups.size(); i++) figure.addLine(groups.get(i), color(i), marker(i), 0);
        figure.write(target);
    }

    /**
     * Several scatter-with-lines charts side by side in one image, one per style (e.g. the pairs
     * of an embedding's top three dimensions). A series with one point is a reference point: a
     * black diamond or square labelled with its name. The legend, under all panels, names the
     * first panel's series when it has at most {@code maxLegendEntries} of them; colours and
     * shapes follow series order in every panel.
     */
    @Override
    public void scatterPanels(Path target, List<ChartStyle> panels, List<List<Series>> groupsPerPanel,
                                     int maxLegendEntries) {
        if (panels.isEmpty() || panels.size() != groupsPerPanel.size()) {
            throw new IllegalArgumentException(panels.size() + " panel styles for " + groupsPerPanel.size() + " panels");
        }
        List<Figure> figures = new ArrayList<>();
        for (int p = 0; p < panels.size(); p++) {
            List<Series> groups = groupsPerPanel.get(p);
            requireSeries(groups);
            Figure figure = new Figure(panels.get(p));
            for (int i = 0; i < groups.size(); i++) {
                Series series = groups.get(i);
                boolean single = series.x().length == 1;
                figure.addLine(series, single ? Color.BLACK : color(i),
                        single ? (i % 2 == 0 ? SeriesMarkers.DIAMOND : SeriesMarkers.SQUARE) : marker(i), 0);
            }
            figures.add(figure);
        }
        ChartLegend legend = groupsPerPanel.get(0).size() <= maxLegendEntries ? figures.get(0).legend()
                : new ChartLegend(List.of(), figures.get(0).chart.getStyler().getLegendFont());
        List<ChartPanel> drawn = figures.stream().map(Figure::panel).toList();
        int width = panels.stream().mapToInt(ChartStyle::width).sum();
        FigureFile.drawing(() -> {
            int chartHeight = panels.stream().mapToInt(ChartStyle::height).max().orElseThrow() - legend.oneRowHeight();
            FigureFile.write(target, width, chartHeight + legend.height(width), g -> {
                int x = 0;
                for (int p = 0; p < drawn.size(); p++) {
                    ChartPanel panel = drawn.get(p);
                    int panelWidth = panels.get(p).width();
                    int panelHeight = panels.get(p).height() - legend.oneRowHeight();
                    paintClipped(g, x, panelWidth, panelHeight, area -> panel.paint(area, panelWidth, panelHeight));
                    x += panelWidth;
                }
                legend.paint(g, chartHeight, width);
            });
        });
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
        Figure figure = new Figure(style);
        XYChart chart = figure.chart;
        chart.setYAxisGroupTitle(0, style.yAxisTitle());
        chart.setYAxisGroupTitle(1, rightAxisTitle == null ? "" : rightAxisTitle);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        int index = 0;
        for (int group = 0; group < 2; group++) {
            for (BandSeries band : group == 0 ? left : right) {
                figure.addBand(band, color(index), group);
                figure.addLine(band.meanLine(), color(index), marker(index), group);
                index++;
            }
        }
        figure.write(target);
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
        FigureFile.write(target, width, height, g -> image.paint(g, width, height));
    }

    /** A chart being built: the XChart chart, its legend entries and point labels. */
    private static final class Figure {
        final ChartStyle style;
        final XYChart chart;
        final List<ChartLegend.Entry> legendEntries = new ArrayList<>();
        final List<ChartPanel.PointLabel> pointLabels = new ArrayList<>();

        Figure(ChartStyle style) {
            this.style = style;
            chart = new XYChart(style.width(), style.height());
            chart.setTitle(style.title());
            chart.setXAxisTitle(style.xAxisTitle());
            chart.setYAxisTitle(style.yAxisTitle());
            var styler = chart.getStyler();
            styler.setChartBackgroundColor(Color.WHITE);
            styler.setPlotBackgroundColor(Color.WHITE);
            styler.setPlotBorderColor(Color.GRAY);
            styler.setPlotGridLinesColor(new Color(0xE0E0E0));
            styler.setLegendVisible(false); // ChartLegend draws it, wrapped, under the chart
            styler.setChartTitleBoxVisible(false);
            styler.setXAxisLogarithmic(style.logX());
            styler.setYAxisLogarithmic(style.logY());
            styler.setMarkerSize(6);
            styler.setErrorBarsColorSeriesColor(true);
        }

        void addLine(Series series, Color color, Marker marker, int axisGroup) {
            double[] x = series.x();
            double[] y = series.y();
            if (style.logX()) ChartChecks.requirePositive("x", series.name(), x);
            if (style.logY()) ChartChecks.requirePositive("y", series.name(), y);
            requireUniqueName(series.name());
            XYSeries drawn = series.hasErrorBars()
                    ? chart.addSeries(series.name(), x, y, drawableErrorBars(y, series.errorBars()))
                    : chart.addSeries(series.name(), x, y);
            drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            drawn.setLineColor(color);
            drawn.setLineStyle(LINE);
            drawn.setMarker(marker);
            drawn.setMarkerColor(color);
            drawn.setYAxisGroup(axisGroup);
            legendEntry(series.name(), color, marker == SeriesMarkers.NONE ? null : marker, LINE);
            if (x.length == 1 && Double.isFinite(x[0]) && Double.isFinite(y[0])) {
                pointLabels.add(new ChartPanel.PointLabel(series.name(), x[0], y[0], axisGroup));
            }
        }

        /** Markers at {@value #SPARSE_MARKERS} evenly spaced points of a long line, outside the legend. */
        void addSparseMarkers(Series series, Color color, Marker marker) {
            double[] x = series.x();
            double[] y = series.y();
            int[] kept = IntStream.range(0, SPARSE_MARKERS)
                    .map(k -> (int) Math.round(k * (x.length - 1) / (double) (SPARSE_MARKERS - 1))).distinct().toArray();
            String name = series.name() + " (markers)";
            requireUniqueName(name);
            XYSeries drawn = chart.addSeries(name, Arrays.stream(kept).mapToDouble(i -> x[i]).toArray(),
                    Arrays.stream(kept).mapToDouble(i -> y[i]).toArray());
            drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            drawn.setMarker(marker);
            drawn.setMarkerColor(color);
            drawn.setShowInLegend(false);
            legendEntry(series.name(), color, marker, LINE);
        }

        void addBand(BandSeries band, Color color, int axisGroup) {
            double[][] polygon = band.bandPolygon();
            if (polygon[0].length == 0) return;
            if (style.logX()) ChartChecks.requirePositive("x", band.name(), polygon[0]);
            if (style.logY()) ChartChecks.requirePositive("y (mean - spread)", band.name(), polygon[1]);
            String name = band.name() + " (spread)";
            requireUniqueName(name);
            XYSeries drawn = chart.addSeries(name, polygon[0], polygon[1]);
            drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            drawn.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA));
            drawn.setLineColor(new Color(0, 0, 0, 0));
            drawn.setMarker(SeriesMarkers.NONE);
            drawn.setShowInLegend(false);
            drawn.setYAxisGroup(axisGroup);
        }

        void legendEntry(String name, Color color, Marker marker, BasicStroke line) {
            legendEntries.removeIf(e -> e.name().equals(name));
            legendEntries.add(new ChartLegend.Entry(name, color, marker, line));
        }

        ChartLegend legend() { return new ChartLegend(legendEntries, chart.getStyler().getLegendFont()); }

        /** The chart with its overlays, its series complete. */
        ChartPanel panel() {
            chooseLogAxisLabels(chart);
            return new ChartPanel(chart, pointLabels);
        }

        void write(Path target) {
            ChartPanel panel = panel();
            ChartLegend legend = legend();
            FigureFile.drawing(() -> { // the legend's size is measured in the fonts
                int chartHeight = style.height() - legend.oneRowHeight();
                FigureFile.write(target, style.width(), chartHeight + legend.height(style.width()), g -> {
                    paintClipped(g, 0, style.width(), chartHeight, area -> panel.paint(area, style.width(), chartHeight));
                    legend.paint(g, chartHeight, style.width());
                });
            });
        }

        /**
         * XChart draws a bar from y - e to y + e and cannot leave one out: a NaN half-length becomes 0,
         * and on a log axis a bar reaching zero or below is shortened to end just above it.
         */
        private double[] drawableErrorBars(double[] y, double[] halfLengths) {
            double[] bars = new double[halfLengths.length];
            for (int i = 0; i < bars.length; i++) {
                double bar = Double.isFinite(halfLengths[i]) ? halfLengths[i] : 0;
                if (style.logY() && Double.isFinite(y[i]) && bar >= y[i]) bar = 0.99 * y[i];
                bars[i] = bar;
            }
            return bars;
        }

        private void requireUniqueName(String name) {
            if (chart.getSeriesMap().containsKey(name)) {
                throw new InvalidInputException("two chart series are both named '" + name + "'; give each its own name");
            }
        }
    }

    /** Paints a chart area {@code left} pixels from the figure's left edge, kept inside that area. */
    private static void paintClipped(Graphics2D g, int left, int width, int height, Consumer<Graphics2D> painter) {
        Graphics2D area = (Graphics2D) g.create();
        try {
            area.translate(left, 0);
            area.clipRect(0, 0, width, height);
            painter.accept(area);
        } finally {
            area.dispose();
        }
    }

    private static void requireSeries(List<Series> series) {
        if (series.isEmpty()) throw new IllegalArgumentException("a chart needs at least one series");
    }

    /** Series i's colour, the same in every figure. */
    static Color color(int index) { return PALETTE[index % PALETTE.length]; }

    /** Series i's marker shape, the same in every figure. */
    static Marker marker(int index) { return MARKERS[index % MARKERS.length]; }

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
}
