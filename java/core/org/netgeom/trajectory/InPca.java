package org.netgeom.trajectory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.netgeom.io.HeapBudget;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/**
 * Intensive PCA of a distance matrix (docs/methods/trajectory.md, InPCA): W = -(1/2) L D L with
 * L = I - (1/K) 1 1^T, W = U diag(lambda) U^T with eigenvalues ordered by |lambda| and their
 * signs kept (negative ones are time-like directions), coordinates X = U sqrt(|lambda|).
 *
 * @param eigenvalues   the kept eigenvalues, signed, by |lambda| descending
 * @param eigenvectors  K x kept, column i for eigenvalue i (row-major)
 * @param rowMeans      mean of each row of D (for out-of-sample projection)
 * @param grandMean     mean of D
 * @param totalSquared  sum of all lambda^2 = |W|_F^2 (explained stress's denominator)
 * @param totalAbsolute sum of all |lambda|; NaN when not every eigenvalue was computed
 */
public record InPca(double[] eigenvalues, double[][] eigenvectors, double[] rowMeans, double grandMean,
                    double totalSquared, double totalAbsolute) {
    /** Dense solves up to this many points; the pipeline switches to {@link #fitTopK} above. */
    public static final int DENSE_LIMIT = 4000;
    private static final int SUBSPACE_OVERSAMPLING = 20;
    private static final int SUBSPACE_ITERATIONS = 30;

    /** Dense eigendecomposition (EJML, symmetric): every eigenvalue; fine up to K of a few thousand. */
    public static InPca fit(double[][] distances) {
        requireSquare(distances);
        long k = distances.length;
        // W, the eigenvectors, EJML's work copy and the sorted vectors: four K x K float64 matrices.
        HeapBudget.require(4 * 8 * k * k, "InPCA of " + k + " points (four " + k + " x " + k + " float64 matrices)");
        double[] rowMeans = rowMeans(distances);
        double grandMean = Arrays.stream(rowMeans).average().orElse(0);
        return fit(doubleCentered(distances, rowMeans, grandMean), rowMeans, grandMean, 0);
    }

    /** Eigendecomposition of a symmetric W (the last argument is unused; it keeps the overloads apart). */
    private static InPca fit(DMatrixRMaj w, double[] rowMeans, double grandMean, int unused) {
        int k = w.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
        if (!eig.decompose(w)) throw new IllegalStateException("the symmetric eigendecomposition of a " + k + "x" + k + " matrix failed");
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        double[] raw = new double[k];
        for (int i = 0; i < k; i++) raw[i] = eig.getEigenvalue(i).real;
        Arrays.sort(order, Comparator.comparingDouble(i -> -Math.abs(raw[i])));
        double[] values = new double[k];
        double[][] vectors = new double[k][k];
        double squared = 0, absolute = 0;
        for (int r = 0; r < k; r++) {
            int source = order[r];
            values[r] = raw[source];
            squared += raw[source] * raw[source];
            absolute += Math.abs(raw[source]);
            DMatrixRMaj v = eig.getEigenVector(source);
            for (int p = 0; p < k; p++) vectors[p][r] = v == null ? 0 : v.get(p, 0);
        }
        return new InPca(values, vectors, rowMeans, grandMean, squared, absolute);
    }

    /**
     * The top {@code k} eigenpairs by |lambda| through randomized subspace iteration on the
     * backend (W in float32, products by GEMM, orthonormalization and the small Rayleigh-Ritz
     * problem in float64 on the host), for K beyond what the dense solver handles. The |lambda|
     * fraction is unknown (NaN): it needs every eigenvalue.
     */
    public static InPca fitTopK(Backend backend, double[][] distances, int k, long seed) {
        int n = requireSquare(distances);
        if (k < 1 || k > n) throw new InvalidInputException("top-k needs k in [1, " + n + "], got " + k);
        double[] rowMeans = rowMeans(distances);
        double grandMean = Arrays.stream(rowMeans).average().orElse(0);
        DMatrixRMaj w = doubleCentered(distances, rowMeans, grandMean);
        double squared = 0;
        for (double v : w.data) squared += v * v;
        int block = Math.min(n, k + SUBSPACE_OVERSAMPLING);
        Matrix start = new Matrix(n, block);
        Philox.fillNormal(start.data(), 0, start.size(), seed, 0, 0f, 1f);
        DMatrixRMaj q = orthonormalColumns(toDouble(start));
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix wDevice = scope.upload(toFloat(w));
            DeviceMatrix qDevice = scope.allocate(n, block), product = scope.allocate(n, block);
            for (int iteration = 0; iteration < SUBSPACE_ITERATIONS; iteration++) {
                backend.upload(toFloat(q), qDevice);
                backend.gemm(false, false, 1f, wDevice, qDevice, 0f, product);
                q = orthonormalColumns(toDouble(backend.download(product)));
            }
            backend.upload(toFloat(q), qDevice);
            backend.gemm(false, false, 1f, wDevice, qDevice, 0f, product);
            DMatrixRMaj wq = toDouble(backend.download(product));
            DMatrixRMaj small = new DMatrixRMaj(block, block);
            CommonOps_DDRM.multTransA(q, wq, small);
            DMatrixRMaj symmetric = new DMatrixRMaj(block, block);
            CommonOps_DDRM.transpose(small, symmetric);
            CommonOps_DDRM.add(0.5, small, 0.5, symmetric, symmetric);
            InPca ritz = fit(symmetric, new double[block], 0, 0);
            double[] values = Arrays.copyOf(ritz.eigenvalues, k);
            double[][] vectors = new double[n][k];
            for (int p = 0; p < n; p++) {
                for (int i = 0; i < k; i++) {
                    double sum = 0;
                    for (int j = 0; j < block; j++) sum += q.get(p, j) * ritz.eigenvectors[j][i];
                    vectors[p][i] = sum;
                }
            }
            return new InPca(values, vectors, rowMeans, grandMean, squared, Double.NaN);
        }
    }

    private static DMatrixRMaj orthonormalColumns(DMatrixRMaj m) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m.numRows, m.numCols);
        if (!qr.decompose(m.copy())) throw new IllegalStateException("QR of a " + m.numRows + "x" + m.numCols + " block failed");
        return qr.getQ(null, true);
    }

    private static DMatrixRMaj toDouble(Matrix m) {
        DMatrixRMaj d = new DMatrixRMaj(m.rows(), m.cols());
        for (int i = 0; i < m.size(); i++) d.data[i] = m.data()[i];
        return d;
    }

    private static Matrix toFloat(DMatrixRMaj d) {
        Matrix m = new Matrix(d.numRows, d.numCols);
        for (int i = 0; i < m.size(); i++) m.data()[i] = (float) d.data[i];
        return m;
    }

    /** Number of points K. */
    public int points() { return rowMeans.length; }

    /** Number of eigenvalues kept. */
    public int kept() { return eigenvalues.length; }

    /** K x dims coordinates U sqrt(|lambda|) for the top {@code dims} eigenvalues. */
    public double[][] coordinates(int dims) {
        requireDims(dims);
        double[][] x = new double[points()][dims];
        for (int p = 0; p < points(); p++) {
            for (int i = 0; i < dims; i++) x[p][i] = eigenvectors[p][i] * Math.sqrt(Math.abs(eigenvalues[i]));
        }
        return x;
    }

    /**
     * Explained stress of the top k as the authors' released code computes it (utils/embed.py of
     * grasp-lyrl/low-dimensional-deepnets; docs/methods/trajectory.md): one minus the relative
     * Frobenius residual of W's rank-k truncation, 1 - sqrt(1 - sum_{i&lt;=k} lambda_i^2 / |W|_F^2).
     * This is the number the paper's 76% (top 3) and 98% (top 50) are.
     */
    public double explainedStress(int k) {
        // Rounding can push the squared fraction a hair above 1 once every eigenvalue is in.
        return 1 - Math.sqrt(Math.max(0, 1 - squaredFraction(k)));
    }

    /** The squared-eigenvalue fraction of the top k: sum_{i&lt;=k} lambda_i^2 / |W|_F^2 (1 when W = 0). */
    public double squaredFraction(int k) {
        requireDims(k);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += eigenvalues[i] * eigenvalues[i];
        return totalSquared == 0 ? 1 : sum / totalSquared;
    }

    /** The |lambda| fraction of the top k: sum_{i&lt;=k} |lambda_i| / sum_i |lambda_i| (NaN when unknown). */
    public double absoluteFraction(int k) {
        requireDims(k);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += Math.abs(eigenvalues[i]);
        return totalAbsolute == 0 ? 1 : sum / totalAbsolute;
    }

    /**
     * Places a new point from its distances to the K reference points by Gower's formula:
     * b = -(1/2)(d - rowMeans - mean(d) + grandMean), x_i = sign(lambda_i) (U^T b)_i / sqrt|lambda_i|.
     * A reference point's own row of D lands on its coordinates.
     */
    public double[] project(double[] distancesToReference, int dims) {
        requireDims(dims);
        if (distancesToReference.length != points()) {
            throw new InvalidInputException("a projected point needs distances to all " + points() + " reference points, got "
                    + distancesToReference.length);
        }
        double mean = Arrays.stream(distancesToReference).average().orElse(0);
        double[] b = new double[points()];
        for (int p = 0; p < b.length; p++) b[p] = -0.5 * (distancesToReference[p] - rowMeans[p] - mean + grandMean);
        double[] x = new double[dims];
        for (int i = 0; i < dims; i++) {
            double dot = 0;
            for (int p = 0; p < b.length; p++) dot += eigenvectors[p][i] * b[p];
            double lambda = eigenvalues[i];
            x[i] = lambda == 0 ? 0 : Math.signum(lambda) * dot / Math.sqrt(Math.abs(lambda));
        }
        return x;
    }

    static DMatrixRMaj doubleCentered(double[][] d, double[] rowMeans, double grandMean) {
        int k = d.length;
        DMatrixRMaj w = new DMatrixRMaj(k, k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) w.set(i, j, -0.5 * (d[i][j] - rowMeans[i] - rowMeans[j] + grandMean));
        }
        return w;
    }

    static double[] rowMeans(double[][] d) {
        double[] means = new double[d.length];
        for (int i = 0; i < d.length; i++) means[i] = Arrays.stream(d[i]).average().orElse(0);
        return means;
    }

    static int requireSquare(double[][] d) {
        int k = d.length;
        if (k < 2) throw new InvalidInputException("an embedding needs at least 2 points, got " + k);
        for (double[] row : d) {
            if (row.length != k) throw new InvalidInputException("the distance matrix must be square; a row has " + row.length + " of " + k);
            for (double v : row) if (!Double.isFinite(v)) throw new InvalidInputException("the distance matrix holds " + v);
        }
        return k;
    }

    private void requireDims(int dims) {
        if (dims < 1 || dims > kept()) {
            throw new InvalidInputException("dimensions must be in [1, " + kept() + "] (eigenvalues kept), got " + dims);
        }
    }
}
