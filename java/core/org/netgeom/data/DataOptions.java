package org.netgeom.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.netgeom.tensor.InvalidInputException;

/**
 * How to load a data set (the CLI's data options). Which fields apply depends on the kind:
 * <ul>
 *   <li>{@code trainSize}, {@code testSize}: examples per split. 0 means the kind's default:
 *       every example of a file data set, 1000 for a teacher. A file data set keeps its
 *       first n examples (after the class filter): Fashion-MNIST's files are already in
 *       random order, and the first n are the same on every machine without a seed.</li>
 *   <li>{@code classes}: keep only these classes, relabelled 0..k-1 in the order given; empty
 *       keeps all. Classification data only.</li>
 *   <li>{@code inputDim}, {@code noise}, {@code teacherWidth}, {@code teacherClasses}: the
 *       synthetic teachers (see {@link Teacher}); noise is a Gaussian std for teacher:linear
 *       and a label-flip probability for teacher:sign and teacher:mlp. For a file data set
 *       with class labels (Fashion-MNIST, .npy) noise is the probability that a training
 *       label is replaced by another class, drawn uniformly with {@code seed} (label noise,
 *       the usual way to make double descent visible); test labels stay clean.</li>
 *   <li>{@code seed}: teachers' draws and the hold-out split of .npy data without a test set.</li>
 *   <li>{@code standardize}: per-feature statistics of the training split applied to both.</li>
 *   <li>{@code directory}: where the Fashion-MNIST files are.</li>
 *   <li>{@code testFraction}: the share of a .npy data set held out when no test files are given.</li>
 *   <li>{@code labelClasses}: the number of classes of .npy labels; 0 infers max label + 1.</li>
 * </ul>
 */
public record DataOptions(int trainSize, int testSize, List<Integer> classes, int inputDim, double noise, long seed,
                          boolean standardize, Path directory, int teacherWidth, int teacherClasses,
                          double testFraction, int labelClasses) {
    /** Row indices travel to the device as float32, exact up to 2^24 (see Backend). */
    public static final int MAX_EXAMPLES = 1 << 24;
    public static final int MAX_INPUT_DIM = 1 << 20;
    public static final int MAX_TEACHER_WIDTH = 1 << 16;
    public static final int MAX_CLASSES = 1 << 16;
    public static final int DEFAULT_TEACHER_SIZE = 1000;

    public DataOptions {
        requireRange("trainSize", trainSize, 0, MAX_EXAMPLES, " (0 means the data set's default)");
        requireRange("testSize", testSize, 0, MAX_EXAMPLES, " (0 means the data set's default)");
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
        for (int c : classes) requireRange("classes", c, 0, MAX_CLASSES - 1, "");
        if (new HashSet<>(classes).size() != classes.size()) {
            throw InvalidInputException.forField("classes", "{classes} " + classes + " lists a class twice; list each class once");
        }
        requireRange("inputDim", inputDim, 1, MAX_INPUT_DIM, "");
        if (!Double.isFinite(noise) || noise < 0) {
            throw InvalidInputException.forField("noise", "{noise} must be a finite number >= 0, got " + noise);
        }
        Objects.requireNonNull(directory, "directory");
        requireRange("teacherWidth", teacherWidth, 1, MAX_TEACHER_WIDTH, "");
        requireRange("teacherClasses", teacherClasses, 2, MAX_CLASSES, "");
        if (!(testFraction > 0 && testFraction < 1)) {
            throw InvalidInputException.forField("testFraction", "{testFraction} must be between 0 and 1 (exclusive), got " + testFraction);
        }
        requireRange("labelClasses", labelClasses, 0, MAX_CLASSES, " (0 infers the largest label + 1)");
    }

    private static void requireRange(String field, long value, long min, long max, String note) {
        if (value < min || value > max) {
            throw InvalidInputException.forField(field, "{" + field + "} must be between " + min + " and " + max + note + ", got " + value);
        }
    }

    /** Every field at its default: all examples, all classes, d = 100, no noise, seed 0. */
    public static DataOptions defaults() {
        return new DataOptions(0, 0, List.of(), 100, 0.0, 0L, false, FashionMnist.DEFAULT_DIRECTORY, 32, 10, 0.2, 0);
    }

    public DataOptions withTrainSize(int value) {
        return new DataOptions(value, testSize, classes, inputDim, noise, seed, standardize, directory, teacherWidth,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withTestSize(int value) {
        return new DataOptions(trainSize, value, classes, inputDim, noise, seed, standardize, directory, teacherWidth,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withClasses(List<Integer> value) {
        return new DataOptions(trainSize, testSize, value, inputDim, noise, seed, standardize, directory, teacherWidth,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withInputDim(int value) {
        return new DataOptions(trainSize, testSize, classes, value, noise, seed, standardize, directory, teacherWidth,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withNoise(double value) {
        return new DataOptions(trainSize, testSize, classes, inputDim, value, seed, standardize, directory, teacherWidth,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withSeed(long value) {
        return new DataOptions(trainSize, testSize, classes, inputDim, noise, value, standardize, directory, teacherWidth,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withStandardize(boolean value) {
        return new DataOptions(trainSize, testSize, classes, inputDim, noise, seed, value, directory, teacherWidth,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withDirectory(Path value) {
        return new DataOptions(trainSize, testSize, classes, inputDim, noise, seed, standardize, value, teacherWidth,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withTeacherWidth(int value) {
        return new DataOptions(trainSize, testSize, classes, inputDim, noise, seed, standardize, directory, value,
                teacherClasses, testFraction, labelClasses);
    }

    public DataOptions withTeacherClasses(int value) {
        return new DataOptions(trainSize, testSize, classes, inputDim, noise, seed, standardize, directory, teacherWidth,
                value, testFraction, labelClasses);
    }

    public DataOptions withTestFraction(double value) {
        return new DataOptions(trainSize, testSize, classes, inputDim, noise, seed, standardize, directory, teacherWidth,
                teacherClasses, value, labelClasses);
    }

    public DataOptions withLabelClasses(int value) {
        return new DataOptions(trainSize, testSize, classes, inputDim, noise, seed, standardize, directory, teacherWidth,
                teacherClasses, testFraction, value);
    }
}
