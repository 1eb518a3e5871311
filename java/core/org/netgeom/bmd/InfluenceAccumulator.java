package org.netgeom.bmd;

/**
 * Collects, point by point, f(x) and the squared changes |f(x) - f(x^(i))|^2 / 4 of the Monte
 * Carlo estimator (docs/methods/bmd.md, Monte Carlo estimator; each change computed in float32 on
 * the backend, the sums over points in float64) and turns them into a {@link BmdResult}.
 * The standard error is the delete-one jackknife over points: deterministic, and for a ratio
 * of means it agrees with the bootstrap to first order.
 */
final class InfluenceAccumulator {
    private final int inputDim;
    private final int readoutWidth;
    private final int samples;
    private final double[] influenceSums;
    private final double[] pointInfluence;
    private final double[] pointValues;
    private int points;

    InfluenceAccumulator(int inputDim, int readoutWidth, int samples) {
        this.inputDim = inputDim;
        this.readoutWidth = readoutWidth;
        this.samples = samples;
        this.influenceSums = new double[inputDim];
        this.pointInfluence = new double[samples];
        this.pointValues = new double[samples * readoutWidth];
    }

    /**
     * Adds one point: its d influence contributions (f(x) - f(x^(i)))^2 / 4 from
     * {@code influence[influenceOffset ..]} and its read-out values f(x) from
     * {@code values[valueOffset ..]}.
     */
    void addPoint(float[] influence, int influenceOffset, float[] values, int valueOffset) {
        double total = 0;
        for (int i = 0; i < inputDim; i++) {
            double contribution = influence[influenceOffset + i];
            influenceSums[i] += contribution;
            total += contribution;
        }
        pointInfluence[points] = total;
        for (int k = 0; k < readoutWidth; k++) pointValues[points * readoutWidth + k] = values[valueOffset + k];
        points++;
    }

    int points() { return points; }

    BmdResult result(String distribution) {
        if (points != samples) throw new IllegalStateException(points + " of " + samples + " points were added");
        double[] influence = new double[inputDim];
        double totalInfluence = 0;
        for (int i = 0; i < inputDim; i++) {
            influence[i] = influenceSums[i] / samples;
            totalInfluence += influence[i];
        }
        double[] deviations = deviationsFromMean();
        double squaredDeviations = 0;
        for (double a : deviations) squaredDeviations += a * a;
        double variance = squaredDeviations / (samples - 1);
        double bmd = variance > 0 ? totalInfluence / variance : Double.NaN;
        double stderr = variance > 0 ? jackknife(deviations, squaredDeviations, totalInfluence) : Double.NaN;
        return new BmdResult(bmd, stderr, variance, totalInfluence, samples, distribution, influence);
    }

    private double[] deviationsFromMean() {
        double[] deviations = pointValues.clone();
        for (int k = 0; k < readoutWidth; k++) {
            double sum = 0;
            for (int p = 0; p < samples; p++) sum += pointValues[p * readoutWidth + k];
            double mean = sum / samples;
            for (int p = 0; p < samples; p++) deviations[p * readoutWidth + k] -= mean;
        }
        return deviations;
    }

    /** Leave-one-out BMDs from the totals in O(samples x width); NaN below 3 points. */
    private double jackknife(double[] deviations, double squaredDeviations, double totalInfluence) {
        int n = samples;
        if (n < 3) return Double.NaN;
        double[] estimates = new double[n];
        double mean = 0;
        for (int p = 0; p < n; p++) {
            double ownSquares = 0;
            for (int k = 0; k < readoutWidth; k++) {
                double a = deviations[p * readoutWidth + k];
                ownSquares += a * a;
            }
            // Removing point p shifts the mean by -a_p / (n - 1): sum of squares about the new mean.
            double remaining = squaredDeviations - ownSquares - ownSquares / (n - 1);
            double variance = remaining / (n - 2);
            double influence = (n * totalInfluence - pointInfluence[p]) / (n - 1);
            estimates[p] = influence / variance;
            mean += estimates[p] / n;
        }
        double spread = 0;
        for (double e : estimates) spread += (e - mean) * (e - mean);
        return Math.sqrt(spread * (n - 1) / n);
    }
}
