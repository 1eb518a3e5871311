package org.netgeom.backend.cpu;

import static org.netgeom.backend.cpu.GemmKernel.COLS;
import static org.netgeom.backend.cpu.GemmKernel.ROWS;

import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the strip layouts {@link GemmKernel} reads
 * contiguously. A strip of A holds ROWS rows interleaved by depth (element (r, p) at
 * p * ROWS + r); a strip of B holds COLS columns (element (p, j) at p * COLS + j). Strips past
 * the matrix edge are zero-padded, so the kernel always runs full tiles. Each source is read
 * along its rows whichever transpose is asked for, so packing streams memory.
 */
final class GemmPacking {
    private GemmPacking() {}

    /** Packs alpha * op(A)[rowFrom : rowFrom + rows, depthFrom : depthFrom + depth]. */
    static void packA(Gemm.Problem problem, int rowFrom, int rows, int depthFrom, int depth, float[] packed) {
        float alpha = problem.alpha();
        float[] a = problem.a();
        int lda = problem.lda();
        for (int strip = 0; strip * ROWS < rows; strip++) {
            int base = strip * ROWS * depth;
            int stripRows = Math.min(ROWS, rows - strip * ROWS);
            int firstRow = rowFrom + strip * ROWS;
            if (stripRows < ROWS) Arrays.fill(packed, base, base + ROWS * depth, 0f);
            if (!problem.transA()) {
                // op(A)[i, p] = a[i * lda + p]: each row is contiguous in p.
                for (int r = 0; r < stripRows; r++) {
                    int source = problem.aOffset() + (firstRow + r) * lda + depthFrom;
                    for (int p = 0; p < depth; p++) packed[base + p * ROWS + r] = alpha * a[source + p];
                }
            } else {
                // op(A)[i, p] = a[p * lda + i]: the strip's rows are contiguous at each depth.
                for (int p = 0; p < depth; p++) {
                    int source = problem.aOffset() + (depthFrom + p) * lda + firstRow;
                    int target = base + p * ROWS;
                    for (int r = 0; r < stripRows; r++) packed[target + r] = alpha * a[source + r];
                }
            }
        }
    }

    /** Packs op(B)[depthFrom : depthFrom + depth, colFrom : colFrom + cols]. */
    static void packB(Gemm.Problem problem, int depthFrom, int depth, int colFrom, int cols, float[] packed) {
        float[] b = problem.b();
        int ldb = problem.ldb();
        for (int strip = 0; strip * COLS < cols; strip++) {
            int base = strip * COLS * depth;
            int stripCols = Math.min(COLS, cols - strip * COLS);
            int firstCol = colFrom + strip * COLS;
            if (stripCols < COLS) Arrays.fill(packed, base, base + COLS * depth, 0f);
            if (!problem.transB()) {
                // op(B)[p, j] = b[p * ldb + j]: the strip's columns are contiguous at each depth.
                for (int p = 0; p < depth; p++) {
                    int source = problem.bOffset() + (depthFrom + p) * ldb + firstCol;
                    System.arraycopy(b, source, packed, base + p * COLS, stripCols);
                }
            } else {
                // op(B)[p, j] = b[j * ldb + p]: each column of op(B) is a contiguous row of b.
                for (int j = 0; j < stripCols; j++) {
                    int source = problem.bOffset() + (firstCol + j) * ldb + depthFrom;
                    for (int p = 0; p < depth; p++) packed[base + p * COLS + j] = b[source + p];
                }
            }
        }
    }
}
