package org.netgeom.star;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;
import org.netgeom.train.ResidentData;

/**
 * Loss and error along the segment theta(t) = (1 - t) theta_a + t theta_b, and the barriers
 * (docs/methods/star.md, Interpolation and barriers):
 * B = max(0, max_t [L(theta(t)) - ((1 - t) L(theta_a) + t L(theta_b))]).
 * The data stay resident on the backend; each t costs one pass over them. A network with BatchNorm
 * gets running statistics for each interpolated model: recomputed on training batches
 * ({@link BatchNormRecompute}, the paper's way), or, without one, the end models' statistics
 * interpolated like the parameters (stale statistics, kept for comparison).
 */
public record BarrierCurve(List<Point> points, double barrierLoss, double barrierError) {
    /**
     * Rows per evaluation batch: a 10,000-row test set in one pass (one GEMM per layer and t), and
     * still only 32 MB of activations per 512 hidden units.
     */
    private static final int EVALUATION_BATCH = 16384;
    /** Rows per evaluation batch of a convolutional network, whose activations are images: the Trainer's test batch. */
    private static final int NETWORK_EVALUATION_BATCH = 1024;

    /**
     * One point of the curve: the position t on the segment and the loss and error of theta(t)
     * there.
     */
    public record Point(double t, double loss, double error) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", t);
            m.put("loss", loss);
            m.put("error", error);
            return m;
        }
    }

    public BarrierCurve {
        points = List.copyOf(points);
    }

    /** The curve between a and b on {@code data} (encoded for {@code loss}) at {@code count} evenly spaced t in [0, 1]. */
    public static BarrierCurve compute(TrainableModel a, TrainableModel b, ResidentData data, Loss loss, int count) {
        return compute(a, b, data, loss, count, null);
    }

    /**
     * The curve as {@link #compute(TrainableModel, TrainableModel, ResidentData, Loss, int)};
     * networks with BatchNorm get each point's running statistics from {@code recompute} (every
     * t, the ends included), or interpolated from a's and b's when it is null.
     */
    public static BarrierCurve compute(TrainableModel a, TrainableModel b, ResidentData data, Loss loss, int count,
                                       BatchNormRecompute recompute) {
        requirePointCount(count);
        StarModels.requireCompatible(a, "model a", b, "model b");
        Backend backend = a.backend();
        Matrix statisticsA = a instanceof ConvNet net && net.hasBatchNorm() ? net.runningStatistics() : null;
        Matrix statisticsB = statisticsA == null ? null : ((ConvNet) b).runningStatistics();
        int batch = a instanceof Mlp ? EVALUATION_BATCH : NETWORK_EVALUATION_BATCH;
        List<Point> points = new ArrayList<>();
        // Every t is queued on the backend with its stats in its own row, and read back once.
        try (TrainableModel probe = StarModels.sameShape(a); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix stats = scope.allocate(count, 2);
            for (int k = 0; k < count; k++) {
                double t = k / (double) (count - 1);
                interpolate(backend, a.parameters(), b.parameters(), t, probe.parameters());
                if (statisticsA != null && recompute != null) recompute.apply(probe);
                else if (statisticsA != null) ((ConvNet) probe).loadRunningStatistics(interpolate(statisticsA, statisticsB, t));
                Evaluator.accumulate(probe, loss, data.inputs(), data.targets(), batch, backend.view(stats, 2L * k, 1, 2));
            }
            Matrix totals = backend.download(stats);
            for (int k = 0; k < count; k++) {
                Evaluator.Evaluation evaluation = Evaluator.evaluation(totals, k, data.inputs().rows());
                points.add(new Point(k / (double) (count - 1), evaluation.loss(), 1 - evaluation.accuracy()));
            }
        }
        return fromPoints(points);
    }

    /** (1 - t) a + t b on host vectors, in the same float arithmetic as the backend's; the ends copy exactly. */
    static Matrix interpolate(Matrix a, Matrix b, double t) {
        if (t == 0) return a.copy();
        if (t == 1) return b.copy();
        Matrix result = new Matrix(a.rows(), a.cols());
        float wa = (float) (1 - t), wb = (float) t;
        for (int i = 0; i < a.size(); i++) result.data()[i] = wa * a.data()[i] + wb * b.data()[i];
        return result;
    }

    /** out = (1 - t) a + t b on the flat parameter vectors; t = 0 and t = 1 copy exactly. */
    public static void interpolate(Backend backend, DeviceMatrix a, DeviceMatrix b, double t, DeviceMatrix out) {
        if (t == 0) backend.copy(a, out);
        else if (t == 1) backend.copy(b, out);
        else backend.addScaled((float) (1 - t), a, (float) t, b, out);
    }

    /** The barriers of a curve whose first and last points are the end models. */
    public static BarrierCurve fromPoints(List<Point> points) {
        double[] t = points.stream().mapToDouble(Point::t).toArray();
        return new BarrierCurve(points, barrier(t, points.stream().mapToDouble(Point::loss).toArray()),
                barrier(t, points.stream().mapToDouble(Point::error).toArray()));
    }

    /** max(0, max_k [v_k - ((1 - t_k) v_0 + t_k v_last)]). */
    public static double barrier(double[] t, double[] values) {
        double first = values[0], last = values[values.length - 1], worst = 0;
        for (int k = 0; k < values.length; k++) worst = Math.max(worst, values[k] - ((1 - t[k]) * first + t[k] * last));
        return worst;
    }

    /** Checks a --points value: 2 to 10001 points, both end models included. */
    public static void requirePointCount(int count) {
        if (count < 2 || count > 10_001) {
            throw InvalidInputException.forField("points", "{points} must be in [2, 10001] (both end models are points), got " + count);
        }
    }

    public List<Map<String, Object>> curveMaps() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Point p : points) list.add(p.toMap());
        return list;
    }
}
