package org.netgeom.bmd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.data.Dataset;
import org.netgeom.data.InputBinarization;
import org.netgeom.nn.Model;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/**
 * How a classifier's predictions survive random input flips (docs/methods/bmd.md, Robustness): for
 * each k of a grid, flip k random coordinates of every example (negate them on +-1 inputs, as the
 * {@code data} BMD distribution does; elsewhere reflect them around the data's mean of that
 * coordinate, as {@code data-reflect} does) and count changed predictions and
 * the accuracy lost. Each example draws one seeded random order of its coordinates and flips the
 * first k, so the flipped sets grow with k.
 */
public final class Robustness {
    /** Flip orders: 2^42 + row, past the BMD points' streams and the heat equation's (2^41 + k). */
    public static final long ORDER_STREAM_BASE = 1L << 42;
    private static final int ROWS_PER_CALL = 4096;

    /** One grid point: the fraction of predictions that changed, the accuracy after flipping, and the drop from clean. */
    public record Point(int flips, double changedFraction, double accuracy, double accuracyDrop) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("flips", flips);
            m.put("changed_fraction", changedFraction);
            m.put("accuracy", accuracy);
            m.put("accuracy_drop", accuracyDrop);
            return m;
        }
    }

    /** The clean accuracy and one point per flip count. */
    public record Result(double cleanAccuracy, List<Point> points) {}

    private Robustness() {}

    /**
     * Measures a classifier on labelled {@code data} for each flip count in {@code flipCounts};
     * {@code seed} draws the flip orders.
     */
    public static Result measure(Model model, Dataset data, int[] flipCounts, long seed) {
        if (!data.isClassification()) {
            throw new InvalidInputException("robustness counts changed class predictions and needs class labels; '"
                    + data.name() + "' is a regression data set");
        }
        int d = data.inputDim();
        if (d != model.inputDim()) {
            throw new InvalidInputException("the model takes " + model.inputDim() + " inputs but the data has " + d + " features");
        }
        for (int k : flipCounts) {
            if (k < 0 || k > d) throw InvalidInputException.forField("flipCounts", "{flipCounts} must be in [0, " + d + "] (the input size), got " + k);
        }
        int[] clean = predict(model, data.inputs());
        double cleanAccuracy = accuracy(clean, data);
        int[][] orders = new int[data.size()][];
        for (int e = 0; e < data.size(); e++) orders[e] = Philox.permutation(d, seed, ORDER_STREAM_BASE + e);
        // On +-1 (binarized) inputs a flip is a true sign flip, as in the BMD's data distribution.
        double[] centres = InputBinarization.isBinary(data.inputs()) ? new double[d] : data.featureStatistics().means();
        List<Point> points = new ArrayList<>();
        for (int k : flipCounts) {
            Matrix flipped = data.inputs().copy();
            for (int e = 0; e < data.size(); e++) {
                for (int j = 0; j < k; j++) {
                    int column = orders[e][j];
                    int index = e * d + column;
                    flipped.data()[index] = (float) (2 * centres[column] - flipped.data()[index]);
                }
            }
            int[] predicted = predict(model, flipped);
            int changed = 0;
            for (int e = 0; e < predicted.length; e++) if (predicted[e] != clean[e]) changed++;
            double accuracy = accuracy(predicted, data);
            points.add(new Point(k, (double) changed / data.size(), accuracy, cleanAccuracy - accuracy));
        }
        return new Result(cleanAccuracy, points);
    }

    /** Class predictions: argmax of the outputs (lowest index on ties), or output > 0 for a single output. */
    static int[] predict(Model model, Matrix inputs) {
        Backend backend = model.backend();
        int n = inputs.rows(), outputs = model.outputDim();
        int[] classes = new int[n];
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix x = scope.upload(inputs);
            DeviceMatrix out = scope.allocate(Math.min(ROWS_PER_CALL, Math.max(1, n)), outputs);
            for (int first = 0; first < n; first += ROWS_PER_CALL) {
                int rows = Math.min(ROWS_PER_CALL, n - first);
                DeviceMatrix xRows = backend.view(x, (long) first * inputs.cols(), rows, inputs.cols());
                DeviceMatrix outRows = rows == out.rows() ? out : backend.view(out, 0, rows, outputs);
                model.predict(xRows, outRows);
                float[] values = backend.download(outRows).data();
                for (int r = 0; r < rows; r++) classes[first + r] = decide(values, r * outputs, outputs);
            }
        }
        return classes;
    }

    private static int decide(float[] values, int offset, int outputs) {
        if (outputs == 1) return values[offset] > 0 ? 1 : 0;
        int best = 0;
        for (int k = 1; k < outputs; k++) if (values[offset + k] > values[offset + best]) best = k;
        return best;
    }

    private static double accuracy(int[] predicted, Dataset data) {
        int right = 0;
        for (int e = 0; e < predicted.length; e++) if (predicted[e] == data.label(e)) right++;
        return (double) right / predicted.length;
    }
}
