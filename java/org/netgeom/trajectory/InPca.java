package org.netgeom.trajectory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.netgeom.tensor.InvalidInputException;

/**
 * Intensive PCA of a distance matrix (spec trajectory.md §3): W = -(1/2) L D L with
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

    /** Dense eigendecomposition (EJML, symmetric): every eigenvalue; fine up to K of a few thousand. */
    public static InPca fit(double[][] distances) {
        int k = requireSquare(distances);
        double[] rowMeans = rowMeans(distances);
        double grandMean = Arrays.stream(rowMeans).average().orElse(0);
        DMatrixRMaj w = doubleCentered(distances, rowMeans, grandMean);
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

    /** Explained stress of the top k: sum_{i<=k} lambda_i^2 / sum_i lambda_i^2. */
    public double explainedStress(int k) {
        requireDims(k);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += eigenvalues[i] * eigenvalues[i];
        return totalSquared == 0 ? 1 : sum / totalSquared;
    }

    /** The |lambda| fraction of the top k: sum_{i<=k} |lambda_i| / sum_i |lambda_i| (NaN when unknown). */
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
