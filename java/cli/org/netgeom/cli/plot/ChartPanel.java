package org.netgeom.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;

/**
 * One XChart chart and what netgeom draws over it: the x axis labelled at the data's own x
 * values when the series share a few of them, and the name of each single-point series beside
 * its marker. (The legend is {@link ChartLegend}'s, under the chart.)
 *
 * <p>XChart 3.8.8 places x ticks at round values only (on a log axis, at 1..9 times powers
 * of ten), so a sweep over widths 8, 16, 32, 64 and 512 showed ticks at 10 and 100 instead.
 * With data ticks, XChart still lays the axis out (its labels, made transparent, keep their
 * space) and this class draws the tick marks and labels at the data's values.
 */
final class ChartPanel {
    /** More distinct x values than this are a curve, not a sweep: XChart's own ticks suit it better. */
    static final int MAX_DATA_TICKS = 12;
    private static final Color INVISIBLE = new Color(0, 0, 0, 0);
    private static final int LABEL_GAP = 4;

    /** A single-point series' name, drawn beside its marker. */
    record PointLabel(String name, double x, double y, int axisGroup) {}

    private final XYChart chart;
    private final double[] dataTicks;
    private final List<PointLabel> pointLabels;
    private final Color tickLabelColor;
    private final Color tickMarkColor;

    /** Call once every series is added: the ticks are chosen from them. */
    ChartPanel(XYChart chart, List<PointLabel> pointLabels) {
        this.chart = chart;
        this.pointLabels = List.copyOf(pointLabels);
        XYStyler styler = chart.getStyler();
        this.tickLabelColor = styler.getXAxisTickLabelsColor();
        this.tickMarkColor = styler.getXAxisTickMarksColor();
        this.dataTicks = leftAxisIsFlat(chart) ? new double[0] : dataTicks(chart.getSeriesMap().values());
        if (dataTicks.length > 0) {
            styler.setXAxisTickLabelsColor(INVISIBLE);
            styler.setXAxisTickMarksColor(INVISIBLE);
            styler.setPlotGridVerticalLinesVisible(false);
        }
    }

    XYChart chart() { return chart; }

    /** The x values the axis is labelled at, ascending; empty when XChart's own ticks are drawn. */
    double[] dataTicks() { return dataTicks.clone(); }

    /** Draws the chart in the {@code width} x {@code height} area at the graphics' origin. */
    void paint(Graphics2D g, int width, int height) {
        chart.paint(g, width, height);
        if (dataTicks.length > 0) paintDataTicks(g);
        paintPointLabels(g, width);
    }

    /**
     * The distinct finite x values of all series, when there are 2 to {@link #MAX_DATA_TICKS}
     * of them and the points share them (some value is some two points' x: a sweep's widths,
     * the t of a barrier's loss and error); otherwise none. Scattered points (an embedding's
     * coordinates) keep XChart's round ticks.
     */
    static double[] dataTicks(Iterable<XYSeries> series) {
        TreeSet<Double> values = new TreeSet<>();
        int points = 0;
        for (XYSeries s : series) {
            for (double x : s.getXData()) {
                if (!Double.isFinite(x)) continue;
                values.add(x);
                points++;
                if (values.size() > MAX_DATA_TICKS) return new double[0];
            }
        }
        boolean shared = points > values.size();
        return values.size() < 2 || !shared ? new double[0] : values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A tick label: a whole number in full (a width of 1024 is 1024), else three significant digits (0.25, 1.5E-5). */
    static String tickLabel(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude == 0 || magnitude >= 1e-4 && magnitude < 1e7 ? rounded.toPlainString() : rounded.toString();
    }

    private void paintDataTicks(Graphics2D g) {
        XYStyler styler = chart.getStyler();
        double plotBottom = plotBottom();
        int markLength = styler.getAxisTickMarkLength();
        Font font = styler.getAxisTickLabelsFont();
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        float baseline = (float) (plotBottom + markLength + styler.getAxisTickPadding() + metrics.getAscent());
        double previousRight = Double.NEGATIVE_INFINITY;
        for (double value : dataTicks) {
            double x = chart.getScreenXFromChart(value);
            g.setColor(tickMarkColor);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(x, plotBottom, x, plotBottom + markLength));
            String label = tickLabel(value);
            double left = x - metrics.stringWidth(label) / 2.0;
            if (left < previousRight + LABEL_GAP) continue; // a crowded label is left out; its tick stays
            g.setColor(tickLabelColor);
            g.drawString(label, (float) left, baseline);
            previousRight = left + metrics.stringWidth(label);
        }
    }

    /**
     * The plot area's lower edge, from the left y axis' public mapping: XChart maps the axis'
     * [min, max] (its series' range) to the middle {@code plotContentSize} of the plot's
     * height, leaving equal margins above and below.
     */
    private double plotBottom() {
        double[] range = leftAxisRange(chart);
        double atMin = chart.getScreenYFromChart(range[0], 0);
        double atMax = chart.getScreenYFromChart(range[1], 0);
        double content = chart.getStyler().getPlotContentSize();
        return atMin + (atMin - atMax) * (1 - content) / (2 * content);
    }

    private void paintPointLabels(Graphics2D g, int width) {
        if (pointLabels.isEmpty()) return;
        g.setFont(chart.getStyler().getLegendFont());
        FontMetrics metrics = g.getFontMetrics();
        int offset = chart.getStyler().getMarkerSize();
        g.setColor(chart.getStyler().getChartFontColor());
        for (PointLabel label : pointLabels) {
            double x = chart.getScreenXFromChart(label.x());
            double y = chart.getScreenYFromChart(label.y(), label.axisGroup());
            int textWidth = metrics.stringWidth(label.name());
            double left = x + offset + textWidth < width ? x + offset : x - offset - textWidth;
            g.drawString(label.name(), (float) left, (float) (y - offset / 2.0));
        }
    }

    /** The left y axis' [min, max]: XChart's own, the range of the series drawn against it (error bars included). */
    private static double[] leftAxisRange(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            if (series.getYAxisGroup() != 0 || !series.isEnabled()) continue;
            min = Math.min(min, series.getYMin());
            max = Math.max(max, series.getYMax());
        }
        return new double[] {min, max};
    }

    /** With one y value XChart centres everything and the plot's edge cannot be found: keep its ticks. */
    private static boolean leftAxisIsFlat(XYChart chart) {
        double[] range = leftAxisRange(chart);
        return !(range[1] > range[0]) || Arrays.stream(range).anyMatch(v -> !Double.isFinite(v));
    }
}
