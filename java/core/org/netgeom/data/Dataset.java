package org.netgeom.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;
import org.netgeom.tensor.ShapeMismatchException;

/**
 * Examples for training or evaluation: {@code inputs} is n x d, one example per row. With
 * {@code classes > 0} the task is classification and {@code targets} is n x 1 holding class
 * indices 0..classes-1 as floats (the Backend's label convention); with {@code classes == 0}
 * it is regression and {@code targets} is n x k. The constructor rejects a data set a model
 * could not train on: row counts that differ, labels that are not class indices, NaN or
 * infinite values. The matrices are not copied; derived data sets get fresh ones.
 */
public record Dataset(String name, Matrix inputs, Matrix targets, int classes) {

    public Dataset {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(targets, "targets");
        if (name == null || name.isBlank()) throw new InvalidInputException("a data set needs a non-empty name");
        if (classes < 0) {
            throw new InvalidInputException("data set '" + name + "': classes must be >= 0 (0 means regression), got "
                    + classes);
        }
        if (inputs.rows() != targets.rows()) {
            throw new ShapeMismatchException("data set '" + name + "' has " + inputs.rows() + " input rows but "
                    + targets.rows() + " target rows; inputs and targets need one row per example");
        }
        requireFinite(name, "inputs", inputs);
        requireFinite(name, "targets", targets);
        if (classes > 0) requireClassIndices(name, targets, classes);
    }

    private static void requireFinite(String name, String what, Matrix m) {
        float[] values = m.data();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException("data set '" + name + "': " + what + " row " + i / m.cols()
                        + ", column " + i % m.cols() + " is " + values[i]
                        + "; remove or replace non-finite values before loading");
            }
        }
    }

    private static void requireClassIndices(String name, Matrix targets, int classes) {
        if (targets.cols() != 1) {
            throw new ShapeMismatchException("data set '" + name + "' has " + classes + " classes, so its targets must be"
                    + " one column of class indices, got " + targets.shape());
        }
        float[] labels = targets.data();
        for (int row = 0; row < labels.length; row++) {
            float label = labels[row];
            if (label != Math.rint(label) || label < 0 || label >= classes) {
                throw new InvalidInputException("data set '" + name + "': label at row " + row + " is " + label
                        + "; labels must be whole class indices in [0, " + classes + ")");
            }
        }
    }

    /** Number of examples. */
    public int size() { return inputs.rows(); }

    /** Number of input features. */
    public int inputDim() { return inputs.cols(); }

    /** Columns of the targets: 1 for classification, k for regression. */
    public int targetDim() { return targets.cols(); }

    /**
     * Whether the targets are class indices ({@code classes > 0}) rather than regression values.
     */
    public boolean isClassification() { return classes > 0; }

    /** The class index of example {@code row} (classification only). */
    public int label(int row) {
        requireClassification("label");
        return (int) targets.get(row, 0);
    }

    /** How many examples each class has, indexed by class. */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[classes];
        for (float label : targets.data()) counts[(int) label]++;
        return counts;
    }

    /** The examples at {@code rows}, in that order (repeats allowed). */
    public Dataset subset(int[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= size()) {
                throw new InvalidInputException("data set '" + name + "' has " + size() + " examples; row index "
                        + rows[i] + " (position " + i + ") is out of range");
            }
        }
        return new Dataset(name, gather(inputs, rows), gather(targets, rows), classes);
    }

    /** The first {@code count} examples. */
    public Dataset firstRows(int count) {
        if (count < 0 || count > size()) {
            throw new InvalidInputException("data set '" + name + "' has " + size() + " examples; cannot take the first "
                    + count + " (use a size between 0 and " + size() + ")");
        }
        return new Dataset(name, inputs.rowRange(0, count), targets.rowRange(0, count), classes);
    }

    /**
     * Only the examples of the classes in {@code keep}, relabelled 0..keep.length-1 in the order
     * given: withClasses(3, 5) keeps classes 3 and 5 as 0 and 1.
     */
    public Dataset withClasses(int... keep) {
        requireClassification("a class filter");
        int[] newLabel = classMapping(keep);
        int kept = 0;
        for (float label : targets.data()) if (newLabel[(int) label] >= 0) kept++;
        int[] rows = new int[kept];
        float[] labels = new float[kept];
        for (int row = 0, next = 0; row < size(); row++) {
            int mapped = newLabel[label(row)];
            if (mapped < 0) continue;
            rows[next] = row;
            labels[next++] = mapped;
        }
        String filteredName = name + " (classes " + joined(keep) + ")";
        return new Dataset(filteredName, gather(inputs, rows), new Matrix(kept, 1, labels), keep.length);
    }

    private int[] classMapping(int[] keep) {
        if (keep.length == 0) throw new InvalidInputException("a class filter needs at least one class");
        int[] newLabel = new int[classes];
        Arrays.fill(newLabel, -1);
        for (int i = 0; i < keep.length; i++) {
            int c = keep[i];
            if (c < 0 || c >= classes) {
                throw new InvalidInputException("class " + c + " is not in data set '" + name + "', which has classes 0.."
                        + (classes - 1));
            }
            if (newLabel[c] >= 0) throw new InvalidInputException("class " + c + " is listed twice in the class filter");
            newLabel[c] = i;
        }
        return newLabel;
    }

    /**
     * These examples with each label, with probability {@code probability}, replaced by one of
     * the other classes drawn uniformly: Philox stream {@code stream} of {@code seed} gives two
     * uniforms per example (whether to flip, and to which class).
     */
    public Dataset withLabelNoise(double probability, long seed, long stream) {
        requireClassification("label noise");
        if (!(probability >= 0 && probability <= 1)) {
            throw new InvalidInputException("label noise must be a probability in [0, 1], got " + probability);
        }
        float[] draws = new float[2 * size()];
        Philox.fillUniform(draws, 0, draws.length, seed, stream, 0f, 1f);
        float[] labels = targets.data().clone();
        for (int row = 0; row < labels.length; row++) {
            if (draws[2 * row] >= probability || classes < 2) continue;
            // u < 1 keeps the offset in 1..classes-1: another class, uniformly.
            labels[row] = (label(row) + 1 + (int) (draws[2 * row + 1] * (double) (classes - 1))) % classes;
        }
        return new Dataset(name + " (label noise " + probability + ")", inputs, new Matrix(size(), 1, labels), classes);
    }

    /** Per-feature mean and standard deviation of these inputs, to apply to this or another set. */
    public Standardization featureStatistics() { return Standardization.of(this); }

    /** These examples with {@code statistics} applied to the inputs (see {@link Standardization}). */
    public Dataset standardized(Standardization statistics) { return statistics.apply(this); }

    /** The same examples under another name. */
    public Dataset withName(String newName) { return new Dataset(newName, inputs, targets, classes); }

    /**
     * One line describing the set, the same for the same data: name, shape, task and, for
     * classification, the examples per class.
     */
    public String summary() {
        String shape = name + ": " + size() + " examples x " + inputDim() + " features, ";
        if (!isClassification()) {
            return shape + "regression with " + targetDim() + (targetDim() == 1 ? " target" : " targets");
        }
        return shape + classes + (classes == 1 ? " class" : " classes") + " (per class: " + joined(classCounts()) + ")";
    }

    @Override
    public String toString() { return "Dataset[" + summary() + "]"; }

    private void requireClassification(String what) {
        if (!isClassification()) {
            throw new InvalidInputException(what + " needs class labels, but data set '" + name
                    + "' is a regression task");
        }
    }

    private static Matrix gather(Matrix source, int[] rows) {
        int cols = source.cols();
        Matrix out = new Matrix(rows.length, cols);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(source.data(), rows[i] * cols, out.data(), i * cols, cols);
        }
        return out;
    }

    private static String joined(int[] values) {
        StringJoiner joiner = new StringJoiner(",");
        for (int v : values) joiner.add(Integer.toString(v));
        return joiner.toString();
    }
}
