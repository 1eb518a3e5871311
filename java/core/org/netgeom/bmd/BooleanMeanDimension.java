package org.netgeom.bmd;

import org.netgeom.linalg.Parallel;
import org.netgeom.nn.Model;
import org.netgeom.io.Progress;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * The boolean mean dimension of a model (docs/methods/bmd.md, Definition to Exact estimator):
 * BMD = I / Var with total influence I = sum_i E[(f(x) - f(x^(i)))^2] / 4. {@link #monteCarlo}
 * estimates it from points of an {@link InputDistribution}, sending each point with its d flipped
 * copies through the model as one matrix; {@link #exact} computes it from all 2^d points of
 * {-1, +1}^d by the Walsh-Hadamard transform. Both run on the model's backend and never ask which
 * one it is.
 */
public final class BooleanMeanDimension {
    /** 2^20 points x 20 inputs is the largest exact evaluation; beyond it use Monte Carlo. */
    public static final int MAX_EXACT_INPUTS = 20;
    private static final int EXACT_ROWS_PER_CALL = 1 << 15;
    /** Fewest points a thread draws: below that, starting it costs more than it saves. */
    private static final int POINTS_PER_PART = 8;

    private BooleanMeanDimension() {}

    /** The Monte Carlo estimate with its jackknife standard error; progress counts points. */
    public static BmdResult monteCarlo(Model model, BmdSettings settings, Progress progress) {
        int d = requireInputDim(model, settings.distribution());
        int outputs = model.outputDim();
        int width = settings.readout().width(outputs);
        int perBatch = Math.max(1, Math.min(settings.samples(), settings.rowsPerCall() / (d + 1)));
        Backend backend = model.backend();
        InfluenceAccumulator accumulator = new InfluenceAccumulator(d, width, settings.samples());
        Matrix projection = settings.readout().projection(outputs);
        try (MemoryScope scope = new MemoryScope(backend);
             FlipBatch flips = new FlipBatch(backend, d, perBatch, settings.distribution().flipCentres(d));
             Parallel threads = Parallel.ofAvailableCores()) {
            int rows = flips.rowsFor(perBatch);
            DeviceMatrix outputStorage = scope.allocate(rows, outputs);
            DeviceMatrix readoutMatrix = projection == null ? null : scope.upload(projection);
            DeviceMatrix valueStorage = projection == null ? outputStorage : scope.allocate(rows, width);
            // Each batch's influences (count x d) and point values (count x w) side by side, read back in one copy.
            DeviceMatrix resultStorage = scope.allocate(1, perBatch * (d + width));
            DeviceMatrix blockStarts = scope.upload(blockStarts(perBatch, d));
            // Pipelined: while the device runs one batch (model, read-out, influences), the host adds
            // up the previous batch and draws the next batch's points; the downloads are the only wait.
            Matrix points = drawPoints(settings, 0, Math.min(perBatch, settings.samples()), d, threads);
            float[] pending = null;
            int pendingCount = 0;
            for (int first = 0; first < settings.samples(); first += perBatch) {
                int count = points.rows();
                DeviceMatrix inputs = flips.build(points);
                DeviceMatrix out = view(backend, outputStorage, inputs.rows());
                model.predict(inputs, out);
                DeviceMatrix values = out;
                if (readoutMatrix != null) {
                    values = view(backend, valueStorage, inputs.rows());
                    backend.gemm(false, false, 1f, out, readoutMatrix, 0f, values);
                }
                DeviceMatrix influence = backend.view(resultStorage, 0, count, d);
                DeviceMatrix pointValues = backend.view(resultStorage, (long) count * d, count, width);
                backend.flipInfluence(values, influence);
                backend.gatherRows(values, blockStarts, 0, pointValues);
                if (pending != null) addPoints(accumulator, pending, pendingCount, d, width, progress);
                int next = first + count;
                if (next < settings.samples()) {
                    points = drawPoints(settings, next, Math.min(perBatch, settings.samples() - next), d, threads);
                }
                pending = backend.download(backend.view(resultStorage, 0, 1, count * (d + width))).data();
                pendingCount = count;
            }
            if (pending != null) addPoints(accumulator, pending, pendingCount, d, width, progress);
        }
        return accumulator.result(settings.distribution().name());
    }

    /**
     * Points first .. first + count - 1, drawn on all cores: each point has its own random stream,
     * so the split does not change them. On a GPU the drawing (65,000 Philox numbers per batch of
     * 83 points at d = 784) was a fifth of the host's time in a Flight Recorder profile.
     */
    private static Matrix drawPoints(BmdSettings settings, long first, int count, int d, Parallel threads) {
        int parts = Math.max(1, Math.min(threads.threads(), count / POINTS_PER_PART));
        if (parts == 1) return settings.distribution().points(settings.seed(), first, count, d);
        Matrix points = new Matrix(count, d);
        threads.run(parts, part -> {
            int from = (int) ((long) count * part / parts), to = (int) ((long) count * (part + 1) / parts);
            Matrix block = settings.distribution().points(settings.seed(), first + from, to - from, d);
            System.arraycopy(block.data(), 0, points.data(), from * d, block.size());
        });
        return points;
    }

    /** {@code results}: count x d influences, then count x w point values. */
    private static void addPoints(InfluenceAccumulator accumulator, float[] results, int count, int d, int width, Progress progress) {
        for (int p = 0; p < count; p++) accumulator.addPoint(results, p * d, results, count * d + p * width);
        progress.stepBy(count);
    }

    private static DeviceMatrix view(Backend backend, DeviceMatrix full, int rows) {
        return rows == full.rows() ? full : backend.view(full, 0, rows, full.cols());
    }

    /** 1 x count: the row of each point's own value in its flip block. */
    private static Matrix blockStarts(int count, int d) {
        Matrix m = new Matrix(1, count);
        for (int p = 0; p < count; p++) m.data()[p] = (float) p * (d + 1);
        return m;
    }

    /** The Monte Carlo estimate without progress output. */
    public static BmdResult monteCarlo(Model model, BmdSettings settings) {
        return monteCarlo(model, settings, Progress.quiet());
    }

    /**
     * The exact BMD under the uniform distribution on {-1, +1}^d, d <= {@link #MAX_EXACT_INPUTS}:
     * f on all 2^d points, then fhat(S) by the fast Walsh-Hadamard transform, Var = sum over
     * non-empty S of fhat(S)^2, Inf_i = sum over S containing i, I = sum |S| fhat(S)^2.
     */
    public static BmdResult exact(Model model, Readout readout) {
        int d = model.inputDim();
        if (d > MAX_EXACT_INPUTS) {
            throw InvalidInputException.forField("exact", "{exact} evaluates all 2^d inputs and allows d <= " + MAX_EXACT_INPUTS
                    + ", but the model has d = " + d + ": use the Monte Carlo estimate");
        }
        int outputs = model.outputDim();
        int width = readout.width(outputs);
        double[][] values = evaluateCube(model, readout, width);
        double[] influence = new double[d];
        double variance = 0, totalInfluence = 0;
        for (double[] f : values) {
            WalshHadamard.transformInPlace(f);
            for (int subset = 1; subset < f.length; subset++) {
                double power = f[subset] * f[subset];
                variance += power;
                totalInfluence += Integer.bitCount(subset) * power;
                for (int i = 0; i < d; i++) if ((subset >>> i & 1) != 0) influence[i] += power;
            }
        }
        double bmd = variance > 0 ? totalInfluence / variance : Double.NaN;
        return new BmdResult(bmd, variance > 0 ? 0 : Double.NaN, variance, totalInfluence, 1L << d, "uniform (exact)", influence);
    }

    /** values[k][x] = readout k of f at the cube point whose bit j set means x_j = -1. */
    private static double[][] evaluateCube(Model model, Readout readout, int width) {
        int d = model.inputDim();
        int outputs = model.outputDim();
        int total = 1 << d;
        int perCall = Math.min(total, EXACT_ROWS_PER_CALL);
        double[][] values = new double[width][total];
        double[] row = new double[width];
        Backend backend = model.backend();
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix inputs = scope.allocate(perCall, d);
            DeviceMatrix out = scope.allocate(perCall, outputs);
            for (int first = 0; first < total; first += perCall) {
                int count = Math.min(perCall, total - first);
                backend.upload(cubePoints(first, count, d), inputs);
                model.predict(inputs, out);
                float[] results = backend.download(out).data();
                for (int r = 0; r < count; r++) {
                    readout.apply(results, r * outputs, outputs, row);
                    for (int k = 0; k < width; k++) values[k][first + r] = row[k];
                }
            }
        }
        return values;
    }

    private static Matrix cubePoints(int first, int count, int d) {
        Matrix m = new Matrix(count, d);
        for (int r = 0; r < count; r++) {
            int index = first + r;
            for (int j = 0; j < d; j++) m.data()[r * d + j] = (index >>> j & 1) == 0 ? 1f : -1f;
        }
        return m;
    }

    private static int requireInputDim(Model model, InputDistribution distribution) {
        int d = model.inputDim();
        if (distribution.dimension() != 0 && distribution.dimension() != d) {
            throw new InvalidInputException("the model takes " + d + " inputs but the data has " + distribution.dimension()
                    + " features; use data the model was trained on");
        }
        return d;
    }
}
