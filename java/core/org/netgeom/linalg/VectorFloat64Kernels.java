package org.netgeom.linalg;

import static org.netgeom.linalg.Float64Gemm.COLS;
import static org.netgeom.linalg.Float64Gemm.ROWS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 kernels on the Vector API: {@link Float64Gemm}'s tile product and
 * {@link Float64Cholesky}'s dot product. Only loaded when {@link VectorCapability#AVAILABLE};
 * the scalar versions beside their callers compute the same bits.
 */
final class VectorFloat64Kernels {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private VectorFloat64Kernels() {}

    /** The preferred vector width in bits, which the Vector API chooses for every element type alike. */
    static int preferredBitSize() { return SPECIES.vectorBitSize(); }

    /** Float64Gemm's tile kernel (see there); ROWS and COLS are Float64Gemm's. */
    static void multiplyAdd(int depth, double[] a, double[] b, int bIndex, double[] c, int cIndex, int ldc, int rows, int cols,
                            double[] tile) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = DoubleVector.zero(SPECIES), c11 = DoubleVector.zero(SPECIES);
        DoubleVector c20 = DoubleVector.zero(SPECIES), c21 = DoubleVector.zero(SPECIES);
        DoubleVector c30 = DoubleVector.zero(SPECIES), c31 = DoubleVector.zero(SPECIES);
        DoubleVector c40 = DoubleVector.zero(SPECIES), c41 = DoubleVector.zero(SPECIES);
        DoubleVector c50 = DoubleVector.zero(SPECIES), c51 = DoubleVector.zero(SPECIES);
        for (int p = 0, ai = 0, bi = bIndex; p < depth; p++, ai += ROWS, bi += COLS) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bi + LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ai]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            DoubleVector a4 = DoubleVector.broadcast(SPECIES, a[ai + 4]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            DoubleVector a5 = DoubleVector.broadcast(SPECIES, a[ai + 5]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
        }
        // Through a scratch tile, as the float32 kernel does: a helper taking vectors that C2
        // declines to inline would box every accumulator.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, COLS);
        c11.intoArray(tile, COLS + LANES);
        c20.intoArray(tile, 2 * COLS);
        c21.intoArray(tile, 2 * COLS + LANES);
        c30.intoArray(tile, 3 * COLS);
        c31.intoArray(tile, 3 * COLS + LANES);
        c40.intoArray(tile, 4 * COLS);
        c41.intoArray(tile, 4 * COLS + LANES);
        c50.intoArray(tile, 5 * COLS);
        c51.intoArray(tile, 5 * COLS + LANES);
        for (int r = 0; r < rows; r++) {
            int row = cIndex + r * ldc;
            for (int j = 0; j < cols; j++) c[row + j] += tile[r * COLS + j];
        }
    }

    /**
     * sum over k < length of a[x + k] * a[y + k]: lane i of a vector accumulates, by fused
     * multiply-adds, the products at k = i mod LANES below the last whole vector; the lanes are
     * added in order ({@link LaneSums}), then the remaining products one by one (not fused).
     */
    static double dot(double[] a, int x, int y, int length) {
        int k = 0;
        DoubleVector sum = DoubleVector.zero(SPECIES);
        for (; k + LANES <= length; k += LANES) {
            sum = DoubleVector.fromArray(SPECIES, a, x + k).fma(DoubleVector.fromArray(SPECIES, a, y + k), sum);
        }
        double total = LaneSums.inOrder(sum);
        for (; k < length; k++) total += a[x + k] * a[y + k];
        return total;
    }
}
