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
}
