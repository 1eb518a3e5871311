package org.netgeom.symmetry;

import java.util.Arrays;
import org.netgeom.tensor.InvalidInputException;

/**
 * Exact 1-D Wasserstein-1 distance between two empirical distributions (docs/methods/symmetry.md,
 * Wasserstein-1 distance): the integral over q in (0, 1) of |F_a^-1(q) - F_b^-1(q)|. Both
 * quantile functions are step functions, with steps at i/n and j/m; walking the merged steps in
 * integer arithmetic (multiples of 1/(n m)) gives the integral exactly, for any sizes n and m.
 */
public final class Wasserstein {
    private Wasserstein() {}

    /** W1 between the samples a and b (copied and sorted; inputs untouched). */
    public static double distance(float[] a, float[] b) {
        return distanceSorted(sortedCopy(a), sortedCopy(b));
    }

    /** W1 between two sample sets already sorted ascending. */
    public static double distanceSorted(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new InvalidInputException("Wasserstein distance needs two non-empty samples, got sizes " + a.length + " and " + b.length);
        }
        long n = a.length, m = b.length;
        int i = 0, j = 0;
        long position = 0;        // current q times n*m
        double total = 0;
        while (i < n && j < m) {
            long stepA = (i + 1) * m, stepB = (j + 1) * n;   // next breakpoints, times n*m
            long next = Math.min(stepA, stepB);
            total += Math.abs(a[i] - b[j]) * (next - position);
            position = next;
            if (stepA == next) i++;
            if (stepB == next) j++;
        }
        return total / ((double) n * m);
    }

    private static double[] sortedCopy(float[] values) {
        double[] copy = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException("Wasserstein distance needs finite samples; value " + i + " is " + values[i]);
            }
            copy[i] = values[i];
        }
        Arrays.sort(copy);
        return copy;
    }
}
