package org.netgeom.backend.cpu;

import org.netgeom.linalg.VectorCapability;

/**
 * The register-blocked inner kernel of {@link Gemm}: a {@link #ROWS} x {@link #COLS} tile of C
 * accumulated while the kernel walks the packed panels of A and B, each element of the tile a
 * chain of fused multiply-adds over the depth, from p = 0. On the Vector API that is
 * {@link VectorGemmKernel} (COLS is two vectors); without it {@link #scalarMultiplyAdd} computes the
 * same bits (see {@link VectorCapability}).
 */
final class GemmKernel {
    static final int LANES = VectorCapability.floatLanes();
    /** Rows of C per tile: rows of a packed A strip. */
    static final int ROWS = 6;
    /** Columns of C per tile: columns of a packed B strip. */
    static final int COLS = 2 * LANES;

    private GemmKernel() {}

    /**
     * c[cIndex + r * ldc + j] += sum over p < depth of a[aIndex + p * ROWS + r] * b[bIndex + p * COLS + j]
     * for r < rows and j < cols (rows <= ROWS, cols <= COLS; the packed strips are zero-padded).
     * {@code tile} is ROWS x COLS scratch space.
     */
    static void multiplyAdd(int depth, float[] a, int aIndex, float[] b, int bIndex,
                            float[] c, int cIndex, int ldc, int rows, int cols, float[] tile) {
        if (VectorCapability.AVAILABLE) {
            VectorGemmKernel.multiplyAdd(depth, a, aIndex, b, bIndex, c, cIndex, ldc, rows, cols, tile);
        } else {
            scalarMultiplyAdd(depth, a, aIndex, b, bIndex, c, cIndex, ldc, rows, cols, tile);
        }
    }

    /**
     * {@link #multiplyAdd} without the Vector API: each element of C its own float accumulator, as
     * each vector lane is, so the same chain of fused multiply-adds in the same order. The tile
     * goes in blocks of 2 rows x 4 columns, eight accumulators in registers, which keeps both
     * fused multiply-add units of a core busy (the loop over the whole tile at each depth step
     * instead ran 4 times slower).
     */
    static void scalarMultiplyAdd(int depth, float[] a, int aIndex, float[] b, int bIndex,
                                  float[] c, int cIndex, int ldc, int rows, int cols, float[] tile) {
        for (int r = 0; r < rows; r += 2) {          // ROWS is even and the strip zero-padded: row r + 1 exists
            for (int j = 0; j < cols; j += 4) {      // COLS is a multiple of 4, the strip zero-padded
                float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
                for (int p = 0, ai = aIndex + r, bi = bIndex + j; p < depth; p++, ai += ROWS, bi += COLS) {
                    float a0 = a[ai], a1 = a[ai + 1];
                    float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
                    c00 = Math.fma(a0, b0, c00);
                    c01 = Math.fma(a0, b1, c01);
                    c02 = Math.fma(a0, b2, c02);
                    c03 = Math.fma(a0, b3, c03);
                    c10 = Math.fma(a1, b0, c10);
                    c11 = Math.fma(a1, b1, c11);
                    c12 = Math.fma(a1, b2, c12);
                    c13 = Math.fma(a1, b3, c13);
                }
                tile[0] = c00;
                tile[1] = c01;
                tile[2] = c02;
                tile[3] = c03;
                tile[4] = c10;
                tile[5] = c11;
                tile[6] = c12;
                tile[7] = c13;
                for (int dr = 0; dr < 2 && r + dr < rows; dr++) {
                    int row = cIndex + (r + dr) * ldc + j;
                    for (int dj = 0; dj < 4 && j + dj < cols; dj++) c[row + dj] += tile[dr * 4 + dj];
                }
            }
        }
    }
}
