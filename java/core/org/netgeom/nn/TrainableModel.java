package org.netgeom.nn;

import org.netgeom.tensor.DeviceMatrix;

/**
 * A model with a flat parameter vector and gradients of the same layout, trained by
 * {@code train.Trainer}. The flat view is what interpolation, alignment and distances use.
 */
public interface TrainableModel extends Model {
    /** All trainable parameters as one 1 x P vector (layer views point into it). */
    DeviceMatrix parameters();

    /** Gradients, 1 x P, same layout; written by {@link #backward}. */
    DeviceMatrix gradients();

    /**
     * Forward pass keeping what backward needs; returns the outputs (n x outputDim), a
     * workspace matrix valid until the next forward call.
     */
    DeviceMatrix forward(DeviceMatrix inputs, boolean training);

    /** Backward pass for the last forward: gradients() = dLoss/dParameters given dLoss/dOutputs. */
    void backward(DeviceMatrix gradOutputs);

    /**
     * dLoss/dInputs (n x inputDim) for the last forward given dLoss/dOutputs, what gradient attacks
     * need ({@link InputGradient} turns it into the cross-entropy's). Parameter gradients are not
     * computed (their buffer may be overwritten). Returns a workspace matrix valid until the next
     * forward, backward or inputGradient call. After an inference-mode forward every row depends on
     * its own input row only, so row r is the gradient of row r's loss alone.
     */
    DeviceMatrix inputGradient(DeviceMatrix gradOutputs);
}
