package org.netgeom.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;

class Float64CholeskyTest {

    /** B B^T / n + I: symmetric positive definite with a moderate condition number. */
    private static double[] spd(int n, long seed) {
        Random random = new Random(seed);
        double[] b = new double[n * n];
        for (int i = 0; i < b.length; i++) b[i] = random.nextGaussian();
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += b[i * n + k] * b[j * n + k];
                a[i * n + j] = sum / n + (i == j ? 1 : 0);
            }
        }
        return a;
    }

    @Test
    void factorTimesItsTransposeGivesBackTheMatrixAcrossPanelEdges() {
        int panel = Float64Cholesky.PANEL;
        for (int n : new int[] {1, 2, 63, panel - 1, panel, panel + 1, 2 * panel + 5, 300}) {
            double[] a = spd(n, n);
            double[] l = a.clone();
            // Garbage above the diagonal must not be read.
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) l[i * n + j] = Double.NaN;
            try (Parallel parallel = Parallel.ofThreads(3)) {
                Float64Cholesky.factor(l, n, parallel);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (j > i) {
                        assertEquals(0.0, l[i * n + j], "L is lower triangular, n = " + n);
                        continue;
                    }
                    double sum = 0;
                    for (int k = 0; k <= j; k++) sum += l[i * n + k] * l[j * n + k];
                    assertEquals(a[i * n + j], sum, 1e-11 * (1 + Math.abs(a[i * n + j])), "(L L^T)[" + i + "][" + j + "], n = " + n);
                }
                assertTrue(l[i * n + i] > 0, "positive diagonal");
            }
        }
    }

    @Test
    void solveLeavesASmallResidualForSeveralRightHandSides() {
        int n = 230, k = 3;
        double[] a = spd(n, 5);
        Random random = new Random(9);
        double[] b = new double[n * k];
        for (int i = 0; i < b.length; i++) b[i] = random.nextGaussian();
        double[] l = a.clone();
        try (Parallel parallel = Parallel.ofThreads(2)) {
            Float64Cholesky.factor(l, n, parallel);
        }
        double[] x = Float64Cholesky.solve(l, n, b, k);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double ax = 0;
                for (int j = 0; j < n; j++) ax += a[i * n + j] * x[j * k + c];
                assertEquals(b[i * k + c], ax, 1e-10, "(A x - b)[" + i + "][" + c + "]");
            }
        }
    }

    @Test
    void aMatrixThatIsNotPositiveDefiniteOrNotFiniteIsBadInputNamingTheFix() {
        try (Parallel parallel = Parallel.ofThreads(1)) {
            InvalidInputException indefinite = assertThrows(InvalidInputException.class,
                    () -> Float64Cholesky.factor(new double[] {1, 2, 2, 1}, 2, parallel));
            assertTrue(indefinite.getMessage().contains("not positive definite") && indefinite.getMessage().contains("lambda"),
                    indefinite.getMessage());
            InvalidInputException nan = assertThrows(InvalidInputException.class,
                    () -> Float64Cholesky.factor(new double[] {1, 0, Double.NaN, 1}, 2, parallel));
            assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        }
    }
}
