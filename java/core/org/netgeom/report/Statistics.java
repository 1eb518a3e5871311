package org.netgeom.report;

import java.util.Arrays;
import org.netgeom.tensor.Philox;

/**
 * Summary statistics for result tables: mean, sample std, paired t-test and the confidence
 * interval of a paired difference, Spearman rank correlation and its permutation test.
 */
public final class Statistics {
    /**
     * Permutation i of a permutation test uses Philox stream 6 * 2^40 + i, a range no other draw uses
     * (docs/RELIABILITY.md, the stream map). Up to 2026-12-01 it was 5 * 2^40 + i, where weight
     * matching reads round i: under one seed the two shared their bits, and p-values from before
     * differ from a rerun within their Monte Carlo error.
     */
    public static final long PERMUTATION_STREAM_BASE = 6L << 40;

    /** Spearman's rho, its two-sided permutation p-value and how many permutations made it. */
    public record RankCorrelation(int n, double rho, double pValue, int permutations) {}

    /** A mean and its two-sided confidence interval [low, high] at {@code level}, from n values. */
    public record Interval(double mean, double low, double high, double level, int n) {}

    private Statistics() {}

    /**
     * The mean of the paired differences a[i] - b[i] with its Student-t confidence interval at
     * {@code level} (e.g. 0.95): mean +- t_{(1 + level) / 2, n - 1} sd / sqrt(n). Fewer than two
     * pairs give NaN bounds; equal differences give a zero-width interval.
     */
    public static Interval pairedDifference(double[] a, double[] b, double level) {
        if (a.length != b.length) throw new IllegalArgumentException("paired samples need equal lengths, got " + a.length + " and " + b.length);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        double mean = mean(d);
        if (d.length < 2) return new Interval(mean, Double.NaN, Double.NaN, level, d.length);
        double half = studentQuantile((1 + level) / 2, d.length - 1) * std(d) / Math.sqrt(d.length);
        return new Interval(mean, mean - half, mean + half, level, d.length);
    }

    /** The quantile t with P(T &lt;= t) = {@code probability} (in [0.5, 1)) of Student's t with {@code dof} degrees of freedom. */
    public static double studentQuantile(double probability, int dof) {
        if (!(probability >= 0.5 && probability < 1)) throw new IllegalArgumentException("probability must be in [0.5, 1), got " + probability);
        double twoSided = 2 * (1 - probability), low = 0, high = 1;
        while (studentTwoSidedP(high, dof) > twoSided) high *= 2;
        for (int i = 0; i < 200 && high - low > 1e-12 * high; i++) {
            double middle = (low + high) / 2;
            if (studentTwoSidedP(middle, dof) > twoSided) low = middle; else high = middle;
        }
        return (low + high) / 2;
    }

    public static double mean(double[] x) { return Arrays.stream(x).average().orElse(Double.NaN); }

    /** Sample standard deviation (n - 1). */
    public static double std(double[] x) {
        if (x.length < 2) return Double.NaN;
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / (x.length - 1));
    }

    /** Two-sided p-value of the paired t-test of a against b (same length >= 2); NaN when all differences are equal. */
    public static double pairedTTestP(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) throw new IllegalArgumentException("paired samples need equal lengths >= 2");
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        double sd = std(d);
        if (!(sd > 0)) return Double.NaN;
        double t = mean(d) / (sd / Math.sqrt(d.length));
        return studentTwoSidedP(t, d.length - 1);
    }

    /** P(|T| >= |t|) for Student's t with {@code dof} degrees of freedom: I_{dof/(dof+t^2)}(dof/2, 1/2). */
    public static double studentTwoSidedP(double t, int dof) {
        return regularizedIncompleteBeta(dof / (dof + t * t), dof / 2.0, 0.5);
    }

    /** Spearman's rank correlation (average ranks for ties). */
    public static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x), ry = ranks(y);
        double mx = mean(rx), my = mean(ry), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /**
     * Spearman's rho of (x, y) and its two-sided permutation p-value: y is shuffled {@code permutations}
     * times (permutation i from Philox(seed, {@link #PERMUTATION_STREAM_BASE} + i), so the same seed
     * gives the same p), and p = (1 + #{|rho_perm| >= |rho|}) / (1 + permutations), which is never 0
     * (the observed pairing counts as one of the equally likely ones). NaN rho and p for fewer than 3
     * pairs or a constant column.
     */
    public static RankCorrelation spearmanPermutationTest(double[] x, double[] y, int permutations, long seed) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y need equal lengths, got " + x.length + " and " + y.length);
        if (permutations < 1) throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
        double rho = x.length < 3 ? Double.NaN : spearman(x, y);
        if (Double.isNaN(rho)) return new RankCorrelation(x.length, Double.NaN, Double.NaN, permutations);
        // Compare with a hair of slack: permuted rhos equal to the observed one in exact arithmetic must count.
        double threshold = Math.abs(rho) - 1e-12;
        double[] shuffled = new double[y.length];
        int atLeast = 0;
        for (int i = 0; i < permutations; i++) {
            int[] order = Philox.permutation(y.length, seed, PERMUTATION_STREAM_BASE + i);
            for (int j = 0; j < y.length; j++) shuffled[j] = y[order[j]];
            if (Math.abs(spearman(x, shuffled)) >= threshold) atLeast++;
        }
        return new RankCorrelation(x.length, rho, (1.0 + atLeast) / (1.0 + permutations), permutations);
    }

    static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Double.compare(x[i], x[j]));
        double[] ranks = new double[x.length];
        for (int i = 0; i < x.length; ) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) j++;
            for (int k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return ranks;
    }

    /** I_x(a, b) by its continued fraction (modified Lentz), using the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) for convergence. */
    static double regularizedIncompleteBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
        if (x > (a + 1) / (a + b + 2)) return 1 - Math.exp(logFront) * betaContinuedFraction(1 - x, b, a) / b;
        return Math.exp(logFront) * betaContinuedFraction(x, a, b) / a;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        double tiny = 1e-300, c = 1, d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d; d = Math.abs(d) < tiny ? tiny : d; c = 1 + aa / c; c = Math.abs(c) < tiny ? tiny : c; d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d; d = Math.abs(d) < tiny ? tiny : d; c = 1 + aa / c; c = Math.abs(c) < tiny ? tiny : c; d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) break;
        }
        return h;
    }

    /** Lanczos approximation (g = 7, 9 terms), accurate to ~1e-15 for x > 0. */
    static double logGamma(double x) {
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
                12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double sum = g[0], t = x + 7.5;
        for (int i = 1; i < 9; i++) sum += g[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
