package org.netgeom.bmd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.data.Dataset;
import org.netgeom.io.Progress;
import org.netgeom.nn.InputGradient;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * Robust accuracy under gradient attacks (docs/methods/bmd.md, Gradient attacks), from the
 * per-example input gradient g of the true label's cross-entropy ({@link InputGradient}):
 * <ul>
 *   <li>FGSM: x' = clip(x + eps d(g)), one step;</li>
 *   <li>PGD: from x itself (no random start), {@code steps} times x = clip(P(x + a d(g(x)))), P the
 *       projection onto the eps-ball around the clean x, a = eps / 4 unless given;</li>
 *   <li>greedy-flip (+-1 inputs only): the k coordinates with the largest first-order gain of a sign
 *       flip, -2 x_i g_i, flipped at once (ties: lower index first).</li>
 * </ul>
 * d(g) = sign(g) under L-inf, g / |g|_2 under L2 (0 where g = 0); clip is the data's valid range.
 * The gradient runs on the model's backend; the steps, projections and clipping run on the host in
 * float64 and are stored as float32, one row at a time, so the bits do not depend on threads or on
 * how rows are batched. Robust accuracy counts the final iterate's predictions that equal the label.
 */
public final class GradientAttack {
    private static final int ROWS_PER_CALL = 512;

    /** One row: a budget (eps, or k flips) and how the predictions fared. */
    public record Point(double epsilon, int flips, double stepSize, int steps, double robustAccuracy, double changedFraction) {
        /** epsilon, step_size, steps (fgsm, pgd) or flips (greedy-flip), robust_accuracy, changed_fraction. */
        public Map<String, Object> toMap(AttackSettings.Attack attack) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (attack == AttackSettings.Attack.GREEDY_FLIP) {
                m.put("flips", flips);
            } else {
                m.put("epsilon", epsilon);
                m.put("step_size", stepSize);
                m.put("steps", steps);
            }
            m.put("robust_accuracy", robustAccuracy);
            m.put("changed_fraction", changedFraction);
            return m;
        }
    }

    /** The clean accuracy and one point per budget, under the settings that made them. */
    public record Result(AttackSettings settings, double cleanAccuracy, List<Point> points) {}

    private GradientAttack() {}

    /** Attacks every example of {@code data} (class labels, inputs the model's size) at every budget of {@code settings}. */
    public static Result measure(TrainableModel model, Dataset data, AttackSettings settings, Progress progress) {
        check(model, data, settings);
        int[] clean = Robustness.predict(model, data.inputs());
        double cleanAccuracy = accuracy(clean, data);
        List<Point> points = new ArrayList<>();
        if (settings.attack() == AttackSettings.Attack.GREEDY_FLIP) {
            Matrix gradients = gradients(model, data, data.inputs());
            progress.step();
            for (int k : settings.flipCounts()) {
                Matrix flipped = greedyFlips(data.inputs(), gradients, k);
                points.add(point(Double.NaN, k, Double.NaN, 1, Robustness.predict(model, flipped), clean, data));
                progress.step();
            }
        } else {
            for (double eps : settings.epsilon()) {
                Matrix attacked = attack(model, data, settings, eps, progress);
                points.add(point(eps, 0, settings.stepFor(eps), settings.effectiveSteps(), Robustness.predict(model, attacked), clean, data));
            }
        }
        return new Result(settings, cleanAccuracy, points);
    }

    /**
     * Throws what {@link #measure} would refuse, before any work: regression data, inputs of
     * another size, greedy flips of inputs that are not all +-1 or of more coordinates than there are.
     */
    public static void check(TrainableModel model, Dataset data, AttackSettings settings) {
        if (!data.isClassification()) {
            throw new InvalidInputException("attacks raise the cross-entropy of the true class and need class labels; '"
                    + data.name() + "' is a regression data set");
        }
        if (data.inputDim() != model.inputDim()) {
            throw new InvalidInputException("the model takes " + model.inputDim() + " inputs but the data has " + data.inputDim() + " features");
        }
        if (settings.attack() != AttackSettings.Attack.GREEDY_FLIP) return;
        requireSigns(data);
        for (int k : settings.flipCounts()) {
            if (k > data.inputDim()) {
                throw InvalidInputException.forField("flipCounts", "{flipCounts} must be at most the input size " + data.inputDim() + ", got " + k);
            }
        }
    }

    /** Progress units {@link #measure} reports: gradient steps per budget, plus one per greedy flip count. */
    public static long progressUnits(AttackSettings settings) {
        if (settings.attack() == AttackSettings.Attack.GREEDY_FLIP) return 1 + settings.flipCounts().length;
        return (long) settings.epsilon().length * settings.effectiveSteps();
    }

    /** FGSM or PGD at budget {@code eps}: the attacked inputs (n x d). */
    static Matrix attack(TrainableModel model, Dataset data, AttackSettings settings, double eps, Progress progress) {
        Matrix clean = data.inputs();
        Matrix x = clean.copy();
        double step = settings.stepFor(eps);
        AttackSettings.ValidRange range = settings.validRange();
        int d = clean.cols();
        for (int s = 0; s < settings.effectiveSteps(); s++) {
            Matrix g = gradients(model, data, x);
            for (int r = 0; r < x.rows(); r++) {
                int base = r * d;
                if (settings.norm() == AttackSettings.Norm.LINF) {
                    for (int i = base; i < base + d; i++) {
                        double moved = x.data()[i] + step * Math.signum(g.data()[i]);
                        double x0 = clean.data()[i];
                        moved = Math.min(x0 + eps, Math.max(x0 - eps, moved));
                        x.data()[i] = (float) clip(moved, range);
                    }
                } else {
                    l2Step(x.data(), clean.data(), g.data(), base, d, step, eps, range);
                }
            }
            progress.step();
        }
        return x;
    }

    /** x <- clip(x0 + Proj_{|delta|_2 <= eps}(x - x0 + a g / |g|_2)) on one row; clipping keeps it in the ball (x0 lies in the range). */
    private static void l2Step(float[] x, float[] clean, float[] g, int base, int d, double step, double eps,
                               AttackSettings.ValidRange range) {
        double gradientNorm = 0;
        for (int i = base; i < base + d; i++) gradientNorm += (double) g[i] * g[i];
        gradientNorm = Math.sqrt(gradientNorm);
        double scale = gradientNorm > 0 ? step / gradientNorm : 0;
        double[] delta = new double[d];
        double deltaNorm = 0;
        for (int i = 0; i < d; i++) {
            delta[i] = x[base + i] + scale * g[base + i] - clean[base + i];
            deltaNorm += delta[i] * delta[i];
        }
        deltaNorm = Math.sqrt(deltaNorm);
        double shrink = deltaNorm > eps ? eps / deltaNorm : 1;
        for (int i = 0; i < d; i++) x[base + i] = (float) clip(clean[base + i] + shrink * delta[i], range);
    }

    /** Each row with its k highest-gain coordinates flipped: gain_i = -2 x_i g_i, the first-order rise of the loss. */
    static Matrix greedyFlips(Matrix inputs, Matrix gradients, int k) {
        Matrix flipped = inputs.copy();
        int d = inputs.cols();
        for (int r = 0; r < inputs.rows(); r++) {
            int base = r * d;
            Integer[] order = new Integer[d];
            double[] gain = new double[d];
            for (int i = 0; i < d; i++) {
                order[i] = i;
                gain[i] = -2.0 * inputs.data()[base + i] * gradients.data()[base + i];
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(gain[b], gain[a])); // stable: ties keep the lower index first
            for (int j = 0; j < k; j++) flipped.data()[base + order[j]] = -inputs.data()[base + order[j]];
        }
        return flipped;
    }

    /** Per-example input gradients of the cross-entropy at {@code inputs} (n x d), on the model's backend in chunks of rows. */
    static Matrix gradients(TrainableModel model, Dataset data, Matrix inputs) {
        Backend backend = model.backend();
        int n = inputs.rows(), d = inputs.cols();
        Matrix out = new Matrix(n, d);
        try (InputGradient gradient = new InputGradient(model); MemoryScope scope = new MemoryScope(backend)) {
            int capacity = Math.min(ROWS_PER_CALL, Math.max(1, n));
            DeviceMatrix xBuffer = scope.allocate(capacity, d), yBuffer = scope.allocate(capacity, 1);
            for (int first = 0; first < n; first += ROWS_PER_CALL) {
                int rows = Math.min(ROWS_PER_CALL, n - first);
                Matrix chunk = new Matrix(rows, d);
                System.arraycopy(inputs.data(), first * d, chunk.data(), 0, rows * d);
                Matrix labels = new Matrix(rows, 1);
                for (int r = 0; r < rows; r++) labels.set(r, 0, data.label(first + r));
                DeviceMatrix x = rows == capacity ? xBuffer : backend.view(xBuffer, 0, rows, d);
                DeviceMatrix y = rows == capacity ? yBuffer : backend.view(yBuffer, 0, rows, 1);
                backend.upload(chunk, x);
                backend.upload(labels, y);
                float[] g = backend.download(gradient.crossEntropy(x, y, null)).data();
                System.arraycopy(g, 0, out.data(), first * d, rows * d);
            }
        }
        return out;
    }

    private static double clip(double value, AttackSettings.ValidRange range) {
        return Math.min(range.upper(), Math.max(range.lower(), value));
    }

    private static void requireSigns(Dataset data) {
        float[] values = data.inputs().data();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 1f && values[i] != -1f) {
                int d = data.inputDim();
                throw new InvalidInputException("greedy-flip flips the signs of +-1 inputs, but '" + data.name() + "' has the value "
                        + values[i] + " (row " + i / d + ", input " + i % d + "): attack a model trained on binarized inputs (--binarize)");
            }
        }
    }

    private static Point point(double eps, int flips, double step, int steps, int[] predicted, int[] clean, Dataset data) {
        int changed = 0;
        for (int e = 0; e < predicted.length; e++) if (predicted[e] != clean[e]) changed++;
        return new Point(eps, flips, step, steps, accuracy(predicted, data), (double) changed / predicted.length);
    }

    private static double accuracy(int[] predicted, Dataset data) {
        int right = 0;
        for (int e = 0; e < predicted.length; e++) if (predicted[e] == data.label(e)) right++;
        return (double) right / predicted.length;
    }
}
