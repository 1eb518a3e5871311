package org.netgeom.backend.cpu;

import static org.netgeom.backend.cpu.GemmKernel.COLS;
import static org.netgeom.backend.cpu.GemmKernel.ROWS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmKernel} on the Vector API: the ROWS x COLS tile of C (two vectors wide) kept in
 * twelve vector accumulators while it walks the packed panels of A and B, one fused multiply-add
 * per accumulator and depth step. Twelve accumulators leave registers for the two B vectors and
 * the broadcast A value on AVX2 (16) and AVX-512 (32). Only loaded when
 * {@link org.netgeom.linalg.VectorCapability#AVAILABLE}.
 */
final class VectorGemmKernel {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private VectorGemmKernel() {}

    /** {@link GemmKernel#multiplyAdd}, the same arguments. */
    static void multiplyAdd(int depth, float[] a, int aIndex, float[] b, int bIndex,
                            float[] c, int cIndex, int ldc, int rows, int cols, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        int ai = aIndex, bi = bIndex;
        for (int p = 0; p < depth; p++, ai += ROWS, bi += COLS) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
        }
        // Through a scratch tile rather than helper methods taking vectors: a call C2 declines
        // to inline would box every accumulator.
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
        addTile(tile, c, cIndex, ldc, rows, cols);
    }

    /** c[cIndex + r * ldc + j] += tile[r * COLS + j] for r < rows, j < cols. */
    private static void addTile(float[] tile, float[] c, int cIndex, int ldc, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = cIndex + r * ldc;
            int j = 0;
            for (; j + LANES <= cols; j += LANES) {
                FloatVector.fromArray(SPECIES, tile, r * COLS + j).add(FloatVector.fromArray(SPECIES, c, row + j))
                        .intoArray(c, row + j);
            }
            for (; j < cols; j++) c[row + j] += tile[r * COLS + j];
        }
    }
}
