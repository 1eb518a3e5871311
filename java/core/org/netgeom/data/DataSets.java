package org.netgeom.data;

import java.util.List;
import org.netgeom.tensor.InvalidInputException;

/**
 * Loads the data set a {@link DataSpec} names, shaped by {@link DataOptions}: read or
 * generate both splits, keep the chosen classes, keep the first n examples of file data sets,
 * and standardize with the training split's statistics. The steps run in that order, so the
 * statistics describe exactly the examples trained on.
 */
public final class DataSets {

    private DataSets() {}

    /**
     * Both splits of the data set {@code spec} names, filtered, cut and standardized as {@code
     * options} say.
     */
    public static DataSplit load(DataSpec spec, DataOptions options) {
        DataSplit split = switch (spec.kind()) {
            case FASHION_MNIST -> FashionMnist.load(options.directory());
            case CIFAR10 -> Cifar10.load(options.directory());
            case NPY -> NpyDatasets.load(spec.npyFiles(), options);
            case TEACHER_LINEAR, TEACHER_SIGN, TEACHER_MLP -> teacher(spec.kind().teacher(), options);
        };
        if (!options.classes().isEmpty()) split = filterClasses(split, options.classes());
        if (spec.kind().teacher() == null) {
            split = firstRows(split, options.trainSize(), options.testSize());
            if (options.noise() > 0) split = withTrainingLabelNoise(split, options);
        }
        requireExamples(split.train(), options);
        requireExamples(split.test(), options);
        if (options.standardize()) {
            Standardization statistics = split.train().featureStatistics();
            split = new DataSplit(split.train().standardized(statistics), split.test().standardized(statistics));
        }
        return split;
    }

    /** Parses {@code data} (see {@link DataSpec#parse}) and loads it. */
    public static DataSplit load(String data, DataOptions options) { return load(DataSpec.parse(data), options); }

    private static DataSplit teacher(Teacher.Kind kind, DataOptions options) {
        Teacher teacher = new Teacher(kind, options.inputDim(), options.teacherWidth(), options.teacherClasses(),
                options.noise(), options.seed());
        return teacher.generate(orDefault(options.trainSize()), orDefault(options.testSize()));
    }

    private static int orDefault(int size) { return size == 0 ? DataOptions.DEFAULT_TEACHER_SIZE : size; }

    private static DataSplit filterClasses(DataSplit split, List<Integer> classes) {
        if (!split.train().isClassification()) {
            throw new InvalidInputException("a class filter (classes " + classes + ") needs class labels, but '"
                    + split.train().name() + "' is a regression task; drop the class filter");
        }
        int[] keep = classes.stream().mapToInt(Integer::intValue).toArray();
        return new DataSplit(split.train().withClasses(keep), split.test().withClasses(keep));
    }

    private static DataSplit withTrainingLabelNoise(DataSplit split, DataOptions options) {
        if (!split.train().isClassification() || options.noise() > 1) {
            throw InvalidInputException.forField("noise", "{noise} " + options.noise() + " on '" + split.train().name() + "' is a training-label"
                    + " flip probability: it needs class labels and a value in [0, 1]");
        }
        return new DataSplit(split.train().withLabelNoise(options.noise(), options.seed(), DataStreams.LABEL_NOISE), split.test());
    }

    private static DataSplit firstRows(DataSplit split, int trainSize, int testSize) {
        return new DataSplit(firstRows(split.train(), "trainSize", trainSize), firstRows(split.test(), "testSize", testSize));
    }

    private static Dataset firstRows(Dataset data, String field, int size) {
        if (size == 0) return data;
        if (size > data.size()) {
            throw InvalidInputException.forField(field, "{" + field + "} " + size + " is more than the " + data.size() + " examples of '"
                    + data.name() + "'; use at most " + data.size() + " (0 means all)");
        }
        return data.firstRows(size);
    }

    private static void requireExamples(Dataset data, DataOptions options) {
        if (data.size() == 0) {
            throw new InvalidInputException("data set '" + data.name() + "' has no examples"
                    + (options.classes().isEmpty() ? "" : " of classes " + options.classes()));
        }
    }
}
