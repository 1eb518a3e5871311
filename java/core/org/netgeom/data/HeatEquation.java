package org.netgeom.data;

import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

/**
 * A regression task whose inputs are coordinates: the solution u(x, t) = exp(-pi^2 t) sin(pi x)
 * of the heat equation u_t = u_xx on x, t in [0, 1] (docs/methods/symmetry.md, Symmetry study: a
 * stand-in for the paper's PDE-solving models). Points are uniform from Philox streams; train and
 * test use different streams.
 */
public final class HeatEquation {
    private HeatEquation() {}

    /** The exact solution u(x, t) = exp(-pi^2 t) sin(pi x). */
    public static double solution(double x, double t) { return Math.exp(-Math.PI * Math.PI * t) * Math.sin(Math.PI * x); }

    /** Philox streams of the training and test coordinates: past DataStreams' range, before the BMD points'. */
    public static final long TRAIN_STREAM = 1L << 41, TEST_STREAM = (1L << 41) + 1;

    /**
     * Training and test points (x, t) uniform in [0, 1]^2 with targets u(x, t), from {@code seed}.
     */
    public static DataSplit generate(int trainSize, int testSize, long seed) {
        return new DataSplit(sample("heat-train", trainSize, seed, TRAIN_STREAM), sample("heat-test", testSize, seed, TEST_STREAM));
    }

    private static Dataset sample(String name, int n, long seed, long stream) {
        float[] coordinates = new float[2 * n];
        Philox.fillUniform(coordinates, 0, coordinates.length, seed, stream, 0f, 1f);
        Matrix targets = new Matrix(n, 1);
        for (int i = 0; i < n; i++) targets.set(i, 0, (float) solution(coordinates[2 * i], coordinates[2 * i + 1]));
        return new Dataset(name, new Matrix(n, 2, coordinates), targets, 0);
    }
}
