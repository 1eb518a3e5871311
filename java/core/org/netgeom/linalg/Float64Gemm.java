package org.netgeom.linalg;

/**
 * The float64 product the dense solves need, C += alpha X^T Y over a shared depth, packed and
 * register-blocked as the float32 GEMM of the CPU backend is: depth blocks of {@link #DEPTH_BLOCK},
 * Y packed in strips of {@link #COLS} columns, X in strips of {@link #ROWS} rows of C, a ROWS x
 * COLS tile of C held in twelve vector accumulators ({@link VectorFloat64Kernels}; scalar code with
 * the same bits without the Vector API, see {@link VectorCapability}). Both operands are read
 * along the depth, which is how a Gram matrix Phi^T Phi (X = Y = Phi) and a Cholesky trailing
 * update L21 L21^T (X = Y = L21^T) present them.
 *
 * <p>With {@code lowerOnly}, tiles wholly above the diagonal of C are skipped (half the work of a
 * symmetric result); tiles that straddle it are computed whole, so entries above the diagonal
 * may change and callers must not rely on them.
 */
public final class Float64Gemm {
    static final int LANES = VectorCapability.doubleLanes();
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

    /**
     * c[cIndex + r * ldc + j] += sum over p < depth of a[p * ROWS + r] * b[bIndex + p * COLS + j] for
     * r < rows, j < cols, each sum a chain of fused multiply-adds from p = 0: on the Vector API or,
     * with the same bits, in scalar code.
     */
    private static void multiplyAdd(int depth, double[] a, double[] b, int bIndex, double[] c, int cIndex, int ldc, int rows, int cols,
                                    double[] tile) {
        if (VectorCapability.AVAILABLE) {
            VectorFloat64Kernels.multiplyAdd(depth, a, b, bIndex, c, cIndex, ldc, rows, cols, tile);
        } else {
            scalarMultiplyAdd(depth, a, b, bIndex, c, cIndex, ldc, rows, cols, tile);
        }
    }

    /**
     * {@link #multiplyAdd} without the Vector API: each element of C its own accumulator, as each
     * vector lane is, so the same chain of fused multiply-adds in the same order; in blocks of 2
     * rows x 4 columns, eight accumulators in registers, as the float32 scalar kernel
     * ({@code backend.cpu.GemmKernel}) does.
     */
    static void scalarMultiplyAdd(int depth, double[] a, double[] b, int bIndex, double[] c, int cIndex, int ldc, int rows, int cols,
                                  double[] tile) {
        if (COLS % 4 != 0) {  // 64-bit vectors (-XX:MaxVectorSize=8): strips of 2 columns, one element at a time
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    double sum = 0;
                    for (int p = 0; p < depth; p++) sum = Math.fma(a[p * ROWS + r], b[bIndex + p * COLS + j], sum);
                    c[cIndex + r * ldc + j] += sum;
                }
            }
            return;
        }
        for (int r = 0; r < rows; r += 2) {          // ROWS is even and the strip zero-padded: row r + 1 exists
            for (int j = 0; j < cols; j += 4) {      // COLS is a multiple of 4, the strip zero-padded
                double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
                for (int p = 0, ai = r, bi = bIndex + j; p < depth; p++, ai += ROWS, bi += COLS) {
                    double a0 = a[ai], a1 = a[ai + 1];
                    double b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
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
