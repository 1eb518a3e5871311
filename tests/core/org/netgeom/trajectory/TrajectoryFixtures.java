package org.netgeom.trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random prediction sets with exact zeros and one-hot rows, and the float64 reference distance. */
final class TrajectoryFixtures {
    private TrajectoryFixtures() {}

    /** probabilities[k][s][c]: random rows, some with exact zeros, some one-hot. */
    static double[][][] randomProbabilities(Random random, int points, int samples, int classes) {
        double[][][] p = new double[points][samples][classes];
        for (int k = 0; k < points; k++) {
            for (int s = 0; s < samples; s++) {
                int kind = random.nextInt(5);
                if (kind == 0) {
                    p[k][s][random.nextInt(classes)] = 1;
                    continue;
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    boolean zero = kind == 1 && random.nextBoolean();
                    p[k][s][c] = zero ? 0 : Math.exp(2 * random.nextGaussian());
                    sum += p[k][s][c];
                }
                if (sum == 0) {
                    p[k][s][0] = 1;
                    sum = 1;
                }
                for (int c = 0; c < classes; c++) p[k][s][c] /= sum;
            }
        }
        return p;
    }

    static PredictionSet toSet(double[][][] p, int[] labels) {
        int samples = p[0].length, classes = p[0][0].length;
        List<PredictionSet.Point> points = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int k = 0; k < p.length; k++) {
            double[] flat = new double[samples * classes];
            for (int s = 0; s < samples; s++) System.arraycopy(p[k][s], 0, flat, s * classes, classes);
            rows.add(PredictionSet.toSqrtClassMajor(flat, 0, samples, classes, false, "point " + k));
            points.add(new PredictionSet.Point("p" + k, "config" + (k % 3), k % 3, k / 3.0, k / 3));
        }
        return new PredictionSet(points, rows, samples, classes, labels);
    }

    /** d(u, v) = -(1/N) sum_n log max(sum_c sqrt(u v), floor), all in float64. */
    static double reference(double[][] u, double[][] v, double floor) {
        double sum = 0;
        for (int s = 0; s < u.length; s++) {
            double coefficient = 0;
            for (int c = 0; c < u[s].length; c++) coefficient += Math.sqrt(u[s][c] * v[s][c]);
            sum += Math.log(Math.max(coefficient, floor));
        }
        return -sum / u.length;
    }

    static double[][] oneHot(int[] labels, int classes) {
        double[][] p = new double[labels.length][classes];
        for (int s = 0; s < labels.length; s++) p[s][labels[s]] = 1;
        return p;
    }

    static double[][] uniform(int samples, int classes) {
        double[][] p = new double[samples][classes];
        for (double[] row : p) java.util.Arrays.fill(row, 1.0 / classes);
        return p;
    }
}
