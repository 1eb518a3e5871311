package org.netgeom.report;

import org.netgeom.tensor.InvalidInputException;

/** Argument checks shared by the chart records and every {@link ChartRenderer}. */
public final class ChartChecks {
    private ChartChecks() {}

    public static void requireName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a chart series needs a name");
    }

    public static void requireSameLength(String series, String firstName, double[] first, String secondName,
                                  double[] second) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("series '" + series + "' has " + first.length + " " + firstName
                    + " values but " + second.length + " " + secondName + " values");
        }
        if (first.length == 0) throw new IllegalArgumentException("series '" + series + "' has no points");
    }

    public static void requireSize(int width, int height) {
        if (width < ChartStyle.MIN_SIZE || width > ChartStyle.MAX_SIZE || height < ChartStyle.MIN_SIZE
                || height > ChartStyle.MAX_SIZE) {
            throw new InvalidInputException("a chart of " + width + " x " + height + " pixels: width and height must be in ["
                    + ChartStyle.MIN_SIZE + ", " + ChartStyle.MAX_SIZE + "]");
        }
    }

    /** A log axis cannot show zero or negative values; XChart's own message does not say which series. */
    public static void requirePositive(String axis, String series, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0) && !Double.isNaN(values[i])) {
                throw new InvalidInputException("series '" + series + "' has " + axis + " = " + values[i] + " at point "
                        + i + ", but the " + axis + " axis is logarithmic: drop that point or use a linear axis");
            }
        }
    }
}
