package org.netgeom.backend.cpu;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.ShapeMismatchException;

/** Solves s x = r for symmetric positive-definite s in float64 by Cholesky (EJML); every backend's choleskySolve. */
public final class CholeskySolver {
    private CholeskySolver() {}

    /** The solution x (n x k) and the lower-triangular factor L of s = L L^T (n x n, zeros above), row-major float32. */
    public record Solution(float[] x, float[] factor) {}

    /** s: n x n row-major (only its lower triangle is read), r: n x k row-major; returns x (n x k) row-major. */
    public static float[] solve(float[] s, int n, float[] r, int k) {
        return solveWithFactor(s, n, r, k).x();
    }

    /** As {@link #solve}, also returning the Cholesky factor. */
    public static Solution solveWithFactor(float[] s, int n, float[] r, int k) {
        if (n < 0 || k < 0 || s.length != (long) n * n || r.length != (long) n * k) {
            throw new ShapeMismatchException("choleskySolve: a system of " + s.length + " values for n = " + n
                    + " with a right-hand side of " + r.length + " values for k = " + k);
        }
        DMatrixRMaj system = toDouble(s, n, n);
        for (double v : system.data) {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException("the " + n + "x" + n + " system holds NaN or infinite values:"
                        + " check the features and the ridge penalty (lambda)");
            }
        }
        // The factory picks EJML's blocked decomposition for large n.
        CholeskyDecomposition_F64<DMatrixRMaj> decomposition = DecompositionFactory_DDRM.chol(n, true);
        if (!decomposition.decompose(system)) {
            throw new InvalidInputException("the " + n + "x" + n + " system is not positive definite:"
                    + " use a larger ridge penalty (lambda)");
        }
        DMatrixRMaj factor = decomposition.getT(null);
        DMatrixRMaj solution = new DMatrixRMaj(n, k);
        LinearSolverChol_DDRM.solveLower(factor, toDouble(r, n, k), solution, new double[n]);
        return new Solution(toFloat(solution), toFloat(factor));
    }

    private static DMatrixRMaj toDouble(float[] values, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < values.length; i++) m.data[i] = values[i];
        return m;
    }

    private static float[] toFloat(DMatrixRMaj m) {
        float[] values = new float[m.getNumElements()];
        for (int i = 0; i < values.length; i++) values[i] = (float) m.data[i];
        return values;
    }
}
