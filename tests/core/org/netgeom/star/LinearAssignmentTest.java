package org.netgeom.star;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;

class LinearAssignmentTest {

    @Test
    void equalsBruteForceOnRandomSixBySixCases() {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 300; trial++) {
            double[][] cost = randomMatrix(random, 6, trial % 3 == 0);
            int[] fast = LinearAssignment.minimize(cost);
            int[] best = bruteForceMinimum(cost);
            assertEquals(total(cost, best), total(cost, fast), 1e-9, "trial " + trial);
            if (trial % 3 != 0) assertArrayEquals(best, fast, "continuous costs have a unique optimum, trial " + trial);
        }
    }

    @Test
    void equalsBruteForceOnEverySizeUpToSeven() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 1; n <= 7; n++) {
            for (int trial = 0; trial < 20; trial++) {
                double[][] score = randomMatrix(random, n, false);
                double[][] negated = new double[n][n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) negated[i][j] = -score[i][j];
                assertEquals(-total(negated, bruteForceMinimum(negated)), total(score, LinearAssignment.maximize(score)), 1e-9,
                        "n=" + n + " trial " + trial);
            }
        }
    }

    @Test
    void recoversAHiddenPermutation() {
        int n = 50;
        int[] hidden = org.netgeom.tensor.Philox.permutation(n, 3, 0);
        double[][] score = new double[n][n];
        for (int i = 0; i < n; i++) score[i][hidden[i]] = 1;
        assertArrayEquals(hidden, LinearAssignment.maximize(score));
    }

    @Test
    void nonSquareOrNonFiniteCostIsBadInput() {
        assertThrows(InvalidInputException.class, () -> LinearAssignment.minimize(new double[][] {{1, 2}, {3}}));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LinearAssignment.minimize(new double[][] {{1, Double.NaN}, {3, 4}}));
        assertTrue(e.getMessage().contains("[0][1]"), e.getMessage());
    }

    private static double[][] randomMatrix(SplittableRandom random, int n, boolean smallIntegers) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) m[i][j] = smallIntegers ? random.nextInt(4) : random.nextDouble(-5, 5);
        }
        return m;
    }

    private static int[] bruteForceMinimum(double[][] cost) {
        int n = cost.length;
        int[] current = new int[n], best = new int[n];
        for (int i = 0; i < n; i++) current[i] = i;
        double[] bestTotal = {Double.POSITIVE_INFINITY};
        permute(cost, current, 0, best, bestTotal);
        return best;
    }

    private static void permute(double[][] cost, int[] p, int k, int[] best, double[] bestTotal) {
        if (k == p.length) {
            double t = total(cost, p);
            if (t < bestTotal[0]) {
                bestTotal[0] = t;
                System.arraycopy(p, 0, best, 0, p.length);
            }
            return;
        }
        for (int i = k; i < p.length; i++) {
            swap(p, k, i);
            permute(cost, p, k + 1, best, bestTotal);
            swap(p, k, i);
        }
    }

    private static void swap(int[] p, int a, int b) { int t = p[a]; p[a] = p[b]; p[b] = t; }

    private static double total(double[][] cost, int[] p) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += cost[i][p[i]];
        return sum;
    }
}
