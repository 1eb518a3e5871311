package org.netgeom.report;

/**
 * Titles, scales and pixel size of a chart. {@link #of} gives an 800 x 500 chart with linear
 * axes; {@link #withLogX()}, {@link #withLogY()} and {@link #withSize} adjust it.
 */
public record ChartStyle(String title, String xAxisTitle, String yAxisTitle, boolean logX, boolean logY,
                         int width, int height) {
    /** The smallest chart whose axes, labels and legend still fit. */
    public static final int MIN_SIZE = 200;
    /** Large enough for a poster; larger images are almost always a mistaken argument. */
    public static final int MAX_SIZE = 8000;

    public ChartStyle {
        title = title == null ? "" : title;
        xAxisTitle = xAxisTitle == null ? "" : xAxisTitle;
        yAxisTitle = yAxisTitle == null ? "" : yAxisTitle;
        ChartChecks.requireSize(width, height);
    }

    public static ChartStyle of(String title, String xAxisTitle, String yAxisTitle) {
        return new ChartStyle(title, xAxisTitle, yAxisTitle, false, false, 800, 500);
    }

    public ChartStyle withLogX() { return new ChartStyle(title, xAxisTitle, yAxisTitle, true, logY, width, height); }

    public ChartStyle withLogY() { return new ChartStyle(title, xAxisTitle, yAxisTitle, logX, true, width, height); }

    public ChartStyle withSize(int newWidth, int newHeight) {
        return new ChartStyle(title, xAxisTitle, yAxisTitle, logX, logY, newWidth, newHeight);
    }
}
