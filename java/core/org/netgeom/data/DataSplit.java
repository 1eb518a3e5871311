package org.netgeom.data;

import java.util.Objects;
import org.netgeom.tensor.ShapeMismatchException;

/** A training set and a test set with the same features and the same task. */
public record DataSplit(Dataset train, Dataset test) {

    public DataSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.inputDim() != test.inputDim()) {
            throw new ShapeMismatchException("training set '" + train.name() + "' has " + train.inputDim()
                    + " features but test set '" + test.name() + "' has " + test.inputDim());
        }
        if (train.classes() != test.classes() || train.targetDim() != test.targetDim()) {
            throw new ShapeMismatchException("training set '" + train.name() + "' and test set '" + test.name()
                    + "' differ in task: " + task(train) + " vs " + task(test));
        }
    }

    private static String task(Dataset data) {
        return data.isClassification() ? data.classes() + " classes" : data.targetDim() + " regression targets";
    }

    /** Both sets' summaries, one per line. */
    public String summary() { return train.summary() + "\n" + test.summary(); }
}
