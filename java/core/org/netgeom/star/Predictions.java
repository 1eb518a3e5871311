package org.netgeom.star;

import java.util.List;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * Predictive distributions (softmax outputs) of single parameter vectors and of averages over
 * several (docs/methods/star.md, Averaging over the star domain): deep ensembles, and the star BMA,
 * which averages over models on the segments from the star model to each aligned source. Sums are
 * in float64 on the host.
 */
public final class Predictions {
    private static final int BATCH = 4096;
    /** Rows per batch of a convolutional network, whose activations are images. */
    private static final int NETWORK_BATCH = 1024;

    private Predictions() {}

    /** softmax(f_theta(inputs)) as an n x C host matrix, for theta a 1 x P vector of {@code probe}'s shape. */
    public static Matrix probabilities(TrainableModel probe, DeviceMatrix parameters, DeviceMatrix inputs) {
        return probabilities(probe, parameters, inputs, null);
    }

    /**
     * {@link #probabilities(TrainableModel, DeviceMatrix, DeviceMatrix)}, a network's BatchNorm
     * statistics recomputed for theta by {@code recompute} first (null: the probe's are used).
     */
    public static Matrix probabilities(TrainableModel probe, DeviceMatrix parameters, DeviceMatrix inputs, BatchNormRecompute recompute) {
        Backend backend = probe.backend();
        backend.copy(parameters, probe.parameters());
        if (recompute != null) recompute.apply(probe);
        int batch = probe instanceof Mlp ? BATCH : NETWORK_BATCH;
        int n = inputs.rows(), classes = probe.outputDim();
        Matrix result = new Matrix(n, classes);
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix logits = scope.allocate(Math.min(batch, Math.max(1, n)), classes);
            DeviceMatrix probabilities = scope.allocate(logits.rows(), classes);
            for (int start = 0; start < n; start += batch) {
                int rows = Math.min(batch, n - start);
                DeviceMatrix x = backend.view(inputs, (long) start * inputs.cols(), rows, inputs.cols());
                DeviceMatrix out = rows == logits.rows() ? logits : backend.view(logits, 0, rows, classes);
                DeviceMatrix p = rows == probabilities.rows() ? probabilities : backend.view(probabilities, 0, rows, classes);
                probe.predict(x, out);
                backend.softmax(out, p);
                Matrix host = backend.download(p);
                System.arraycopy(host.data(), 0, result.data(), start * classes, rows * classes);
            }
        }
        return result;
    }

    /** The mean of the softmax outputs of every parameter vector in {@code members}. */
    public static Matrix ensemble(TrainableModel probe, List<DeviceMatrix> members, DeviceMatrix inputs) {
        return ensemble(probe, members, inputs, null);
    }

    /** {@link #ensemble(TrainableModel, List, DeviceMatrix)}, each member's BatchNorm statistics recomputed (null: not). */
    public static Matrix ensemble(TrainableModel probe, List<DeviceMatrix> members, DeviceMatrix inputs, BatchNormRecompute recompute) {
        double[] sum = null;
        int rows = inputs.rows(), cols = probe.outputDim();
        for (DeviceMatrix member : members) {
            float[] p = probabilities(probe, member, inputs, recompute).data();
            if (sum == null) sum = new double[p.length];
            for (int i = 0; i < p.length; i++) sum[i] += p[i];
        }
        float[] mean = new float[rows * cols];
        for (int i = 0; i < mean.length; i++) mean[i] = (float) (sum[i] / members.size());
        return new Matrix(rows, cols, mean);
    }

    /**
     * Star BMA: the mean softmax output over theta(t) = (1 - t) star + t source_i for every
     * source and every t in {@code ts} (sources should be aligned to the star model).
     */
    public static Matrix starAverage(TrainableModel probe, DeviceMatrix star, List<DeviceMatrix> sources, double[] ts,
                                     DeviceMatrix inputs) {
        return starAverage(probe, star, sources, ts, inputs, null);
    }

    /** {@link #starAverage(TrainableModel, DeviceMatrix, List, double[], DeviceMatrix)}, each member's BatchNorm statistics recomputed (null: not). */
    public static Matrix starAverage(TrainableModel probe, DeviceMatrix star, List<DeviceMatrix> sources, double[] ts,
                                     DeviceMatrix inputs, BatchNormRecompute recompute) {
        Backend backend = probe.backend();
        try (MemoryScope scope = new MemoryScope(backend)) {
            List<DeviceMatrix> members = new java.util.ArrayList<>();
            for (DeviceMatrix source : sources) {
                for (double t : ts) {
                    DeviceMatrix point = scope.allocate(1, (int) star.size());
                    BarrierCurve.interpolate(backend, star, source, t, point);
                    members.add(point);
                }
            }
            return ensemble(probe, members, inputs, recompute);
        }
    }

    /** The uniform average of the parameter vectors (sources should be aligned to one another first). */
    public static DeviceMatrix weightAverage(MemoryScope scope, List<DeviceMatrix> members) {
        Backend backend = scope.backend();
        DeviceMatrix average = scope.allocate(1, (int) members.get(0).size());
        for (DeviceMatrix member : members) backend.axpy(1f / members.size(), member, average);
        return average;
    }
}
