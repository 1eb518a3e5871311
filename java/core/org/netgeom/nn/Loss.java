package org.netgeom.nn;

import java.util.Locale;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Training losses. Both accumulate (loss sum, correct rows) into a 1 x 2 device stats matrix so
 * a training step never reads back; the mean loss over n rows is stats[0] / n.
 */
public enum Loss {
    /** Softmax cross-entropy against class indices. */
    CROSS_ENTROPY,
    /** Sum over outputs of squared differences, averaged over rows (PyTorch's MSELoss for one output). */
    SQUARED_ERROR;

    public static Loss parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "cross-entropy", "ce", "xent" -> CROSS_ENTROPY;
            case "mse", "squared-error" -> SQUARED_ERROR;
            default -> throw new InvalidInputException("unknown loss '" + name + "': use cross-entropy or mse");
        };
    }

    public String cliName() { return this == CROSS_ENTROPY ? "cross-entropy" : "mse"; }

    /**
     * Accumulates into stats and, when {@code gradOutputs} is not null, writes the gradient of
     * the mean loss over {@code meanOver} rows with respect to the outputs.
     */
    public void evaluate(Backend backend, DeviceMatrix outputs, DeviceMatrix targets, DeviceMatrix gradOutputs,
                         int meanOver, DeviceMatrix stats) {
        float scale = 1f / meanOver;
        switch (this) {
            case CROSS_ENTROPY -> backend.softmaxCrossEntropy(outputs, targets, gradOutputs, scale, stats);
            case SQUARED_ERROR -> backend.squaredError(outputs, targets, gradOutputs, scale, stats);
        }
    }

    /**
     * The targets this loss compares outputs with, from a dataset's targets: class indices for
     * cross-entropy; for squared error, regression targets as they are, two classes as -1/+1
     * on one output, more classes one-hot.
     */
    public Matrix encodeTargets(Matrix targets, int classes, int outputDim) {
        if (this == CROSS_ENTROPY) {
            if (classes == 0) {
                throw InvalidInputException.forField("loss",
                        "cross-entropy needs class labels; this data set is a regression task: use {loss} mse");
            }
            if (classes != outputDim) {
                // More outputs than classes would also run, but against relabelled classes (--classes 3,5
                // become 0,1) it would score the wrong outputs: refuse both ways.
                throw new InvalidInputException("the data has " + classes + " classes but the model has "
                        + outputDim + " outputs: use data with " + outputDim + " classes, or a model made for these");
            }
            return targets;
        }
        if (classes == 0) {
            if (targets.cols() != outputDim) {
                throw new InvalidInputException("the data has " + targets.cols() + " regression target(s) per row (labels that are "
                        + "not class indices 0..k-1 are read as regression targets) but the model has " + outputDim + " outputs");
            }
            return targets;
        }
        if (classes == 2 && outputDim == 1) {
            Matrix signs = new Matrix(targets.rows(), 1);
            for (int r = 0; r < targets.rows(); r++) signs.set(r, 0, targets.get(r, 0) > 0.5f ? 1f : -1f);
            return signs;
        }
        if (classes > outputDim) {
            throw new InvalidInputException("the data has " + classes + " classes but the model has only "
                    + outputDim + " outputs");
        }
        Matrix oneHot = new Matrix(targets.rows(), outputDim);
        for (int r = 0; r < targets.rows(); r++) oneHot.set(r, (int) targets.get(r, 0), 1f);
        return oneHot;
    }
}
