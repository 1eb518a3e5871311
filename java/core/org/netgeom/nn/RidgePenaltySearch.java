package org.netgeom.nn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.netgeom.linalg.Float64Gemm;
import org.netgeom.linalg.Parallel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * Picks the ridge penalty of a {@link RandomFeatures} readout that minimizes an error on
 * validation data (the {@code optimal} lambda of docs/methods/bmd.md, Optimal penalty): the mean
 * squared error, or the classification error (ties broken by the squared error). One symmetric
 * eigendecomposition of the smaller Gram matrix, G = Q diag(s) Q^T, gives the validation
 * predictions for every lambda as W diag(1 / (s + lambda)) z, so a grid of penalties costs
 * about one fit. Then fit with {@link RidgeRegression#fit} at the chosen penalty.
 */
public final class RidgePenaltySearch {
    /** What "best" means on the validation data. */
    public enum Criterion {
        /** Lowest mean squared error of the readout's outputs. */
        MSE,
        /**
         * Lowest classification error: the sign of a single output against +-1 targets, else the
         * largest output against the one-hot target; equal errors go to the lower squared error.
         */
        ERROR;

        /** The name the command line uses: mse or error. */
        public String cliName() { return this == MSE ? "mse" : "error"; }

        /** mse or error (any case), else bad input naming the two. */
        public static Criterion parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "mse" -> MSE;
                case "error" -> ERROR;
                default -> throw InvalidInputException.forField("lambdaCriterion", "{lambdaCriterion} must be mse or error, got " + text);
            };
        }
    }

    private RidgePenaltySearch() {}

    /** A log grid of penalties from 1e-6 to 1e3, three per decade. */
    public static double[] defaultGrid() {
        double[] grid = new double[28];
        for (int i = 0; i < grid.length; i++) grid[i] = Math.pow(10, -6 + i / 3.0);
        return grid;
    }

    /** The penalty of {@code lambdas} with the lowest validation MSE (the smallest such on ties). */
    public static double bestLambda(RandomFeatures model, DeviceMatrix trainInputs, Matrix trainTargets,
                                    DeviceMatrix validationInputs, Matrix validationTargets, double[] lambdas) {
        return bestLambda(model, trainInputs, trainTargets, validationInputs, validationTargets, lambdas, Criterion.MSE);
    }

    /** The penalty of {@code lambdas} best by {@code criterion} on the validation data (the smallest such on ties). */
    public static double bestLambda(RandomFeatures model, DeviceMatrix trainInputs, Matrix trainTargets,
                                    DeviceMatrix validationInputs, Matrix validationTargets, double[] lambdas, Criterion criterion) {
        if (lambdas.length == 0) throw new InvalidInputException("the penalty grid is empty");
        for (double lambda : lambdas) {
            if (!(lambda > 0) || !Double.isFinite(lambda)) throw new InvalidInputException("penalties must be > 0, got " + lambda);
        }
        int k = model.outputDim();
        trainTargets.requireShape(trainInputs.rows(), k, "ridge targets");
        validationTargets.requireShape(validationInputs.rows(), k, "validation targets");
        DMatrixRMaj phi = features(model, trainInputs);
        DMatrixRMaj phiValidation = features(model, validationInputs);
        DMatrixRMaj y = toDouble(trainTargets);
        DMatrixRMaj yValidation = toDouble(validationTargets);
        boolean primal = phi.numCols <= phi.numRows;
        int size = primal ? phi.numCols : phi.numRows;
        DMatrixRMaj gram;
        try (Parallel parallel = Parallel.ofAvailableCores()) {
            gram = DMatrixRMaj.wrap(size, size, Float64Gemm.gram(phi.data, phi.numRows, phi.numCols, primal, parallel));
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(size, true, true);
        if (!eig.decompose(gram)) throw new IllegalStateException("eigendecomposition of the " + size + "x" + size + " Gram matrix failed");
        DMatrixRMaj q = new DMatrixRMaj(size, size);
        double[] s = new double[size];
        for (int i = 0; i < size; i++) {
            s[i] = Math.max(0, eig.getEigenvalue(i).getReal());
            DMatrixRMaj vector = eig.getEigenVector(i);
            for (int r = 0; r < size; r++) q.set(r, i, vector.get(r, 0));
        }
        // primal: z = Q^T Phi^T Y, W = Phi_val Q; dual: z = Q^T Y, W = Phi_val Phi^T Q.
        DMatrixRMaj z = new DMatrixRMaj(size, k);
        DMatrixRMaj w = new DMatrixRMaj(phiValidation.numRows, size);
        if (primal) {
            DMatrixRMaj phiTy = new DMatrixRMaj(size, k);
            CommonOps_DDRM.multTransA(phi, y, phiTy);
            CommonOps_DDRM.multTransA(q, phiTy, z);
            CommonOps_DDRM.mult(phiValidation, q, w);
        } else {
            CommonOps_DDRM.multTransA(q, y, z);
            DMatrixRMaj kernel = new DMatrixRMaj(phiValidation.numRows, size);
            CommonOps_DDRM.multTransB(phiValidation, phi, kernel);
            CommonOps_DDRM.mult(kernel, q, w);
        }
        double best = lambdas[0], bestError = Double.POSITIVE_INFINITY, bestSquared = Double.POSITIVE_INFINITY;
        for (double lambda : lambdas) {
            double[] errors = validationErrors(w, s, z, yValidation, lambda);
            double error = criterion == Criterion.ERROR ? errors[1] : errors[0];
            if (error < bestError || (error == bestError && errors[0] < bestSquared)) {
                bestError = error;
                bestSquared = errors[0];
                best = lambda;
            }
        }
        return best;
    }

    /** {mean squared error, classification error} of the validation predictions at {@code lambda}. */
    private static double[] validationErrors(DMatrixRMaj w, double[] s, DMatrixRMaj z, DMatrixRMaj y, double lambda) {
        int m = w.numRows, size = s.length, k = z.numCols;
        double[] scaledZ = new double[size * k];
        for (int i = 0; i < size; i++) for (int c = 0; c < k; c++) scaledZ[i * k + c] = z.get(i, c) / (s[i] + lambda);
        double squared = 0;
        int wrong = 0;
        double[] prediction = new double[k];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < k; c++) {
                double sum = 0;
                for (int i = 0; i < size; i++) sum += w.get(r, i) * scaledZ[i * k + c];
                prediction[c] = sum;
                double difference = sum - y.get(r, c);
                squared += difference * difference;
            }
            if (isWrong(prediction, y, r)) wrong++;
        }
        return new double[] {squared / m, (double) wrong / m};
    }

    private static boolean isWrong(double[] prediction, DMatrixRMaj y, int row) {
        if (prediction.length == 1) return (prediction[0] > 0) != (y.get(row, 0) > 0);
        int predicted = 0, actual = 0;
        for (int c = 1; c < prediction.length; c++) {
            if (prediction[c] > prediction[predicted]) predicted = c;
            if (y.get(row, c) > y.get(row, actual)) actual = c;
        }
        return predicted != actual;
    }

    private static DMatrixRMaj features(RandomFeatures model, DeviceMatrix inputs) {
        Backend backend = model.backend();
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix phi = scope.allocate(inputs.rows(), model.featureCount());
            model.computeFeatures(inputs, phi);
            backend.scale((float) (1.0 / Math.sqrt(model.featureCount())), phi);
            return toDouble(backend.download(phi));
        }
    }

    private static DMatrixRMaj toDouble(Matrix m) {
        DMatrixRMaj d = new DMatrixRMaj(m.rows(), m.cols());
        float[] src = m.data();
        for (int i = 0; i < src.length; i++) d.data[i] = src[i];
        return d;
    }
}
