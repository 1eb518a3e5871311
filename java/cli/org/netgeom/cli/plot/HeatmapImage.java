package org.netgeom.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.Locale;

/**
 * Draws a 2-D array as square cells with a title and a vertical colour bar labelled with the
 * scale's ends (and zero for a diverging scale). Java 2D rather than XChart's heatmap, whose
 * colour legend is a set of ranges and whose axes label every column.
 */
final class HeatmapImage {
    private static final Color NAN_COLOR = new Color(0x9E9E9E);
    private static final int MARGIN = 12;
    private static final int BAR_WIDTH = 18;
    private static final int BAR_GAP = 14;

    private final String title;
    private final double[][] values;
    private final int rows;
    private final int cols;
    private final Colormap colormap;

    HeatmapImage(String title, double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("a heatmap needs at least one row and one column");
        }
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != values[0].length) {
                throw new IllegalArgumentException("heatmap row " + r + " has " + values[r].length
                        + " values, row 0 has " + values[0].length);
            }
        }
        this.title = title;
        this.values = values;
        this.rows = values.length;
        this.cols = values[0].length;
        this.colormap = Colormap.forValues(values);
    }

    /** Draws the heatmap on a white {@code width} x {@code height} page (a bitmap's or an SVG's graphics). */
    void paint(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics labels = g.getFontMetrics();
        int labelWidth = maxLabelWidth(labels);
        int top = MARGIN + drawTitle(g, width);
        int availableWidth = width - 2 * MARGIN - BAR_GAP - BAR_WIDTH - 6 - labelWidth;
        int availableHeight = height - top - MARGIN;
        double cell = Math.max(1e-3, Math.min((double) availableWidth / cols, (double) availableHeight / rows));
        int gridWidth = (int) Math.round(cell * cols);
        int gridHeight = (int) Math.round(cell * rows);
        int left = MARGIN + Math.max(0, (availableWidth - gridWidth) / 2);
        drawCells(g, left, top, cell);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, gridWidth, gridHeight);
        drawColourBar(g, labels, left + gridWidth + BAR_GAP, top, Math.max(gridHeight, 40));
    }

    private int drawTitle(Graphics2D g, int width) {
        if (title.isEmpty()) return 0;
        Font previous = g.getFont();
        g.setFont(previous.deriveFont(Font.BOLD, 14f));
        FontMetrics metrics = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, Math.max(MARGIN, (width - metrics.stringWidth(title)) / 2), MARGIN + metrics.getAscent());
        int used = metrics.getHeight() + 8;
        g.setFont(previous);
        return used;
    }

    private void drawCells(Graphics2D g, int left, int top, double cell) {
        for (int r = 0; r < rows; r++) {
            int y0 = top + (int) Math.round(r * cell);
            int y1 = top + (int) Math.round((r + 1) * cell);
            for (int c = 0; c < cols; c++) {
                int x0 = left + (int) Math.round(c * cell);
                int x1 = left + (int) Math.round((c + 1) * cell);
                double value = values[r][c];
                g.setColor(Double.isNaN(value) ? NAN_COLOR : colormap.color(value));
                g.fillRect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
            }
        }
    }

    private void drawColourBar(Graphics2D g, FontMetrics labels, int left, int top, int height) {
        for (int y = 0; y < height; y++) {
            double fraction = 1.0 - (double) y / Math.max(1, height - 1);
            g.setColor(colormap.colorAtFraction(fraction));
            g.fillRect(left, top + y, BAR_WIDTH, 1);
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, BAR_WIDTH, height - 1);
        int textLeft = left + BAR_WIDTH + 6;
        g.drawString(label(colormap.high()), textLeft, top + labels.getAscent());
        g.drawString(label(colormap.low()), textLeft, top + height - labels.getDescent());
        if (colormap.diverging()) {
            g.drawString(label(0.0), textLeft, top + height / 2 + labels.getAscent() / 2);
        }
    }

    private int maxLabelWidth(FontMetrics metrics) {
        return Math.max(metrics.stringWidth(label(colormap.high())), metrics.stringWidth(label(colormap.low())));
    }

    private static String label(double value) {
        if (Double.isNaN(value)) return "n/a";
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
