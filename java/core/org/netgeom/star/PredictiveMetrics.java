package org.netgeom.star;

import java.util.LinkedHashMap;
import java.util.Map;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Quality of a predictive distribution (docs/methods/star.md, Averaging over the star domain), in
 * float64: accuracy, mean negative log-likelihood of the true class, Brier score (mean over rows of
 * the squared distance to the one-hot label, summed over classes) and expected calibration error
 * with 15 equal-width confidence bins (top-class confidence; the last bin includes 1).
 */
public record PredictiveMetrics(double accuracy, double nll, double brier, double ece) {
    public static final int ECE_BINS = 15;
    /** Probabilities are clamped below at this before the log, so a confident mistake costs a finite NLL. */
    private static final double MIN_PROBABILITY = 1e-12;

    /** {@code probabilities} n x C (rows sum to 1), {@code labels} n x 1 class indices. */
    public static PredictiveMetrics of(Matrix probabilities, Matrix labels) {
        int n = probabilities.rows(), classes = probabilities.cols();
        if (labels.rows() != n || labels.cols() != 1) {
            throw new InvalidInputException("predictions have " + n + " rows but labels are " + labels.shape());
        }
        double correct = 0, nll = 0, brier = 0;
        double[] binCount = new double[ECE_BINS], binCorrect = new double[ECE_BINS], binConfidence = new double[ECE_BINS];
        for (int r = 0; r < n; r++) {
            int label = (int) labels.get(r, 0);
            if (label < 0 || label >= classes) {
                throw new InvalidInputException("label " + label + " of row " + r + " is outside the " + classes + " classes");
            }
            int best = 0;
            for (int c = 0; c < classes; c++) {
                double p = probabilities.get(r, c);
                if (p > probabilities.get(r, best)) best = c;
                double d = p - (c == label ? 1 : 0);
                brier += d * d;
            }
            nll -= Math.log(Math.max(MIN_PROBABILITY, probabilities.get(r, label)));
            boolean right = best == label;
            if (right) correct++;
            double confidence = probabilities.get(r, best);
            int bin = Math.min(ECE_BINS - 1, (int) Math.floor(confidence * ECE_BINS));
            binCount[bin]++;
            binConfidence[bin] += confidence;
            if (right) binCorrect[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (binCount[b] > 0) ece += Math.abs(binCorrect[b] - binConfidence[b]) / n;
        }
        return new PredictiveMetrics(correct / n, nll / n, brier / n, ece);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("nll", nll);
        m.put("brier", brier);
        m.put("ece", ece);
        return m;
    }
}
