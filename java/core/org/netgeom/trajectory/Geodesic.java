package org.netgeom.trajectory;

import org.netgeom.tensor.InvalidInputException;

/**
 * The path from ignorance to truth (docs/methods/trajectory.md, Geodesic and progress). Per
 * sample, sqrt(P) is a point on the unit sphere; the geodesic from sqrt(P_0) (all 1/sqrt(C)) to
 * sqrt(P_*) (the one-hot label) is the great circle
 * g(t) = [sin((1 - t) theta) sqrt(P_0) + sin(t theta) sqrt(P_*)] / sin(theta),
 * cos(theta) = 1/sqrt(C), the same angle for every sample. A point's Bhattacharyya coefficient
 * with g(t) at sample n is [sin((1 - t) theta) a_n + sin(t theta) b_n] / sin(theta), with
 * a_n = sum_c sqrt(P[n, c] / C) and b_n = sqrt(P[n, y_n]), so the distance to g(t) costs O(N)
 * once a and b are known, and the progress is a 1-D search over t.
 */
public final class Geodesic {
    private static final int GRID = 200;
    private static final int REFINEMENTS = 60;

    private Geodesic() {}

    /** Progress in [0, 1] of every point of {@code set} (which needs labels). */
    public static double[] progress(PredictionSet set) {
        if (!set.hasLabels()) {
            throw new InvalidInputException("progress along the ignorance-to-truth geodesic needs the samples' labels");
        }
        int[] labels = set.labels();
        double[] out = new double[set.size()];
        for (int p = 0; p < set.size(); p++) out[p] = progress(set.sqrtRow(p), labels, set.samples(), set.classes());
        return out;
    }

    /** The t in [0, 1] minimizing d(point, g(t)): a grid search, then golden-section refinement. */
    static double progress(float[] sqrtRow, int[] labels, int samples, int classes) {
        double[] towardIgnorance = new double[samples];
        double[] towardTruth = new double[samples];
        double inverseSqrtClasses = 1 / Math.sqrt(classes);
        for (int s = 0; s < samples; s++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += sqrtRow[c * samples + s];
            towardIgnorance[s] = sum * inverseSqrtClasses;
            towardTruth[s] = sqrtRow[labels[s] * samples + s];
        }
        double theta = Math.acos(inverseSqrtClasses);
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int g = 0; g <= GRID; g++) {
            double value = distanceToGeodesic(towardIgnorance, towardTruth, theta, g / (double) GRID);
            if (value < bestValue) {
                bestValue = value;
                best = g;
            }
        }
        double low = Math.max(0, (best - 1) / (double) GRID), high = Math.min(1, (best + 1) / (double) GRID);
        double ratio = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < REFINEMENTS; i++) {
            double left = high - ratio * (high - low), right = low + ratio * (high - low);
            if (distanceToGeodesic(towardIgnorance, towardTruth, theta, left)
                    <= distanceToGeodesic(towardIgnorance, towardTruth, theta, right)) {
                high = right;
            } else {
                low = left;
            }
        }
        return 0.5 * (low + high);
    }

    /** d(point, g(t)) with the same coefficient floor as the distance matrix. */
    static double distanceToGeodesic(double[] towardIgnorance, double[] towardTruth, double theta, double t) {
        double wIgnorance = Math.sin((1 - t) * theta) / Math.sin(theta), wTruth = Math.sin(t * theta) / Math.sin(theta);
        double sum = 0;
        for (int s = 0; s < towardIgnorance.length; s++) {
            double coefficient = wIgnorance * towardIgnorance[s] + wTruth * towardTruth[s];
            sum += Math.log(Math.max(coefficient, BhattacharyyaDistances.COEFFICIENT_FLOOR));
        }
        return -sum / towardIgnorance.length;
    }

    /** sqrt-probabilities of g(t), class-major, for the samples' labels (tests and plots). */
    public static float[] pointAt(double t, int[] labels, int classes) {
        int samples = labels.length;
        double theta = Math.acos(1 / Math.sqrt(classes));
        double wIgnorance = Math.sin((1 - t) * theta) / Math.sin(theta), wTruth = Math.sin(t * theta) / Math.sin(theta);
        float[] row = new float[samples * classes];
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < classes; c++) {
                row[c * samples + s] = (float) (wIgnorance / Math.sqrt(classes) + (c == labels[s] ? wTruth : 0));
            }
        }
        return row;
    }
}
