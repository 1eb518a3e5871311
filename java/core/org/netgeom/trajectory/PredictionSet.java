package org.netgeom.trajectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netgeom.data.Npy;
import org.netgeom.data.NpyArray;
import org.netgeom.io.CsvTable;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.InvalidInputException;

/**
 * K models as points in prediction space (docs/methods/trajectory.md, Prediction points): each
 * point's class probabilities on the same N samples, stored as square roots, class-major (element
 * {@code c * samples + s} is sqrt(P[s, c])), which is the form every distance uses. Labels of
 * the samples, when known, define the truth point; the ignorance point is uniform.
 */
public final class PredictionSet {
    /** Row sums may differ from 1 by this much (float16 and float32 softmax round). */
    public static final double ROW_SUM_TOLERANCE = 1e-3;
    /** The index CSV's columns; {@code file} is relative to the collection's folder. */
    public static final List<String> INDEX_HEADER = PredictionSnapshots.INDEX_HEADER;
    public static final String INDEX_FILE = PredictionSnapshots.INDEX_FILE;
    /** Optional class indices of the N samples, as written by the snapshot callback. */
    public static final String LABELS_FILE = PredictionSnapshots.LABELS_FILE;

    /** Where a point came from; {@code name} is unique within a set. */
    public record Point(String name, String config, long seed, double epoch, long step) {}

    private final List<Point> points;
    private final List<float[]> sqrtRows;
    private final int samples;
    private final int classes;
    private final int[] labels;

    public PredictionSet(List<Point> points, List<float[]> sqrtRows, int samples, int classes, int[] labels) {
        if (points.size() != sqrtRows.size()) {
            throw new IllegalArgumentException(points.size() + " point descriptions for " + sqrtRows.size() + " points");
        }
        for (float[] row : sqrtRows) {
            if (row.length != (long) samples * classes) {
                throw new InvalidInputException("a point has " + row.length + " values; " + samples + " samples x "
                        + classes + " classes need " + (long) samples * classes);
            }
        }
        if (labels != null && labels.length != samples) {
            throw new InvalidInputException(labels.length + " labels for " + samples + " samples");
        }
        this.points = List.copyOf(points);
        this.sqrtRows = List.copyOf(sqrtRows);
        this.samples = samples;
        this.classes = classes;
        this.labels = labels == null ? null : labels.clone();
    }

    public int size() { return points.size(); }
    public int samples() { return samples; }
    public int classes() { return classes; }
    public List<Point> points() { return points; }
    public Point point(int i) { return points.get(i); }
    /** Point i's sqrt-probabilities, class-major; not copied, do not modify. */
    public float[] sqrtRow(int i) { return sqrtRows.get(i); }
    public boolean hasLabels() { return labels != null; }
    public int[] labels() { return labels == null ? null : labels.clone(); }

    /** sqrt(P_*): one-hot labels (needs labels). */
    public float[] truthRow() {
        if (labels == null) throw InvalidInputException.forField("labelsFile", "the truth point needs the samples' labels: "
                + LABELS_FILE + " beside the predictions, or a {labelsFile}");
        float[] row = new float[samples * classes];
        for (int s = 0; s < samples; s++) row[labels[s] * samples + s] = 1f;
        return row;
    }

    /** sqrt(P_0): every class 1/C. */
    public float[] ignoranceRow() {
        float[] row = new float[samples * classes];
        java.util.Arrays.fill(row, (float) Math.sqrt(1.0 / classes));
        return row;
    }

    /**
     * Prediction points from each point's [n, c] class probabilities (rows summing to 1, as
     * softmax gives them), all over the same n samples; {@code labels} (n class indices, or null)
     * are the samples' true classes, for the truth reference point.
     */
    public static PredictionSet fromProbabilities(List<Point> points, List<Matrix> probabilities, int[] labels) {
        if (points.size() != probabilities.size() || points.isEmpty()) {
            throw new InvalidInputException("give one probability matrix per point: " + points.size() + " points, "
                    + probabilities.size() + " matrices");
        }
        int samples = probabilities.getFirst().rows(), classes = probabilities.getFirst().cols();
        List<float[]> rows = new ArrayList<>();
        for (int p = 0; p < points.size(); p++) {
            Matrix m = probabilities.get(p);
            if (m.rows() != samples || m.cols() != classes) {
                throw new InvalidInputException("point " + points.get(p).name() + " has " + m.rows() + " x " + m.cols()
                        + " probabilities but the first has " + samples + " x " + classes);
            }
            double[] values = new double[m.data().length];
            for (int i = 0; i < values.length; i++) values[i] = m.data()[i];
            rows.add(toSqrtClassMajor(values, 0, samples, classes, false, "point " + points.get(p).name()));
        }
        return new PredictionSet(points, rows, samples, classes, labels);
    }

    /** These points plus ignorance (named "ignorance") and, with labels, truth ("truth"), last. */
    public PredictionSet withReferencePoints() {
        List<Point> newPoints = new ArrayList<>(points);
        List<float[]> rows = new ArrayList<>(sqrtRows);
        newPoints.add(new Point("ignorance", "ignorance", 0, Double.NaN, -1));
        rows.add(ignoranceRow());
        if (labels != null) {
            newPoints.add(new Point("truth", "truth", 0, Double.NaN, -1));
            rows.add(truthRow());
        }
        return new PredictionSet(newPoints, rows, samples, classes, labels);
    }

    /** The points at {@code indices}, in that order. */
    public PredictionSet subset(List<Integer> indices) {
        List<Point> newPoints = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int i : indices) {
            newPoints.add(points.get(i));
            rows.add(sqrtRows.get(i));
        }
        return new PredictionSet(newPoints, rows, samples, classes, labels);
    }

    /** All points of several sets over the same samples (labels must agree). */
    public static PredictionSet concatenate(List<PredictionSet> sets) {
        if (sets.isEmpty()) throw new InvalidInputException("no prediction sets to combine");
        PredictionSet first = sets.getFirst();
        List<Point> points = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (PredictionSet set : sets) {
            if (set.samples != first.samples || set.classes != first.classes
                    || !java.util.Arrays.equals(set.labels, first.labels)) {
                throw new InvalidInputException("prediction sets over different samples cannot be combined: "
                        + set.samples + "x" + set.classes + " vs " + first.samples + "x" + first.classes + " (or other labels)");
            }
            points.addAll(set.points);
            rows.addAll(set.sqrtRows);
        }
        return new PredictionSet(points, rows, first.samples, first.classes, first.labels);
    }

    // ---- reading ----

    /**
     * A collection folder (index.csv, optional labels.npy) or one .npy file of shape [N, C] or
     * [K, N, C]. With {@code logits} the values are softmaxed first. {@code labelsFile} (may be
     * null) overrides the folder's labels.
     */
    public static PredictionSet read(Path source, boolean logits, Path labelsFile) {
        PredictionSet set = Files.isDirectory(source) ? readCollection(source, logits) : readNpy(source, logits);
        if (labelsFile == null) return set;
        return new PredictionSet(set.points, set.sqrtRows, set.samples, set.classes, readLabels(labelsFile, set.samples, set.classes));
    }

    private static PredictionSet readCollection(Path folder, boolean logits) {
        Path indexFile = folder.resolve(INDEX_FILE);
        if (!Files.exists(indexFile)) {
            throw new InvalidInputException(folder + " has no " + INDEX_FILE + " (columns " + String.join(",", INDEX_HEADER)
                    + "); pass a folder written by training snapshots or a .npy file");
        }
        return readCollection(folder, CsvTable.read(indexFile), indexFile, logits);
    }

    /** The points {@code index} (read from {@code indexFile}) lists, each a .npy file inside {@code folder}. */
    static PredictionSet readCollection(Path folder, CsvTable index, Path indexFile, boolean logits) {
        for (String column : INDEX_HEADER) {
            if (!index.header().contains(column)) throw new InvalidInputException(indexFile + " lacks the column '" + column + "'");
        }
        if (index.rowCount() == 0) throw new InvalidInputException(indexFile + " lists no prediction files");
        List<Point> points = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        int samples = -1, classes = -1;
        for (int r = 0; r < index.rowCount(); r++) {
            Path file = fileInside(folder, index.value(r, "file"), indexFile, r);
            NpyArray array = Npy.read(file);
            if (array.rank() != 2) throw new InvalidInputException(file + " has shape " + array.shapeString() + "; each point is [N, C]");
            int n = (int) array.shape()[0], c = (int) array.shape()[1];
            if (samples >= 0 && (n != samples || c != classes)) {
                throw new InvalidInputException(file + " has shape " + array.shapeString() + " but earlier points are ("
                        + samples + ", " + classes + ")");
            }
            samples = n;
            classes = c;
            rows.add(toSqrtClassMajor(array.toDoubles(), 0, n, c, logits, file.toString()));
            String config = index.value(r, "config");
            long step = (long) index.doubleValue(r, "step");
            points.add(new Point(config + "@" + step, config, (long) index.doubleValue(r, "seed"),
                    index.doubleValue(r, "epoch"), step));
        }
        requireUniqueNames(points, indexFile);
        Path labels = folder.resolve(LABELS_FILE);
        return new PredictionSet(points, rows, samples, classes, Files.exists(labels) ? readLabels(labels, samples, classes) : null);
    }

    private static PredictionSet readNpy(Path file, boolean logits) {
        NpyArray array = Npy.read(file);
        long[] shape = array.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new InvalidInputException(file + " has shape " + array.shapeString() + "; predictions are [N, C] or [K, N, C]");
        }
        int k = shape.length == 3 ? (int) shape[0] : 1;
        int n = (int) shape[shape.length - 2], c = (int) shape[shape.length - 1];
        double[] values = array.toDoubles();
        List<Point> points = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        String stem = file.getFileName().toString().replaceFirst("\\.npy$", "");
        for (int i = 0; i < k; i++) {
            rows.add(toSqrtClassMajor(values, (long) i * n * c, n, c, logits, file + (k > 1 ? " point " + i : "")));
            points.add(new Point(k > 1 ? stem + "[" + i + "]" : stem, stem, 0, Double.NaN, i));
        }
        return new PredictionSet(points, rows, n, c, null);
    }

    /**
     * {@code name} resolved in {@code folder}, refused unless it stays there: an index file may
     * come from elsewhere, and must not make netgeom read /etc/passwd or ../../secrets.npy,
     * directly or through a symbolic link.
     */
    static Path fileInside(Path folder, String name, Path indexFile, int row) {
        Path base = folder.toAbsolutePath().normalize();
        String problem = null;
        Path file = null;
        try {
            Path relative = Path.of(name);
            if (name.isBlank()) problem = "is empty";
            else if (relative.isAbsolute()) problem = "is an absolute path";
            else if (containsParent(relative)) problem = "climbs out with '..'";
            else file = base.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            problem = "is not a valid file name";
        }
        if (problem == null && !file.startsWith(base)) problem = "lies outside the folder";
        if (problem == null && Files.exists(file) && !realPathInside(file, folder)) problem = "links outside the folder";
        if (problem != null) {
            String shown = name.length() <= 80 ? name : name.substring(0, 77) + "...";
            throw new InvalidInputException(indexFile + " row " + (row + 1) + ": file '" + shown + "' " + problem
                    + "; the file column names .npy files inside " + folder + " (like config_step10.npy)");
        }
        return file;
    }

    private static boolean containsParent(Path relative) {
        for (Path part : relative) if (part.toString().equals("..")) return true;
        return false;
    }

    private static boolean realPathInside(Path file, Path folder) {
        try {
            return file.toRealPath().startsWith(folder.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireUniqueNames(List<Point> points, Path indexFile) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Point p : points) {
            if (!seen.add(p.name())) {
                throw new InvalidInputException(indexFile + " lists config '" + p.config() + "' at step " + p.step()
                        + " twice; each (config, step) must appear once");
            }
        }
    }

    static int[] readLabels(Path file, int samples, int classes) {
        NpyArray array = Npy.read(file);
        double[] values = array.toDoubles();
        if (values.length != samples) {
            throw new InvalidInputException(file + " holds " + values.length + " labels but the predictions cover " + samples + " samples");
        }
        int[] labels = new int[samples];
        for (int s = 0; s < samples; s++) {
            double v = values[s];
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new InvalidInputException(file + " label " + s + " is " + v + "; labels are class indices in [0, " + classes + ")");
            }
            labels[s] = (int) v;
        }
        return labels;
    }

    /**
     * sqrt of the [n, c] probabilities (or softmax of logits) at {@code values[offset..]}, class-major.
     * Rows holding NaN, negative values or not summing to 1 (within {@link #ROW_SUM_TOLERANCE})
     * are an {@link InvalidInputException} naming {@code where} and the row.
     */
    public static float[] toSqrtClassMajor(double[] values, long offset, int n, int c, boolean logits, String where) {
        float[] out = new float[n * c];
        double[] row = new double[c];
        for (int s = 0; s < n; s++) {
            long base = offset + (long) s * c;
            for (int k = 0; k < c; k++) row[k] = values[(int) (base + k)];
            if (logits) softmaxInPlace(row, where, s);
            double sum = 0;
            for (int k = 0; k < c; k++) {
                if (!(row[k] >= -1e-7) || row[k] > 1 + ROW_SUM_TOLERANCE) {
                    throw InvalidInputException.forField("logits", where + " row " + s + " holds " + row[k] + " in class " + k
                            + "; probabilities lie in [0, 1]: read with {logits} if the values are raw scores");
                }
                sum += row[k];
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw InvalidInputException.forField("logits", where + " row " + s + " sums to " + sum + ", not 1 (within "
                        + ROW_SUM_TOLERANCE + "): read with {logits} if the values are raw scores");
            }
            for (int k = 0; k < c; k++) out[k * n + s] = (float) Math.sqrt(Math.max(row[k], 0) / sum);
        }
        return out;
    }

    private static void softmaxInPlace(double[] row, String where, int sample) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            if (Double.isNaN(v)) throw new InvalidInputException(where + " row " + sample + " holds NaN logits");
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < row.length; k++) sum += row[k] = Math.exp(row[k] - max);
        for (int k = 0; k < row.length; k++) row[k] /= sum;
    }
}
