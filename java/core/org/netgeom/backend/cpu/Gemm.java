package org.netgeom.backend.cpu;

import static org.netgeom.backend.cpu.GemmKernel.COLS;
import static org.netgeom.backend.cpu.GemmKernel.ROWS;

import org.netgeom.linalg.Parallel;

/**
 * Row-major float32 GEMM, C = alpha op(A) op(B) + beta C, on arrays with offsets, blocked as in
 * Goto and van de Geijn, "Anatomy of high-performance matrix multiplication" (2008): a KC-deep
 * panel of op(B) is packed into COLS-wide strips (kept in L3/L2), an MC x KC block of op(A)
 * (times alpha) into ROWS-tall strips (kept in L2), and {@link GemmKernel} multiplies strip by
 * strip from L1. Packing absorbs the four transpose cases, so one kernel serves all of them.
 * Large products split C into one block of rows (or columns) per core; each part packs its own
 * panels into buffers kept between calls, so the hot path allocates nothing.
 */
final class Gemm implements AutoCloseable {
    /** Depth of a packed panel: a COLS-wide strip of B (KC x COLS floats) stays in L1. */
    static final int KC = 256;
    /** Rows of A packed at once: MC x KC floats stay in L2. */
    static final int MC = 24 * ROWS;
    /** Columns of B packed at once. */
    static final int NC = 64 * COLS;
    /** Below this many multiply-adds one thread is faster than waking the others. */
    private static final long PARALLEL_THRESHOLD = 1L << 20;

    private final Parallel workers;
    private final PackBuffers[] buffers;

    Gemm(Parallel workers) {
        this.workers = workers;
        this.buffers = new PackBuffers[workers.threads()];
        for (int i = 0; i < buffers.length; i++) buffers[i] = new PackBuffers();
    }

    /** One product: op(A) is m x k, op(B) is k x n, C is m x n; lda, ldb, ldc are row strides. */
    record Problem(boolean transA, boolean transB, int m, int n, int k, float alpha,
                   float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                   float beta, float[] c, int cOffset, int ldc) {}

    /** Computes the product; synchronized because the packing buffers are shared between calls. */
    synchronized void multiply(Problem problem) {
        int m = problem.m(), n = problem.n();
        if (m == 0 || n == 0) return;
        int rowTiles = ceilDiv(m, ROWS), colTiles = ceilDiv(n, COLS);
        int parts = workers.threads();
        long work = (long) m * n * Math.max(1, problem.k());
        if (parts == 1 || work < PARALLEL_THRESHOLD || Math.max(rowTiles, colTiles) < parts) {
            multiplyBlock(problem, 0, m, 0, n, buffers[0]);
        } else if (rowTiles >= parts && (m >= n || colTiles < parts)) {
            // Each part packs all of op(B) and its share of op(A) (or the reverse when splitting
            // columns), so splitting the longer side packs less.
            workers.run(parts, part -> multiplyBlock(problem,
                    Math.min(m, rowTiles * part / parts * ROWS), Math.min(m, rowTiles * (part + 1) / parts * ROWS),
                    0, n, buffers[part]));
        } else {
            workers.run(parts, part -> multiplyBlock(problem, 0, m,
                    Math.min(n, colTiles * part / parts * COLS), Math.min(n, colTiles * (part + 1) / parts * COLS),
                    buffers[part]));
        }
    }

    /** C[rowFrom:rowTo, colFrom:colTo] of the product, on the calling thread. */
    private static void multiplyBlock(Problem problem, int rowFrom, int rowTo, int colFrom, int colTo,
                                      PackBuffers buffers) {
        scaleBlock(problem, rowFrom, rowTo, colFrom, colTo);
        if (problem.k() == 0 || problem.alpha() == 0) return;
        for (int jc = colFrom; jc < colTo; jc += NC) {
            int nc = Math.min(NC, colTo - jc);
            for (int pc = 0; pc < problem.k(); pc += KC) {
                int kc = Math.min(KC, problem.k() - pc);
                float[] packedB = buffers.forB(kc * ceilDiv(nc, COLS) * COLS);
                GemmPacking.packB(problem, pc, kc, jc, nc, packedB);
                for (int ic = rowFrom; ic < rowTo; ic += MC) {
                    int mc = Math.min(MC, rowTo - ic);
                    float[] packedA = buffers.forA(kc * ceilDiv(mc, ROWS) * ROWS);
                    GemmPacking.packA(problem, ic, mc, pc, kc, packedA);
                    multiplyPacked(problem, packedA, packedB, ic, mc, jc, nc, kc, buffers.tile);
                }
            }
        }
    }

    /** C[ic:ic+mc, jc:jc+nc] += packed A block times packed B panel, tile by tile. */
    private static void multiplyPacked(Problem problem, float[] packedA, float[] packedB,
                                       int ic, int mc, int jc, int nc, int kc, float[] tile) {
        float[] c = problem.c();
        int ldc = problem.ldc();
        for (int jr = 0; jr < nc; jr += COLS) {
            int cols = Math.min(COLS, nc - jr);
            int bIndex = jr * kc;
            for (int ir = 0; ir < mc; ir += ROWS) {
                int rows = Math.min(ROWS, mc - ir);
                int cIndex = problem.cOffset() + (ic + ir) * ldc + jc + jr;
                GemmKernel.multiplyAdd(kc, packedA, ir * kc, packedB, bIndex, c, cIndex, ldc, rows, cols, tile);
            }
        }
    }

    /** C block *= beta; beta = 0 writes zeros, so old values (even NaN) are ignored. */
    private static void scaleBlock(Problem problem, int rowFrom, int rowTo, int colFrom, int colTo) {
        float beta = problem.beta();
        if (beta == 1) return;
        float[] c = problem.c();
        for (int i = rowFrom; i < rowTo; i++) {
            int start = problem.cOffset() + i * problem.ldc();
            if (beta == 0) {
                java.util.Arrays.fill(c, start + colFrom, start + colTo, 0f);
            } else {
                for (int j = start + colFrom; j < start + colTo; j++) c[j] *= beta;
            }
        }
    }

    private static int ceilDiv(int x, int y) { return (x + y - 1) / y; }

    @Override
    public void close() {
        for (PackBuffers b : buffers) b.release();
    }

    /** One part's packing buffers, grown on demand up to MC x KC and KC x NC floats. */
    private static final class PackBuffers {
        private float[] a = new float[0];
        private float[] b = new float[0];
        final float[] tile = new float[ROWS * COLS];

        float[] forA(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] forB(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }

        void release() {
            a = new float[0];
            b = new float[0];
        }
    }
}
