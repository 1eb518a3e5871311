package org.netgeom.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void studentTailsMatchTabulatedValues() {
        // Critical values from standard t tables: two-sided p = 0.05 at t = 2.776 (4 dof), 2.228 (10 dof); p = 0.01 at 4.604 (4 dof).
        assertEquals(0.05, Statistics.studentTwoSidedP(2.776445, 4), 1e-5);
        assertEquals(0.05, Statistics.studentTwoSidedP(2.228139, 10), 1e-5);
        assertEquals(0.01, Statistics.studentTwoSidedP(4.604095, 4), 1e-5);
        assertEquals(1.0, Statistics.studentTwoSidedP(0, 7), 1e-12);
    }

    @Test
    void pairedTestOfAConstantShiftWithNoiseIsSignificantAndOfNoShiftIsNot() {
        double[] a = {0.80, 0.82, 0.81, 0.83, 0.79};
        double[] shifted = {0.85, 0.88, 0.86, 0.87, 0.85};
        double[] same = {0.81, 0.81, 0.80, 0.84, 0.79};
        assertEquals(true, Statistics.pairedTTestP(shifted, a) < 0.01);
        assertEquals(true, Statistics.pairedTTestP(same, a) > 0.3);
    }

    @Test
    void spearmanIsOneForMonotoneAndMinusOneForReversedAndHandlesTies() {
        assertEquals(1.0, Statistics.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 35, 100}), 1e-12);
        assertEquals(-1.0, Statistics.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        // Ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): covariance 4.5, variances 4.5 and 5.
        assertEquals(4.5 / Math.sqrt(4.5 * 5), Statistics.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}), 1e-12);
    }

    @Test
    void pairedDifferenceIntervalIsMeanPlusMinusTTimesStandardError() {
        double[] b = {0.5, 0.6, 0.7, 0.8, 0.9};
        double[] a = {1.5, 2.6, 3.7, 4.8, 5.9}; // differences 1..5: mean 3, sd sqrt(2.5)
        Statistics.Interval interval = Statistics.pairedDifference(a, b, 0.95);
        double half = 2.776445 * Math.sqrt(2.5) / Math.sqrt(5); // t_{0.975, 4} from standard tables
        assertEquals(3.0, interval.mean(), 1e-12);
        assertEquals(3.0 - half, interval.low(), 1e-5);
        assertEquals(3.0 + half, interval.high(), 1e-5);
        assertEquals(5, interval.n());
        Statistics.Interval exact = Statistics.pairedDifference(new double[] {2, 3}, new double[] {1, 2}, 0.95);
        assertEquals(1.0, exact.low(), 1e-12, "equal differences: a zero-width interval");
        assertEquals(Double.NaN, Statistics.pairedDifference(new double[] {2}, new double[] {1}, 0.95).low());
    }

    @Test
    void studentQuantileInvertsTheTail() {
        assertEquals(2.776445, Statistics.studentQuantile(0.975, 4), 1e-5);
        assertEquals(2.262157, Statistics.studentQuantile(0.975, 9), 1e-5);
    }

    @Test
    void identicalRankingsHaveASmallPermutationPAndAScrambledOneALargeP() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] monotone = {0.1, 0.15, 0.2, 0.3, 0.35, 0.5, 0.6, 0.61, 0.8, 0.9};
        // Two of 10! pairings reach |rho| = 1: p is (1 + hits) / (1 + 2000), almost surely 1 / 2001.
        assertEquals(true, Statistics.spearmanPermutationTest(x, monotone, 2000, 7).pValue() < 0.002);
        double[] scrambled = {3, 9, 1, 7, 5, 10, 2, 8, 4, 6}; // rho 0.103; numpy's shuffles give p = 0.78
        double p = Statistics.spearmanPermutationTest(x, scrambled, 2000, 7).pValue();
        assertEquals(true, p > 0.6 && p < 0.95, "p = " + p);
        assertEquals(p, Statistics.spearmanPermutationTest(x, scrambled, 2000, 7).pValue(), "same seed, same p");
    }

    @Test
    void permutationPValueOfAPerfectRankingMatchesTheExactCount() {
        // Five pairs in the same order: of the 120 orderings of y, exactly 2 reach |rho| = 1, so p = 1/60.
        double[] x = {1, 2, 3, 4, 5}, y = {0.3, 0.5, 0.9, 1.4, 2.0};
        Statistics.RankCorrelation test = Statistics.spearmanPermutationTest(x, y, 20_000, 7);
        assertEquals(1.0, test.rho(), 1e-12);
        // Binomial standard error of the estimate: sqrt(p (1 - p) / 20000) = 0.0009.
        assertEquals(1 / 60.0, test.pValue(), 0.004);
        assertEquals(test, Statistics.spearmanPermutationTest(x, y, 20_000, 7), "same seed, same p");
        // A reversed ranking is as extreme, two-sided.
        assertEquals(-1.0, Statistics.spearmanPermutationTest(x, new double[] {5, 4, 3, 2, 1}, 20_000, 7).rho(), 1e-12);
        assertEquals(test.pValue(), Statistics.spearmanPermutationTest(x, new double[] {5, 4, 3, 2, 1}, 20_000, 7).pValue(), 0.0);
    }

    @Test
    void permutationTestOfAWeakRankingIsNotSignificantAndNeverZero() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8}, y = {3, 1, 4, 1.5, 5, 9, 2, 6};
        Statistics.RankCorrelation test = Statistics.spearmanPermutationTest(x, y, 5_000, 1);
        assertEquals(Statistics.spearman(x, y), test.rho(), 0.0);
        assertTrue(test.pValue() > 0.1 && test.pValue() <= 1, "p " + test.pValue() + " for rho " + test.rho());
        assertTrue(Double.isNaN(Statistics.spearmanPermutationTest(new double[] {1, 2}, new double[] {2, 1}, 10, 1).pValue()), "n < 3");
    }
}
