package org.netgeom.cli.plot;

import java.awt.Color;

/**
 * Maps values to colours: a diverging blue-white-red scale symmetric about zero when the data
 * have both signs (so white means zero), else viridis from the minimum to the maximum.
 */
record Colormap(double low, double high, boolean diverging) {
    /** Viridis sampled at 0, 1/7, ..., 1 (matplotlib's map), interpolated linearly between. */
    private static final int[] VIRIDIS = {0x440154, 0x46327E, 0x365C8D, 0x277F8E, 0x1FA187, 0x4AC16D, 0x9FDA3A,
        0xFDE725};
    /** ColorBrewer RdBu reversed: blue for negative, white at zero, red for positive. */
    private static final int[] BLUE_WHITE_RED = {0x2166AC, 0x67A9CF, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xEF8A62,
        0xB2182B};

    static Colormap forValues(double[][] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double value : row) {
                if (Double.isFinite(value)) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        if (min > max) return new Colormap(Double.NaN, Double.NaN, false);
        if (min < 0 && max > 0) {
            double limit = Math.max(-min, max);
            return new Colormap(-limit, limit, true);
        }
        return new Colormap(min, max, false);
    }

    /** The colour of {@code value}; infinities take the scale's ends. */
    Color color(double value) {
        if (Double.isNaN(low)) return Color.GRAY;
        if (high == low) return colorAtFraction(0.5);
        return colorAtFraction((value - low) / (high - low));
    }

    /** The colour at {@code fraction} of the way from the low end to the high end (clamped). */
    Color colorAtFraction(double fraction) {
        int[] table = diverging ? BLUE_WHITE_RED : VIRIDIS;
        double clamped = Double.isNaN(fraction) ? 0.5 : Math.clamp(fraction, 0.0, 1.0);
        double position = clamped * (table.length - 1);
        int index = Math.min((int) position, table.length - 2);
        double t = position - index;
        return blend(table[index], table[index + 1], t);
    }

    private static Color blend(int from, int to, double t) {
        int red = (int) Math.round(((from >> 16) & 0xFF) * (1 - t) + ((to >> 16) & 0xFF) * t);
        int green = (int) Math.round(((from >> 8) & 0xFF) * (1 - t) + ((to >> 8) & 0xFF) * t);
        int blue = (int) Math.round((from & 0xFF) * (1 - t) + (to & 0xFF) * t);
        return new Color(red, green, blue);
    }
}
