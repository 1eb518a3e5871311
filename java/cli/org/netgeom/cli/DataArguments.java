package org.netgeom.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.Dataset;
import org.netgeom.data.DataSplit;
import org.netgeom.tensor.InvalidInputException;

/** The --data options every command that reads a data set shares. */
final class DataArguments {
    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "KIND",
            description = "fashion-mnist, cifar10 (with --data-dir), teacher:sign, teacher:linear, teacher:mlp or npy (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--train-size", paramLabel = "N", description = "Use the first N training examples (teachers: draw N; 0 or unset: all of a data set, 1000 for a teacher).")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "Use the first N test examples (teachers: draw N; 0 or unset: all of a data set, 1000 for a teacher).")
    Integer testSize;

    @Option(names = "--classes", split = ",", paramLabel = "C", description = "Keep only these classes, relabelled 0..k-1 (e.g. 0,1).")
    List<Integer> classes;

    @Option(names = "--input-dim", defaultValue = "100", paramLabel = "D", description = "Input dimension of teacher data (default: ${DEFAULT-VALUE}).")
    int inputDim;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "X", description = "Teacher noise: output noise std (linear) or label-flip probability; for fashion-mnist and npy: training-label flip probability (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--data-seed", paramLabel = "S", description = "Seed for data subsets and teachers (default: the run's --seed).")
    Long dataSeed;

    @Option(names = "--standardize", description = "Standardize features with the training split's mean and std.")
    boolean standardize;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the Fashion-MNIST IDX files (default:"
            + " /usr/share/datasets/fashion-mnist) or of CIFAR-10's binary batches (data_batch_1.bin .. test_batch.bin).")
    Path directory;

    @Option(names = "--inputs", paramLabel = "X.npy", description = "Training inputs for --data npy.")
    Path inputs;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "Training labels for --data npy.")
    Path labels;

    @Option(names = "--test-inputs", paramLabel = "X.npy", description = "Test inputs for --data npy.")
    Path testInputs;

    @Option(names = "--test-labels", paramLabel = "Y.npy", description = "Test labels for --data npy.")
    Path testLabels;

    @Option(names = "--teacher-width", defaultValue = "32", paramLabel = "W", description = "Hidden width of teacher:mlp (default: ${DEFAULT-VALUE}).")
    int teacherWidth;

    @Option(names = "--teacher-classes", defaultValue = "10", paramLabel = "K", description = "Classes of teacher:mlp (default: ${DEFAULT-VALUE}).")
    int teacherClasses;

    DataOptions options(long runSeed) {
        DataOptions options = DataOptions.defaults()
                .withTrainSize(trainSize == null ? 0 : trainSize)
                .withTestSize(testSize == null ? 0 : testSize)
                .withClasses(classes == null ? List.of() : classes)
                .withInputDim(inputDim)
                .withNoise(noise)
                .withSeed(dataSeed == null ? runSeed : dataSeed)
                .withStandardize(standardize)
                .withTeacherWidth(teacherWidth)
                .withTeacherClasses(teacherClasses);
        return directory == null ? options : options.withDirectory(directory);
    }

    DataSpec spec() {
        if (!kind.trim().equalsIgnoreCase("npy")) {
            if (inputs != null || labels != null) {
                throw new InvalidInputException("--inputs/--labels need --data npy (got --data " + kind + ")");
            }
            return DataSpec.parse(kind);
        }
        if (inputs == null || labels == null) throw new InvalidInputException("--data npy needs --inputs X.npy and --labels y.npy");
        return DataSpec.npy(new DataSpec.NpyFiles(inputs, labels, testInputs, testLabels));
    }

    /** True when these options read Fashion-MNIST from its default folder (no --data-dir), which may need installing. */
    boolean readsDefaultFashionMnist() {
        return spec().kind() == DataSpec.Kind.FASHION_MNIST && directory == null;
    }

    DataSplit load(long runSeed, PrintWriter err) {
        if (readsDefaultFashionMnist()) FashionMnistInstaller.installIfMissing(err);
        return DataSets.load(spec(), options(runSeed));
    }

    /** The named split ("test" or "train") of the data set these options describe. */
    Dataset loadSplit(long runSeed, PrintWriter err, String splitName) {
        return pickSplit(load(runSeed, err), splitName);
    }

    static Dataset pickSplit(DataSplit split, String name) {
        return switch (name) {
            case "test" -> {
                if (split.test() == null) throw new InvalidInputException("this data set has no test split: use --split train");
                yield split.test();
            }
            case "train" -> split.train();
            default -> throw new InvalidInputException("--split must be test or train, got " + name);
        };
    }
}
