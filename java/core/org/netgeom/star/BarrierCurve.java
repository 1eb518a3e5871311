package org.netgeom.star;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
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
 * The data stay resident on the backend; each t costs one pass over them.
 */
public record BarrierCurve(List<Point> points, double barrierLoss, double barrierError) {
    /**
     * Rows per evaluation batch: a 10,000-row test set in one pass (one GEMM per layer and t), and
     * still only 32 MB of activations per 512 hidden units.
     */
    private static final int EVALUATION_BATCH = 16384;

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
    public static BarrierCurve compute(Mlp a, Mlp b, ResidentData data, Loss loss, int count) {
        requirePointCount(count);
        StarModels.requireCompatible(a, "model a", b, "model b");
        Backend backend = a.backend();
        List<Point> points = new ArrayList<>();
        // Every t is queued on the backend with its stats in its own row, and read back once.
        try (Mlp probe = StarModels.sameShape(a); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix stats = scope.allocate(count, 2);
            for (int k = 0; k < count; k++) {
                interpolate(backend, a.parameters(), b.parameters(), k / (double) (count - 1), probe.parameters());
                Evaluator.accumulate(probe, loss, data.inputs(), data.targets(), EVALUATION_BATCH, backend.view(stats, 2L * k, 1, 2));
            }
            Matrix totals = backend.download(stats);
            for (int k = 0; k < count; k++) {
                Evaluator.Evaluation evaluation = Evaluator.evaluation(totals, k, data.inputs().rows());
                points.add(new Point(k / (double) (count - 1), evaluation.loss(), 1 - evaluation.accuracy()));
            }
        }
        return fromPoints(points);
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
