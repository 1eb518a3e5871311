package org.netgeom.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.FontRenderContext;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.style.markers.Marker;

/**
 * The legend under a chart: each series' line and marker, then its name, in rows that wrap
 * at the figure's width, so no entry is ever cut off (XChart's own legend is one row, cut at
 * both edges when the names are long). Drawn with {@code drawString}, so an SVG figure keeps
 * the names as text.
 */
final class ChartLegend {
    /** One series: its name, colour, marker (null: none) and line (null: markers only). */
    record Entry(String name, Color color, Marker marker, BasicStroke line) {}

    private static final int SAMPLE_LENGTH = 24;
    private static final int SAMPLE_GAP = 6;
    private static final int ENTRY_GAP = 16;
    private static final int ROW_GAP = 4;
    private static final int MARGIN = 6;
    private static final int MARKER_SIZE = 7;
    private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);

    private final List<Entry> entries;
    private final Font font;

    ChartLegend(List<Entry> entries, Font font) {
        this.entries = List.copyOf(entries);
        this.font = font;
    }

    boolean isEmpty() { return entries.isEmpty(); }

    /** The height of one row with its margins: the space a legend takes that needs no wrapping. */
    int oneRowHeight() { return isEmpty() ? 0 : 2 * MARGIN + rowHeight(); }

    /** The height the legend takes in a figure {@code width} pixels wide. */
    int height(int width) {
        if (isEmpty()) return 0;
        return layout(width).stream().mapToInt(box -> box.y + box.height).max().orElse(0) + MARGIN;
    }

    /**
     * Where each entry goes in a legend whose top edge is at 0 in a figure {@code width}
     * pixels wide: rows filled left to right, each row centred. A name too long for a row of
     * its own is shortened with an ellipsis ({@link #shownName}).
     */
    List<Rectangle> layout(int width) {
        int available = Math.max(1, width - 2 * MARGIN);
        List<Rectangle> boxes = new ArrayList<>();
        List<List<Rectangle>> rows = new ArrayList<>();
        List<Rectangle> row = new ArrayList<>();
        int rowWidth = 0;
        for (Entry entry : entries) {
            int entryWidth = Math.min(available, entryWidth(shownName(entry.name(), available)));
            int needed = row.isEmpty() ? entryWidth : rowWidth + ENTRY_GAP + entryWidth;
            if (!row.isEmpty() && needed > available) {
                rows.add(row);
                row = new ArrayList<>();
                needed = entryWidth;
            }
            Rectangle box = new Rectangle(0, 0, entryWidth, rowHeight());
            row.add(box);
            boxes.add(box);
            rowWidth = needed;
        }
        rows.add(row);
        for (int r = 0; r < rows.size(); r++) {
            List<Rectangle> current = rows.get(r);
            int used = current.stream().mapToInt(box -> box.width).sum() + ENTRY_GAP * (current.size() - 1);
            int x = MARGIN + Math.max(0, (available - used) / 2);
            for (Rectangle box : current) {
                box.x = x;
                box.y = MARGIN + r * (rowHeight() + ROW_GAP);
                x += box.width + ENTRY_GAP;
            }
        }
        return boxes;
    }

    /** Draws the legend with its top edge at {@code top}, across a figure {@code width} pixels wide. */
    void paint(Graphics2D g, int top, int width) {
        if (isEmpty()) return;
        List<Rectangle> boxes = layout(width);
        int available = Math.max(1, width - 2 * MARGIN);
        g.setFont(font);
        float ascent = font.getLineMetrics("Xg", MEASURE).getAscent();
        float textHeight = font.getLineMetrics("Xg", MEASURE).getHeight();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            Rectangle box = boxes.get(i);
            double middle = top + box.y + box.height / 2.0;
            g.setColor(entry.color());
            if (entry.line() != null) {
                g.setStroke(entry.line());
                g.draw(new Line2D.Double(box.x, middle, box.x + SAMPLE_LENGTH, middle));
            }
            if (entry.marker() != null) entry.marker().paint(g, box.x + SAMPLE_LENGTH / 2.0, middle, MARKER_SIZE);
            g.setColor(Color.BLACK);
            g.drawString(shownName(entry.name(), available), box.x + SAMPLE_LENGTH + SAMPLE_GAP,
                    (float) (middle - textHeight / 2 + ascent));
        }
    }

    private int rowHeight() {
        return (int) Math.ceil(Math.max(font.getLineMetrics("Xg", MEASURE).getHeight(), MARKER_SIZE + 2));
    }

    private int entryWidth(String name) {
        return SAMPLE_LENGTH + SAMPLE_GAP + (int) Math.ceil(font.getStringBounds(name, MEASURE).getWidth());
    }

    /** The name, or as much of it as fits a row of {@code available} pixels followed by an ellipsis. */
    String shownName(String name, int available) {
        if (entryWidth(name) <= available) return name;
        String shortened = name;
        while (shortened.length() > 1 && entryWidth(shortened + "\u2026") > available) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "\u2026";
    }
}
