package org.netgeom.symmetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netgeom.tensor.InvalidInputException;

class WassersteinTest {

    /** Reference: repeat each of a's n samples m times and b's m samples n times, then compare sorted equal-size lists. */
    private static double bruteForce(float[] a, float[] b) {
        int n = a.length, m = b.length;
        double[] ea = new double[n * m], eb = new double[n * m];
        for (int i = 0; i < n; i++) for (int k = 0; k < m; k++) ea[i * m + k] = a[i];
        for (int j = 0; j < m; j++) for (int k = 0; k < n; k++) eb[j * n + k] = b[j];
        Arrays.sort(ea);
        Arrays.sort(eb);
        double sum = 0;
        for (int i = 0; i < ea.length; i++) sum += Math.abs(ea[i] - eb[i]);
        return sum / ea.length;
    }

    private static float[] gaussian(Random random, int n, double mean, double std) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (mean + std * random.nextGaussian());
        return x;
    }

    @ParameterizedTest(name = "n={0} m={1}")
    @CsvSource({"1,1", "5,5", "7,3", "3,7", "64,48", "100,1", "13,29"})
    void matchesBruteForceForAnySizes(int n, int m) {
        Random random = new Random(n * 100 + m);
        float[] a = gaussian(random, n, 0, 1), b = gaussian(random, m, 0.3, 2);
        assertEquals(bruteForce(a, b), Wasserstein.distance(a, b), 1e-12);
    }

    @Test
    void twoPointMassesAreTheirDistanceApart() {
        assertEquals(2.5, Wasserstein.distance(new float[] {1f, 1f, 1f}, new float[] {3.5f}), 1e-12);
    }

    @Test
    void shiftingADistributionBySMovesItByAbsS() {
        float[] a = gaussian(new Random(1), 500, 0, 1);
        float[] shifted = new float[a.length];
        for (int i = 0; i < a.length; i++) shifted[i] = a[i] - 0.75f;
        assertEquals(0.75, Wasserstein.distance(a, shifted), 1e-6);
        assertEquals(0.0, Wasserstein.distance(a, a.clone()), 0.0);
    }

    @Test
    void emptyOrNonFiniteSamplesAreRejected() {
        assertThrows(InvalidInputException.class, () -> Wasserstein.distance(new float[0], new float[] {1f}));
        assertThrows(InvalidInputException.class, () -> Wasserstein.distance(new float[] {Float.NaN}, new float[] {1f}));
    }
}
