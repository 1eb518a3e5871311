package org.netgeom.bmd;

import org.netgeom.nn.Model;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;

/** BMD straight from its definition (spec section 1), in float64 over the whole cube: the tests' reference. */
final class Definition {
    private Definition() {}

    /** {BMD, total influence} of {@code model} under the uniform distribution on {-1, +1}^d. */
    static double[] bmdAndTotalInfluence(Model model, int d, int outputs) {
        int n = 1 << d;
        double[][] f = evaluate(model, d, outputs);
        double variance = 0, influence = 0;
        for (int k = 0; k < outputs; k++) {
            double mean = 0, squares = 0;
            for (int x = 0; x < n; x++) mean += f[x][k] / n;
            for (int x = 0; x < n; x++) squares += (f[x][k] - mean) * (f[x][k] - mean) / n;
            variance += squares;
            for (int x = 0; x < n; x++) {
                for (int i = 0; i < d; i++) {
                    double change = f[x][k] - f[x ^ (1 << i)][k];
                    influence += change * change / 4 / n;
                }
            }
        }
        return new double[] {influence / variance, influence};
    }

    private static double[][] evaluate(Model model, int d, int outputs) {
        int n = 1 << d;
        Matrix inputs = new Matrix(n, d);
        for (int x = 0; x < n; x++) for (int j = 0; j < d; j++) inputs.set(x, j, (x >>> j & 1) == 0 ? 1f : -1f);
        Backend backend = model.backend();
        try (DeviceMatrix in = backend.upload(inputs); DeviceMatrix out = backend.allocate(n, outputs)) {
            model.predict(in, out);
            Matrix host = backend.download(out);
            double[][] f = new double[n][outputs];
            for (int x = 0; x < n; x++) for (int k = 0; k < outputs; k++) f[x][k] = host.get(x, k);
            return f;
        }
    }
}
