package org.netgeom.backend.cpu;

import org.netgeom.linalg.Float64Cholesky;
import org.netgeom.linalg.Parallel;
import org.netgeom.tensor.ShapeMismatchException;

/** Solves s x = r for symmetric positive-definite s in float64 by Cholesky ({@link Float64Cholesky}); every backend's choleskySolve. */
public final class CholeskySolver {
    private CholeskySolver() {}

    /** The solution x (n x k) and the lower-triangular factor L of s = L L^T (n x n, zeros above), row-major float32. */
    public record Solution(float[] x, float[] factor) {}

    /** s: n x n row-major (only its lower triangle is read), r: n x k row-major; returns x (n x k) row-major. */
    public static float[] solve(float[] s, int n, float[] r, int k) {
        return solveWithFactor(s, n, r, k).x();
    }

    /** As {@link #solve}, also returning the Cholesky factor; the factorization uses every core. */
    public static Solution solveWithFactor(float[] s, int n, float[] r, int k) {
        try (Parallel parallel = Parallel.ofAvailableCores()) {
            return solveWithFactor(s, n, r, k, parallel);
        }
    }

    /** As {@link #solveWithFactor(float[], int, float[], int)}, factoring on {@code parallel}'s threads. */
    static Solution solveWithFactor(float[] s, int n, float[] r, int k, Parallel parallel) {
        if (n < 0 || k < 0 || s.length != (long) n * n || r.length != (long) n * k) {
            throw new ShapeMismatchException("choleskySolve: a system of " + s.length + " values for n = " + n
                    + " with a right-hand side of " + r.length + " values for k = " + k);
        }
        double[] factor = toDouble(s);
        Float64Cholesky.factor(factor, n, parallel);
        return new Solution(toFloat(Float64Cholesky.solve(factor, n, toDouble(r), k)), toFloat(factor));
    }

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) d[i] = values[i];
        return d;
    }

    private static float[] toFloat(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) f[i] = (float) values[i];
        return f;
    }
}
