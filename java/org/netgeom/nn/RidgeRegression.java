package org.netgeom.nn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * Closed-form ridge fit of a {@link RandomFeatures} readout (spec bmd.md section 3):
 * min_A sum_mu |y_mu - A phi(x_mu)/sqrt p|^2 + lambda |A|^2. With Phi = phi / sqrt p (n x p):
 * A^T = (Phi^T Phi + lambda I)^-1 Phi^T Y when p <= n, and A^T = Phi^T (Phi Phi^T + lambda I)^-1 Y
 * otherwise (the smaller system).
 */
public final class RidgeRegression {
    /** Where the normal equations are formed. */
    public enum Precision {
        /**
         * Gram matrix and solve in float64 on the host. The default: near p = n with lambda -> 0
         * the system's condition number exceeds what a float32 Gram matrix can carry.
         */
        FLOAT64,
        /** Gram matrix by the backend's float32 GEMM (fast on a GPU), Cholesky solve in float64. */
        FLOAT32
    }

    private RidgeRegression() {}

    /**
     * Fits {@code model}'s readout to {@code targets} (n x k) on {@code inputs} (n x d, on the
     * model's backend) with penalty {@code lambda} > 0.
     */
    public static void fit(RandomFeatures model, DeviceMatrix inputs, Matrix targets, double lambda, Precision precision) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new InvalidInputException("ridge penalty lambda must be a finite number > 0, got " + lambda);
        }
        int n = inputs.rows(), p = model.featureCount(), k = model.outputDim();
        targets.requireShape(n, k, "ridge targets");
        Backend backend = model.backend();
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix phi = scope.allocate(n, p);
            model.computeFeatures(inputs, phi);
            backend.scale((float) (1.0 / Math.sqrt(p)), phi);
            Matrix readoutTransposed = precision == Precision.FLOAT64
                    ? solveOnHost(backend.download(phi), targets, lambda)
                    : solveOnBackend(scope, phi, targets, lambda);
            model.loadReadout(transpose(readoutTransposed));
        }
    }

    private static Matrix solveOnHost(Matrix phiHost, Matrix targets, double lambda) {
        int n = phiHost.rows(), p = phiHost.cols();
        DMatrixRMaj phi = toDouble(phiHost);
        DMatrixRMaj y = toDouble(targets);
        boolean primal = p <= n;
        int size = primal ? p : n;
        DMatrixRMaj gram = new DMatrixRMaj(size, size);
        // The Gram matrix is the O(n p min(n, p)) step: EJML's threaded product uses every core.
        if (primal) CommonOps_MT_DDRM.multTransA(phi, phi, gram); else CommonOps_MT_DDRM.multTransB(phi, phi, gram);
        for (int i = 0; i < size; i++) gram.add(i, i, lambda);
        DMatrixRMaj rhs = primal ? new DMatrixRMaj(p, y.numCols) : y.copy();
        if (primal) CommonOps_DDRM.multTransA(phi, y, rhs);
        DMatrixRMaj solution = new DMatrixRMaj(size, y.numCols);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(size);
        if (!solver.setA(gram)) throw notPositiveDefinite(lambda);
        solver.solve(rhs, solution);
        if (primal) return toFloat(solution);
        DMatrixRMaj readoutT = new DMatrixRMaj(p, y.numCols);
        CommonOps_DDRM.multTransA(phi, solution, readoutT);
        return toFloat(readoutT);
    }

    private static Matrix solveOnBackend(MemoryScope scope, DeviceMatrix phi, Matrix targets, double lambda) {
        Backend backend = scope.backend();
        int n = phi.rows(), p = phi.cols(), k = targets.cols();
        boolean primal = p <= n;
        int size = primal ? p : n;
        DeviceMatrix gram = scope.allocate(size, size);
        if (primal) backend.gemm(true, false, 1f, phi, phi, 0f, gram); else backend.gemm(false, true, 1f, phi, phi, 0f, gram);
        DeviceMatrix identity = scope.upload(scaledIdentity(size, (float) lambda));
        backend.axpy(1f, identity, gram);
        DeviceMatrix y = scope.upload(targets);
        DeviceMatrix rhs = primal ? scope.allocate(p, k) : y;
        if (primal) backend.gemm(true, false, 1f, phi, y, 0f, rhs);
        backend.choleskySolve(gram, rhs);
        if (primal) return backend.download(rhs);
        DeviceMatrix readoutT = scope.allocate(p, k);
        backend.gemm(true, false, 1f, phi, rhs, 0f, readoutT);
        return backend.download(readoutT);
    }

    private static InvalidInputException notPositiveDefinite(double lambda) {
        return new InvalidInputException("ridge system is not positive definite with lambda = " + lambda
                + ": use a larger --lambda");
    }

    private static Matrix scaledIdentity(int size, float value) {
        Matrix m = new Matrix(size, size);
        for (int i = 0; i < size; i++) m.set(i, i, value);
        return m;
    }

    static DMatrixRMaj toDouble(Matrix m) {
        DMatrixRMaj d = new DMatrixRMaj(m.rows(), m.cols());
        float[] src = m.data();
        for (int i = 0; i < src.length; i++) d.data[i] = src[i];
        return d;
    }

    static Matrix toFloat(DMatrixRMaj d) {
        Matrix m = new Matrix(d.numRows, d.numCols);
        for (int i = 0; i < m.size(); i++) m.data()[i] = (float) d.data[i];
        return m;
    }

    static Matrix transpose(Matrix m) {
        Matrix t = new Matrix(m.cols(), m.rows());
        for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.cols(); c++) t.set(c, r, m.get(r, c));
        return t;
    }
}
