package org.netgeom.nn;

import org.netgeom.tensor.InvalidInputException;

/**
 * Symmetry breakers on an MLP's hidden layers (docs/methods/symmetry.md, Other symmetry breakers):
 * inverted dropout after each hidden activation with the given rate, and batch normalization
 * between each hidden linear layer and its activation (PyTorch's BatchNorm1d: epsilon 1e-5,
 * momentum 0.1).
 */
public record MlpOptions(float dropout, boolean batchNorm) {
    public static final float BATCH_NORM_EPSILON = 1e-5f;
    public static final float BATCH_NORM_MOMENTUM = 0.1f;

    public MlpOptions {
        if (!(dropout >= 0 && dropout < 1)) throw InvalidInputException.forField("dropout", "{dropout} must be in [0, 1), got " + dropout);
    }

    public static MlpOptions none() { return new MlpOptions(0f, false); }
}
