package org.netgeom.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.InvalidInputException;

class InPcaTest {

    /** Squared Euclidean distances double-center to the Gram matrix: the points come back up to rotation. */
    @Test
    void recoversAKnownEuclideanConfigurationUpToRotation() {
        Random random = new Random(1);
        int k = 14, dims = 3;
        double[][] x = new double[k][dims];
        for (double[] row : x) for (int i = 0; i < dims; i++) row[i] = random.nextGaussian() * (i + 1);
        double[][] d = new double[k][k];
        for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) d[a][b] = squaredDistance(x[a], x[b], dims, 0);
        InPca pca = InPca.fit(d);
        double[][] y = pca.coordinates(dims);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                assertEquals(d[a][b], squaredDistance(y[a], y[b], dims, 0), 1e-9, "pair (" + a + ", " + b + ")");
            }
        }
        for (int i = dims; i < k; i++) assertEquals(0, pca.eigenvalues()[i], 1e-9, "eigenvalue " + i);
        for (int i = 0; i < dims; i++) assertTrue(pca.eigenvalues()[i] > 0, "eigenvalue " + i + " is positive");
        assertEquals(1, pca.squaredFraction(dims), 1e-12);
        // The square root turns a rounding error of 1e-16 in the squared fraction into 1e-8.
        assertEquals(1, pca.explainedStress(dims), 1e-7);
        assertTrue(pca.explainedStress(1) < 1, "one dimension does not explain three");
    }

    /** D = |space|^2 - |time|^2 (Minkowski): the time-like direction comes back as a negative eigenvalue. */
    @Test
    void keepsTheSignOfTimeLikeDirections() {
        Random random = new Random(2);
        int k = 12;
        double[][] x = new double[k][3];   // columns 0, 1 space-like, column 2 time-like (the largest spread)
        for (double[] row : x) {
            row[0] = random.nextGaussian();
            row[1] = 0.5 * random.nextGaussian();
            row[2] = 2 * random.nextGaussian();
        }
        double[][] d = new double[k][k];
        for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) d[a][b] = squaredDistance(x[a], x[b], 2, 1);
        InPca pca = InPca.fit(d);
        int negative = 0, positive = 0;
        for (int i = 0; i < 3; i++) {
            if (pca.eigenvalues()[i] < 0) negative++; else positive++;
        }
        assertEquals(1, negative, "one time-like eigenvalue among the top 3");
        assertEquals(2, positive, "two space-like eigenvalues among the top 3");
        for (int i = 3; i < k; i++) assertEquals(0, pca.eigenvalues()[i], 1e-9);
        double[][] y = pca.coordinates(3);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double signed = 0;
                for (int i = 0; i < 3; i++) {
                    double diff = y[a][i] - y[b][i];
                    signed += Math.signum(pca.eigenvalues()[i]) * diff * diff;
                }
                assertEquals(d[a][b], signed, 1e-9, "signed squared distance (" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void explainedStressSumsToOneAndItsTotalIsTheFrobeniusNormOfW() {
        double[][] d = bhattacharyyaMatrix(new Random(3), 10);
        InPca pca = InPca.fit(d);
        int k = d.length;
        assertEquals(1, pca.squaredFraction(k), 1e-12);
        assertEquals(1, pca.explainedStress(k), 1e-7);
        assertEquals(1, pca.absoluteFraction(k), 1e-12);
        double[] rowMeans = new double[k];
        double grand = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) rowMeans[i] += d[i][j] / k;
            grand += rowMeans[i] / k;
        }
        double frobenius = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double w = -0.5 * (d[i][j] - rowMeans[i] - rowMeans[j] + grand);
                frobenius += w * w;
            }
        }
        assertEquals(frobenius, pca.totalSquared(), 1e-12 * frobenius);
        for (int i = 1; i < k; i++) {
            assertTrue(Math.abs(pca.eigenvalues()[i]) <= Math.abs(pca.eigenvalues()[i - 1]), "sorted by |lambda|");
            assertTrue(pca.explainedStress(i) <= pca.explainedStress(i + 1) + 1e-15, "explained stress grows with k");
            assertTrue(pca.explainedStress(i) <= pca.squaredFraction(i) + 1e-15, "1 - sqrt(1 - f) <= f for f in [0, 1]");
        }
    }

    /**
     * Three points with squared distances 1, 1 and 9 (no Euclidean triangle has sides 1, 1, 3),
     * by hand: r = (10/3, 2/3, 10/3), g = 22/9, W = (1/18) [[38, 5, -43], [5, -10, 5], [-43, 5, 38]],
     * eigenvalues 9/2 (vector (1, 0, -1)), -5/6 (vector (1, -2, 1)) and 0, |W|_F^2 = 754/36.
     * Top 1: squared fraction 729/754, explained stress 1 - sqrt(25/754) = 1 - 5/sqrt(754),
     * |lambda| fraction (9/2) / (9/2 + 5/6) = 27/32.
     */
    @Test
    void explainedStressOfAHandComputedThreePointCaseIsTheAuthorsDefinition() {
        double[][] d = {{0, 1, 9}, {1, 0, 1}, {9, 1, 0}};
        InPca pca = InPca.fit(d);
        assertEquals(4.5, pca.eigenvalues()[0], 1e-12);
        assertEquals(-5.0 / 6, pca.eigenvalues()[1], 1e-12);
        assertEquals(0, pca.eigenvalues()[2], 1e-12);
        assertEquals(754.0 / 36, pca.totalSquared(), 1e-12);
        assertEquals(729.0 / 754, pca.squaredFraction(1), 1e-12);
        assertEquals(1 - 5 / Math.sqrt(754), pca.explainedStress(1), 1e-12);
        assertEquals(27.0 / 32, pca.absoluteFraction(1), 1e-12);
        assertEquals(1, pca.explainedStress(2), 1e-7);
        assertEquals(0.8179, pca.explainedStress(1), 1e-4, "1 - 5/sqrt(754) = 0.81791");
    }

    @Test
    void projectingAReferencePointLandsOnItsOwnCoordinates() {
        double[][] d = bhattacharyyaMatrix(new Random(4), 12);
        InPca pca = InPca.fit(d);
        for (int dims : new int[] {3, 11}) {
            double[][] y = pca.coordinates(dims);
            for (int p : new int[] {0, 5, 11}) {
                double[] projected = pca.project(d[p], dims);
                for (int i = 0; i < dims; i++) {
                    assertEquals(y[p][i], projected[i], 1e-9, "point " + p + " dimension " + i + " of " + dims);
                }
            }
        }
    }

    @Test
    void topKSubspaceIterationAgreesWithTheDenseSolver() {
        double[][] d = bhattacharyyaMatrix(new Random(7), 60);
        InPca dense = InPca.fit(d);
        InPca top;
        try (CpuBackend backend = new CpuBackend(1)) {
            top = InPca.fitTopK(backend, d, 4, 9);
        }
        assertEquals(dense.totalSquared(), top.totalSquared(), 1e-12 * dense.totalSquared());
        assertTrue(Double.isNaN(top.absoluteFraction(1)), "the |lambda| fraction needs every eigenvalue");
        double[][] x = dense.coordinates(4), y = top.coordinates(4);
        for (int i = 0; i < 4; i++) {
            double lambda = dense.eigenvalues()[i];
            assertEquals(lambda, top.eigenvalues()[i], 1e-4 * Math.abs(dense.eigenvalues()[0]), "eigenvalue " + i);
            assertEquals(dense.explainedStress(i + 1), top.explainedStress(i + 1), 1e-4, "explained stress " + (i + 1));
            double sign = Math.signum(x[0][i] * y[0][i]);
            for (int p = 0; p < d.length; p++) {
                assertEquals(x[p][i], sign * y[p][i], 1e-3 * Math.sqrt(Math.abs(dense.eigenvalues()[0])), "coordinate " + p + ", " + i);
            }
        }
    }

    @Test
    void rejectsNonSquareOrNonFiniteMatrices() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> InPca.fit(new double[][] {{0, 1}, {1, 0, 2}}));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> InPca.fit(new double[][] {{0, Double.NaN}, {1, 0}}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    private static double[][] bhattacharyyaMatrix(Random random, int k) {
        PredictionSet set = TrajectoryFixtures.toSet(TrajectoryFixtures.randomProbabilities(random, k, 30, 4), null);
        try (CpuBackend backend = new CpuBackend(1)) {
            return new BhattacharyyaDistances(backend).pairwise(set);
        }
    }

    /** Sum of the first {@code space} squared coordinate differences minus the next {@code time}. */
    private static double squaredDistance(double[] a, double[] b, int space, int time) {
        double sum = 0;
        for (int i = 0; i < space + time; i++) sum += (i < space ? 1 : -1) * (a[i] - b[i]) * (a[i] - b[i]);
        return sum;
    }
}
