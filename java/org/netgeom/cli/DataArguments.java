package org.netgeom.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSplit;

/** The --data options every command that reads a data set shares. */
final class DataArguments {
    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "KIND",
            description = "fashion-mnist, teacher:sign, teacher:linear, teacher:mlp or npy (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--train-size", paramLabel = "N", description = "Use a seeded random subset of N training rows.")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "Use a seeded random subset of N test rows.")
    Integer testSize;

    @Option(names = "--classes", split = ",", paramLabel = "C", description = "Keep only these classes, relabelled 0..k-1 (e.g. 0,1).")
    List<Integer> classes;

    @Option(names = "--input-dim", defaultValue = "100", paramLabel = "D", description = "Input dimension of teacher data (default: ${DEFAULT-VALUE}).")
    int inputDim;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "X", description = "Teacher noise: output noise std (linear) or label-flip probability (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--data-seed", paramLabel = "S", description = "Seed for data subsets and teachers (default: the run's --seed).")
    Long dataSeed;

    @Option(names = "--standardize", description = "Standardize features with the training split's mean and std.")
    boolean standardize;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist).")
    Path directory;

    @Option(names = "--inputs", paramLabel = "X.npy", description = "Training inputs for --data npy.")
    Path inputs;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "Training labels for --data npy.")
    Path labels;

    @Option(names = "--test-inputs", paramLabel = "X.npy", description = "Test inputs for --data npy.")
    Path testInputs;

    @Option(names = "--test-labels", paramLabel = "Y.npy", description = "Test labels for --data npy.")
    Path testLabels;

    DataOptions options(long runSeed) {
        return new DataOptions(kind, trainSize, testSize, classes, inputDim, noise, dataSeed == null ? runSeed : dataSeed,
                standardize, directory, inputs, labels, testInputs, testLabels);
    }

    DataSplit load(long runSeed) {
        return DataSets.load(options(runSeed));
    }
}
