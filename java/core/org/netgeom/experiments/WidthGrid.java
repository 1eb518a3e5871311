package org.netgeom.experiments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.netgeom.tensor.InvalidInputException;

/** Model widths of a double-descent sweep: given outright, or as a log grid of p/n that always contains p = n. */
public final class WidthGrid {
    private WidthGrid() {}

    /**
     * Parses --width-ratio min:max:count into widths round(ratio * n): count ratios evenly spaced
     * in log between min and max, the one nearest 1 replaced by exactly 1 (when 1 lies inside).
     * Ratios that round to the same width count once.
     */
    public static int[] fromRatios(String text, int trainSize) {
        String[] parts = text.split(":");
        double min, max;
        int count;
        try {
            if (parts.length != 3) throw new NumberFormatException();
            min = Double.parseDouble(parts[0]);
            max = Double.parseDouble(parts[1]);
            count = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw InvalidInputException.forField("widthRatio", "{widthRatio} must be min:max:count like 0.1:10:25, got " + text);
        }
        if (!(min > 0) || !(max > min) || count < 2) {
            throw InvalidInputException.forField("widthRatio", "{widthRatio} needs 0 < min < max and count >= 2, got " + text);
        }
        double[] ratios = new double[count];
        int nearestOne = 0;
        for (int i = 0; i < count; i++) {
            ratios[i] = Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * i / (count - 1));
            if (Math.abs(Math.log(ratios[i])) < Math.abs(Math.log(ratios[nearestOne]))) nearestOne = i;
        }
        if (min <= 1 && max >= 1) ratios[nearestOne] = 1;
        Set<Integer> widths = new LinkedHashSet<>();
        for (double ratio : ratios) widths.add(Math.max(1, (int) Math.round(ratio * trainSize)));
        return widths.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Parses --widths p1,p2,...: positive integers. */
    public static int[] fromList(List<Integer> widths) {
        List<Integer> checked = new ArrayList<>();
        for (int w : widths) {
            if (w < 1) throw InvalidInputException.forField("widths", "{widths} must be positive integers, got " + w);
            if (!checked.contains(w)) checked.add(w);
        }
        if (checked.isEmpty()) throw InvalidInputException.forField("widths", "{widths} needs at least one width");
        return checked.stream().mapToInt(Integer::intValue).toArray();
    }
}
