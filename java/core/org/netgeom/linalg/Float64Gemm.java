package org.netgeom.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 product the dense solves need, C += alpha X^T Y over a shared depth, packed and
 * register-blocked on the Vector API as the float32 GEMM of the CPU backend is: depth blocks of
 * {@link #DEPTH_BLOCK}, Y packed in strips of {@link #COLS} columns, X in strips of {@link #ROWS}
 * rows of C, a ROWS x COLS tile of C held in twelve vector accumulators. Both operands are read
 * along the depth, which is how a Gram matrix Phi^T Phi (X = Y = Phi) and a Cholesky trailing
 * update L21 L21^T (X = Y = L21^T) present them.
 *
 * <p>With {@code lowerOnly}, tiles wholly above the diagonal of C are skipped (half the work of a
 * symmetric result); tiles that straddle it are computed whole, so entries above the diagonal
 * may change and callers must not rely on them.
 */
public final class Float64Gemm {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    static final int ROWS = 6;
    static final int COLS = 2 * LANES;
    static final int DEPTH_BLOCK = 256;
    /** Columns of Y packed at once: 1 MB of doubles at the full depth block, in the L2/L3 cache. */
    static final int COLUMN_BLOCK = COLS * 32;

    private Float64Gemm() {}

    /** Where an operand's rows start and how far apart they are (row-major, depth rows). */
    public record Operand(double[] values, int offset, int rowStride) {}

    /**
     * c[cOffset + i * ldc + j] += alpha * sum over k < depth of x(k, i) * y(k, j), for i < m and
     * j < n (j <= i only, when {@code lowerOnly}), where x(k, i) = x.values[x.offset + k * x.rowStride + i].
     */
    public static void addTransposedProduct(double alpha, Operand x, Operand y, int depth, int m, int n, double[] c, int cOffset,
                                            int ldc, boolean lowerOnly, Parallel parallel) {
        int strips = (m + ROWS - 1) / ROWS;
        if (strips == 0 || n == 0 || depth == 0) return;
        int parts = Math.min(parallel.threads(), strips);
        parallel.run(parts, part -> {
            int first = splitPoint(part, parts, strips, lowerOnly), last = splitPoint(part + 1, parts, strips, lowerOnly);
            if (first < last) multiplyStrips(alpha, x, y, depth, m, n, c, cOffset, ldc, lowerOnly, first, last);
        });
    }

    /**
     * The symmetric Gram matrix of {@code phi} (n x p, row-major), full (both triangles):
     * Phi^T Phi (p x p) when {@code ofColumns}, else Phi Phi^T (n x n).
     */
    public static double[] gram(double[] phi, int n, int p, boolean ofColumns, Parallel parallel) {
        double[] factor = ofColumns ? phi : transpose(phi, n, p);
        int size = ofColumns ? p : n, depth = ofColumns ? n : p;
        Operand operand = new Operand(factor, 0, size);
        double[] gram = new double[size * size];
        addTransposedProduct(1, operand, operand, depth, size, size, gram, 0, size, true, parallel);
        for (int i = 0; i < size; i++) for (int j = i + 1; j < size; j++) gram[i * size + j] = gram[j * size + i];
        return gram;
    }

    /** The transpose (cols x rows) of a row-major rows x cols matrix. */
    public static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        return t;
    }

    /**
     * Row-strip boundaries that give every part the same work: equal counts for a full product,
     * equal triangle areas (strip index ~ sqrt of the share) for a lower-triangle one.
     */
    static int splitPoint(int part, int parts, int strips, boolean lowerOnly) {
        if (part >= parts) return strips;
        double share = (double) part / parts;
        return (int) Math.round(strips * (lowerOnly ? Math.sqrt(share) : share));
    }

    private static void multiplyStrips(double alpha, Operand x, Operand y, int depth, int m, int n, double[] c, int cOffset, int ldc,
                                       boolean lowerOnly, int firstStrip, int lastStrip) {
        double[] packedY = new double[DEPTH_BLOCK * COLUMN_BLOCK];
        double[] packedX = new double[DEPTH_BLOCK * ROWS];
        double[] tile = new double[ROWS * COLS];
        int lastRow = Math.min(m, lastStrip * ROWS) - 1;
        for (int k0 = 0; k0 < depth; k0 += DEPTH_BLOCK) {
            int kc = Math.min(DEPTH_BLOCK, depth - k0);
            int columnLimit = lowerOnly ? Math.min(n, lastRow + 1) : n;
            for (int j0 = 0; j0 < columnLimit; j0 += COLUMN_BLOCK) {
                int nc = Math.min(COLUMN_BLOCK, columnLimit - j0);
                packColumns(y, k0, kc, j0, nc, packedY);
                for (int strip = firstStrip; strip < lastStrip; strip++) {
                    int i0 = strip * ROWS, rows = Math.min(ROWS, m - i0);
                    if (lowerOnly && j0 > i0 + rows - 1) continue;
                    packRows(x, k0, kc, i0, rows, alpha, packedX);
                    for (int js = 0; js < nc; js += COLS) {
                        if (lowerOnly && j0 + js > i0 + rows - 1) break;
                        int cols = Math.min(COLS, nc - js);
                        multiplyAdd(kc, packedX, packedY, js * kc, c, cOffset + i0 * ldc + j0 + js, ldc, rows, cols, tile);
                    }
                }
            }
        }
    }

    /** Y's columns [j0, j0 + nc) at depths [k0, k0 + kc) as strips of COLS columns, depth-major inside a strip, zero-padded. */
    private static void packColumns(Operand y, int k0, int kc, int j0, int nc, double[] packed) {
        for (int js = 0; js < nc; js += COLS) {
            int cols = Math.min(COLS, nc - js), base = js * kc;
            for (int k = 0; k < kc; k++) {
                int source = y.offset() + (k0 + k) * y.rowStride() + j0 + js, target = base + k * COLS;
                System.arraycopy(y.values(), source, packed, target, cols);
                for (int j = cols; j < COLS; j++) packed[target + j] = 0;
            }
        }
    }

    /** alpha * X's columns [i0, i0 + rows) at depths [k0, k0 + kc), depth-major, zero-padded to ROWS. */
    private static void packRows(Operand x, int k0, int kc, int i0, int rows, double alpha, double[] packed) {
        for (int k = 0; k < kc; k++) {
            int source = x.offset() + (k0 + k) * x.rowStride() + i0, target = k * ROWS;
            for (int r = 0; r < rows; r++) packed[target + r] = alpha * x.values()[source + r];
            for (int r = rows; r < ROWS; r++) packed[target + r] = 0;
        }
    }

    private static void multiplyAdd(int depth, double[] a, double[] b, int bIndex, double[] c, int cIndex, int ldc, int rows, int cols,
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
}
