package org.netgeom.data;

import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.ShapeMismatchException;

/**
 * Per-feature mean and standard deviation (population, divisor n, as scikit-learn's
 * StandardScaler) computed in float64 on one data set, typically the training split, and
 * applied to any set with the same features: x' = (x - mean) / std. A feature with std 0 is
 * only centred, so constant pixels become 0 instead of NaN.
 */
public record Standardization(double[] means, double[] stds) {

    public Standardization {
        if (means.length != stds.length) {
            throw new ShapeMismatchException("standardization has " + means.length + " means but " + stds.length
                    + " standard deviations");
        }
        for (int j = 0; j < means.length; j++) {
            if (!Double.isFinite(means[j]) || !Double.isFinite(stds[j]) || stds[j] < 0) {
                throw new InvalidInputException("standardization of feature " + j + " has mean " + means[j]
                        + " and std " + stds[j] + "; both must be finite and the std >= 0");
            }
        }
    }

    /** The statistics of {@code data}'s inputs (two passes in float64). */
    public static Standardization of(Dataset data) {
        if (data.size() == 0) {
            throw new InvalidInputException("cannot standardize with data set '" + data.name() + "': it has no examples");
        }
        int n = data.size();
        int d = data.inputDim();
        float[] x = data.inputs().data();
        double[] means = new double[d];
        for (int row = 0; row < n; row++) {
            for (int j = 0; j < d; j++) means[j] += x[row * d + j];
        }
        for (int j = 0; j < d; j++) means[j] /= n;
        double[] stds = new double[d];
        for (int row = 0; row < n; row++) {
            for (int j = 0; j < d; j++) {
                double centred = x[row * d + j] - means[j];
                stds[j] += centred * centred;
            }
        }
        for (int j = 0; j < d; j++) stds[j] = Math.sqrt(stds[j] / n);
        return new Standardization(means, stds);
    }

    public int features() { return means.length; }

    /** {@code data} with standardized inputs; the targets are shared, not copied. */
    public Dataset apply(Dataset data) {
        if (data.inputDim() != features()) {
            throw new ShapeMismatchException("standardization was computed on " + features() + " features but data set '"
                    + data.name() + "' has " + data.inputDim());
        }
        int d = features();
        float[] x = data.inputs().data();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int j = i % d;
            double centred = x[i] - means[j];
            out[i] = (float) (stds[j] > 0 ? centred / stds[j] : centred);
        }
        return new Dataset(data.name(), new Matrix(data.size(), d, out), data.targets(), data.classes());
    }
}
