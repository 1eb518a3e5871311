package org.netgeom.backend.cpu;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.ShapeMismatchException;

/** Solves s x = r for symmetric positive-definite s in float64 (EJML); every backend's choleskySolve. */
public final class CholeskySolver {
    private CholeskySolver() {}

    /** s: n x n row-major, r: n x k row-major; returns x (n x k) row-major in float32. */
    public static float[] solve(float[] s, int n, float[] r, int k) {
        if (s.length != n * n || r.length != n * k) {
            throw new ShapeMismatchException("choleskySolve: system of " + s.length + " values for n = " + n
                    + " with a right-hand side of " + r.length + " values for k = " + k);
        }
        DMatrixRMaj system = new DMatrixRMaj(n, n);
        for (int i = 0; i < s.length; i++) system.data[i] = s[i];
        DMatrixRMaj right = new DMatrixRMaj(n, k);
        for (int i = 0; i < r.length; i++) right.data[i] = r[i];
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(n);
        if (!solver.setA(system)) {
            throw new InvalidInputException("the " + n + "x" + n
                    + " system is not positive definite: use a larger ridge penalty (lambda)");
        }
        DMatrixRMaj solution = new DMatrixRMaj(n, k);
        solver.solve(right, solution);
        float[] x = new float[n * k];
        for (int i = 0; i < x.length; i++) x[i] = (float) solution.data[i];
        return x;
    }
}
