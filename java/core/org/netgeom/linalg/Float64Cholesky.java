package org.netgeom.linalg;

import org.netgeom.tensor.InvalidInputException;

/**
 * Cholesky factorization A = L L^T of a symmetric positive-definite float64 matrix and the solve
 * with it, blocked so that almost all of the n^3 / 3 work is the {@link Float64Gemm} trailing
 * update: for each panel of {@link #PANEL} columns, factor its diagonal block, solve the rows
 * below it against that block, then subtract the panel's outer product from the rest (right
 * looking). Row-major; only the lower triangle of A is read, and L replaces it in place.
 */
public final class Float64Cholesky {
    static final int PANEL = 96;
    static final int LANES = Float64Gemm.LANES;

    private Float64Cholesky() {}

    /**
     * Factors {@code a} (n x n, row-major) in place: afterwards its lower triangle holds L and its
     * upper triangle zeros. Fails with {@link InvalidInputException} when A holds a non-finite
     * value or is not positive definite.
     */
    public static void factor(double[] a, int n, Parallel parallel) {
        if (a.length != (long) n * n) throw new IllegalArgumentException("a " + n + " x " + n + " matrix needs " + (long) n * n + " values, got " + a.length);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                if (!Double.isFinite(a[i * n + j])) {
                    throw new InvalidInputException("the " + n + "x" + n + " system holds NaN or infinite values:"
                            + " check the features and the ridge penalty (lambda)");
                }
            }
        }
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int width = Math.min(PANEL, n - j0), below = n - j0 - width;
            factorDiagonalBlock(a, n, j0, width);
            int first = j0 + width, panelStart = j0;
            int parts = Math.min(parallel.threads(), Math.max(1, below / 64));
            parallel.run(parts, part -> {
                int from = first + (int) ((long) below * part / parts), to = first + (int) ((long) below * (part + 1) / parts);
                for (int i = from; i < to; i++) solvePanelRow(a, n, panelStart, width, i);
            });
            if (below > 0) {
                // A22 -= L21 L21^T, with L21^T (width x below) copied out so both operands run along the depth.
                double[] panelTransposed = new double[width * below];
                for (int i = 0; i < below; i++) {
                    for (int k = 0; k < width; k++) panelTransposed[k * below + i] = a[(first + i) * n + j0 + k];
                }
                Float64Gemm.Operand panel = new Float64Gemm.Operand(panelTransposed, 0, below);
                Float64Gemm.addTransposedProduct(-1, panel, panel, width, below, below, a, first * n + first, n, true, parallel);
            }
        }
        for (int i = 0; i < n; i++) java.util.Arrays.fill(a, i * n + i + 1, (i + 1) * n, 0);
    }

    /** Unblocked Cholesky of the width x width block at (j0, j0), the earlier panels' updates already applied. */
    private static void factorDiagonalBlock(double[] a, int n, int j0, int width) {
        for (int j = j0; j < j0 + width; j++) {
            double pivot = a[j * n + j] - dot(a, j * n + j0, j * n + j0, j - j0);
            if (!(pivot > 0)) {
                throw new InvalidInputException("the " + n + "x" + n + " system is not positive definite (pivot " + j + " is "
                        + pivot + "): use a larger ridge penalty (lambda)");
            }
            double diagonal = Math.sqrt(pivot);
            a[j * n + j] = diagonal;
            for (int i = j + 1; i < j0 + width; i++) {
                a[i * n + j] = (a[i * n + j] - dot(a, i * n + j0, j * n + j0, j - j0)) / diagonal;
            }
        }
    }

    /** Row i below the panel: solves L11 x = a(i, panel)^T by forward substitution, in place. */
    private static void solvePanelRow(double[] a, int n, int j0, int width, int i) {
        for (int j = j0; j < j0 + width; j++) {
            a[i * n + j] = (a[i * n + j] - dot(a, i * n + j0, j * n + j0, j - j0)) / a[j * n + j];
        }
    }

    private static double dot(double[] a, int x, int y, int length) {
        return VectorCapability.AVAILABLE ? VectorFloat64Kernels.dot(a, x, y, length) : scalarDot(a, x, y, length, LANES);
    }

    /**
     * {@link VectorFloat64Kernels#dot} without the Vector API, bit for bit for the same number of
     * lanes: each lane's chain of fused multiply-adds, the lanes added in order from lane 0, then
     * the products after the last whole vector.
     */
    static double scalarDot(double[] a, int x, int y, int length, int lanes) {
        int whole = length - length % lanes;
        double total = 0;
        for (int lane = 0; lane < lanes; lane++) {
            double sum = 0;
            for (int k = lane; k < whole; k += lanes) sum = Math.fma(a[x + k], a[y + k], sum);
            total = lane == 0 ? sum : total + sum;
        }
        for (int k = whole; k < length; k++) total += a[x + k] * a[y + k];
        return total;
    }

    /** Solves L L^T x = b for the factor from {@link #factor} and b (n x k, row-major); returns x (n x k). */
    public static double[] solve(double[] factor, int n, double[] b, int k) {
        if (b.length != (long) n * k) throw new IllegalArgumentException("the right-hand side needs " + (long) n * k + " values, got " + b.length);
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {          // L z = b
            for (int j = 0; j < i; j++) {
                double l = factor[i * n + j];
                if (l != 0) for (int c = 0; c < k; c++) x[i * k + c] -= l * x[j * k + c];
            }
            double d = factor[i * n + i];
            for (int c = 0; c < k; c++) x[i * k + c] /= d;
        }
        for (int i = n - 1; i >= 0; i--) {     // L^T x = z
            double d = factor[i * n + i];
            for (int c = 0; c < k; c++) x[i * k + c] /= d;
            for (int j = 0; j < i; j++) {
                double l = factor[i * n + j];
                if (l != 0) for (int c = 0; c < k; c++) x[j * k + c] -= l * x[i * k + c];
            }
        }
        return x;
    }
}
