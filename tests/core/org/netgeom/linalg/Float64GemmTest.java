package org.netgeom.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Float64GemmTest {

    /** x: depth rows of stride ldx starting at offset, random, with the padding filled too (it must not be read). */
    private static double[] random(Random random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.nextGaussian();
        return values;
    }

    private static void check(int depth, int m, int n, boolean lowerOnly, int threads, long seed) {
        Random random = new Random(seed);
        int xOffset = 3, ldx = m + 5, yOffset = 1, ldy = n + 2, cOffset = 2, ldc = n + 4;
        double[] x = random(random, xOffset + depth * ldx), y = random(random, yOffset + depth * ldy);
        double[] c = random(random, cOffset + m * ldc);
        double[] expected = c.clone();
        double alpha = -0.75;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < depth; k++) sum += x[xOffset + k * ldx + i] * y[yOffset + k * ldy + j];
                expected[cOffset + i * ldc + j] += alpha * sum;
            }
        }
        try (Parallel parallel = Parallel.ofThreads(threads)) {
            Float64Gemm.addTransposedProduct(alpha, new Float64Gemm.Operand(x, xOffset, ldx), new Float64Gemm.Operand(y, yOffset, ldy),
                    depth, m, n, c, cOffset, ldc, lowerOnly, parallel);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < (lowerOnly ? Math.min(n, i + 1) : n); j++) {
                int index = cOffset + i * ldc + j;
                assertEquals(expected[index], c[index], 1e-12 * (1 + depth), "C[" + i + "][" + j + "] of " + depth + "x" + m + "x" + n);
            }
            // Columns beyond n in the padding of a row must stay untouched.
            for (int j = n; j < ldc && cOffset + i * ldc + j < c.length; j++) {
                assertEquals(expected[cOffset + i * ldc + j], c[cOffset + i * ldc + j], 0.0, "padding of row " + i);
            }
        }
    }

    @Test
    void matchesATripleLoopOnShapesThatCrossEveryBlockEdge() {
        int lanes = Float64Gemm.LANES;
        int[][] shapes = {{1, 1, 1}, {7, 13, 5}, {1, 6, Float64Gemm.COLS}, {Float64Gemm.DEPTH_BLOCK + 1, 7, 2 * lanes + 1},
            {3, 19, Float64Gemm.COLUMN_BLOCK + 3}, {40, 1, 9}, {0, 4, 4}};
        long seed = 1;
        for (int[] shape : shapes) {
            for (boolean lowerOnly : new boolean[] {false, true}) {
                for (int threads : new int[] {1, 3}) check(shape[0], shape[1], shape[2], lowerOnly, threads, seed++);
            }
        }
    }

    @Test
    void aGramMatrixIsTheSameOnOneThreadAndOnSeveral() {
        Random random = new Random(7);
        int depth = 300, size = 131;
        double[] phi = random(random, depth * size);
        double[] one = new double[size * size], several = new double[size * size];
        Float64Gemm.Operand operand = new Float64Gemm.Operand(phi, 0, size);
        try (Parallel single = Parallel.ofThreads(1); Parallel many = Parallel.ofThreads(4)) {
            Float64Gemm.addTransposedProduct(1, operand, operand, depth, size, size, one, 0, size, true, single);
            Float64Gemm.addTransposedProduct(1, operand, operand, depth, size, size, several, 0, size, true, many);
        }
        // Every entry is summed in the same order whatever the split, so the lower triangles agree
        // exactly (above the diagonal only the tiles that straddle it write, and they differ by split).
        for (int i = 0; i < size; i++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(one, i * size, i * size + i + 1),
                    java.util.Arrays.copyOfRange(several, i * size, i * size + i + 1), "row " + i);
        }
    }

    @Test
    void gramMatricesOfColumnsAndOfRowsAreFullAndSymmetric() {
        Random random = new Random(3);
        int n = 37, p = 23;
        double[] phi = random(random, n * p);
        try (Parallel parallel = Parallel.ofThreads(2)) {
            double[] ofColumns = Float64Gemm.gram(phi, n, p, true, parallel), ofRows = Float64Gemm.gram(phi, n, p, false, parallel);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double sum = 0;
                    for (int k = 0; k < n; k++) sum += phi[k * p + i] * phi[k * p + j];
                    assertEquals(sum, ofColumns[i * p + j], 1e-12 * n, "Phi^T Phi [" + i + "][" + j + "]");
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int k = 0; k < p; k++) sum += phi[i * p + k] * phi[j * p + k];
                    assertEquals(sum, ofRows[i * n + j], 1e-12 * p, "Phi Phi^T [" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void splitPointsCoverTheStripsInOrder() {
        for (boolean lowerOnly : new boolean[] {false, true}) {
            for (int parts = 1; parts <= 5; parts++) {
                int previous = 0;
                for (int part = 1; part <= parts; part++) {
                    int point = Float64Gemm.splitPoint(part, parts, 17, lowerOnly);
                    assertEquals(true, point >= previous, "split points grow");
                    previous = point;
                }
                assertEquals(17, previous);
                assertEquals(0, Float64Gemm.splitPoint(0, parts, 17, lowerOnly));
            }
        }
    }
}
