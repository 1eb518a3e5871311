package org.netgeom.nn;

import org.netgeom.linalg.Float64Cholesky;
import org.netgeom.linalg.Float64Gemm;
import org.netgeom.linalg.Parallel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * Closed-form ridge fit of a {@link RandomFeatures} readout (docs/methods/bmd.md, Ridge fit):
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
        int n = phiHost.rows(), p = phiHost.cols(), k = targets.cols();
        double[] phi = toDouble(phiHost.data());
        double[] y = toDouble(targets.data());
        boolean primal = p <= n;
        int size = primal ? p : n;
        try (Parallel parallel = Parallel.ofAvailableCores()) {
            // The Gram matrix is the O(n p min(n, p)) step; the solve is O(min(n, p)^3 / 3).
            double[] gram = Float64Gemm.gram(phi, n, p, primal, parallel);
            for (int i = 0; i < size; i++) gram[i * size + i] += lambda;
            double[] rhs = primal ? transposedProduct(phi, n, p, y, k, parallel) : y;
            try {
                Float64Cholesky.factor(gram, size, parallel);
            } catch (InvalidInputException e) {
                throw notPositiveDefinite(lambda);
            }
            double[] solution = Float64Cholesky.solve(gram, size, rhs, k);
            return toFloat(primal ? solution : transposedProduct(phi, n, p, solution, k, parallel), p, k);
        }
    }

    /** Phi^T b (p x k) for Phi (n x p) and b (n x k), row-major float64. */
    private static double[] transposedProduct(double[] phi, int n, int p, double[] b, int k, Parallel parallel) {
        double[] result = new double[p * k];
        Float64Gemm.addTransposedProduct(1, new Float64Gemm.Operand(phi, 0, p), new Float64Gemm.Operand(b, 0, k), n, p, k, result, 0, k,
                false, parallel);
        return result;
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
        return InvalidInputException.forField("lambda", "{lambda} " + lambda
                + " leaves the ridge system not positive definite: use a larger {lambda}");
    }

    private static Matrix scaledIdentity(int size, float value) {
        Matrix m = new Matrix(size, size);
        for (int i = 0; i < size; i++) m.set(i, i, value);
        return m;
    }

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) d[i] = values[i];
        return d;
    }

    private static Matrix toFloat(double[] values, int rows, int cols) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) f[i] = (float) values[i];
        return new Matrix(rows, cols, f);
    }

    static Matrix transpose(Matrix m) {
        Matrix t = new Matrix(m.cols(), m.rows());
        for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.cols(); c++) t.set(c, r, m.get(r, c));
        return t;
    }
}
