package org.netgeom.data;

import java.nio.file.Path;
import java.util.Arrays;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

/**
 * Data sets from .npy files. Inputs: a 2-D array n x d, or n x ... flattened row by row
 * (images n x 28 x 28 become n x 784); a 1-D array is n examples of one feature. Labels: a
 * vector of n (or an n x 1 array) is class labels when every value is a whole number >= 0
 * (integer dtypes must be), with classes = largest label + 1 over train and test unless
 * given; otherwise, or for an n x k array with k > 1, the labels are regression targets.
 */
final class NpyDatasets {

    private NpyDatasets() {}

    /** Inputs and labels read and checked against each other, before the task is decided. */
    private record Pair(String name, Path labelsFile, Matrix inputs, NpyArray labels) {}

    static DataSplit load(DataSpec.NpyFiles files, DataOptions options) {
        Pair train = read(files.trainInputs(), files.trainLabels(), "train");
        if (!files.hasTestSet()) {
            Dataset all = toDataset(train, classesFor(options.labelClasses(), train))
                    .withName("npy " + files.trainInputs().getFileName());
            return holdOut(all, options.testFraction(), options.seed());
        }
        Pair test = read(files.testInputs(), files.testLabels(), "test");
        if (train.inputs().cols() != test.inputs().cols()) {
            throw new InvalidInputException("training inputs " + files.trainInputs() + " have " + train.inputs().cols()
                    + " features per example but test inputs " + files.testInputs() + " have " + test.inputs().cols());
        }
        int classes = classesFor(options.labelClasses(), train, test);
        return new DataSplit(toDataset(train, classes), toDataset(test, classes));
    }

    private static Pair read(Path inputsFile, Path labelsFile, String split) {
        NpyArray inputs = Npy.read(inputsFile);
        NpyArray labels = Npy.read(labelsFile);
        if (inputs.rank() == 0) {
            throw new InvalidInputException(".npy inputs " + inputsFile + " hold a scalar; inputs need one row per example");
        }
        long rows = inputs.shape()[0];
        long features = DataFiles.product(Arrays.copyOfRange(inputs.shape(), 1, inputs.rank()));
        Matrix inputMatrix = new Matrix((int) rows, (int) features, inputs.toFloats());
        if (labels.rank() == 0 || labels.rank() > 2) {
            throw new InvalidInputException(".npy labels " + labelsFile + " have shape " + labels.shapeString()
                    + "; labels must be a vector (n,) or a matrix (n, k)");
        }
        if (labels.shape()[0] != rows) {
            throw new InvalidInputException(".npy inputs " + inputsFile + " have " + rows + " examples but labels "
                    + labelsFile + " have " + labels.shape()[0] + "; give one label row per example");
        }
        return new Pair("npy " + inputsFile.getFileName() + " (" + split + ")", labelsFile, inputMatrix, labels);
    }

    /** 0 for regression, else the number of classes (given, or the largest label + 1). */
    private static int classesFor(int givenClasses, Pair... pairs) {
        boolean classLabels = Arrays.stream(pairs).allMatch(NpyDatasets::holdsClassLabels);
        if (!classLabels) {
            if (givenClasses > 0) {
                throw new InvalidInputException("labelClasses is " + givenClasses + " but the labels "
                        + pairs[0].labelsFile() + " are not whole numbers >= 0 in one column; leave labelClasses at 0"
                        + " for regression targets");
            }
            return 0;
        }
        int largest = 0;
        for (Pair pair : pairs) {
            for (double label : pair.labels().toDoubles()) largest = Math.max(largest, (int) label);
        }
        if (givenClasses == 0) return largest + 1;
        if (largest >= givenClasses) {
            throw new InvalidInputException("labelClasses is " + givenClasses + " but the labels include " + largest
                    + "; labels must be in [0, " + givenClasses + ")");
        }
        return givenClasses;
    }

    private static boolean holdsClassLabels(Pair pair) {
        NpyArray labels = pair.labels();
        boolean column = labels.rank() == 1 || labels.shape()[1] == 1;
        for (double label : labels.toDoubles()) {
            if (labels.dtype().integral && label < 0) {
                throw new InvalidInputException(".npy labels " + pair.labelsFile() + " include " + (long) label
                        + "; integer class labels must be >= 0");
            }
            if (label != Math.rint(label) || label < 0 || label >= DataOptions.MAX_CLASSES) return false;
        }
        return column;
    }

    private static Dataset toDataset(Pair pair, int classes) {
        long rows = pair.labels().shape()[0];
        int cols = pair.labels().rank() == 1 ? 1 : (int) pair.labels().shape()[1];
        return new Dataset(pair.name(), pair.inputs(), new Matrix((int) rows, cols, pair.labels().toFloats()), classes);
    }

    /** A seeded random {@code fraction} of the examples as the test set, the rest for training. */
    static DataSplit holdOut(Dataset all, double fraction, long seed) {
        int n = all.size();
        if (n < 2) {
            throw new InvalidInputException("data set '" + all.name() + "' has " + n + " example(s); holding out a test"
                    + " set needs at least 2 (or give test files)");
        }
        int testCount = (int) Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
        int[] permutation = Philox.permutation(n, seed, DataStreams.HOLDOUT_SPLIT);
        int[] testRows = Arrays.copyOfRange(permutation, 0, testCount);
        int[] trainRows = Arrays.copyOfRange(permutation, testCount, n);
        // Sorted rows keep the file's order inside each split, so the first n of a split are stable.
        Arrays.sort(testRows);
        Arrays.sort(trainRows);
        return new DataSplit(all.subset(trainRows).withName(all.name() + " (train)"),
                all.subset(testRows).withName(all.name() + " (held-out test)"));
    }
}
