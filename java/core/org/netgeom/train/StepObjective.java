package org.netgeom.train;

import org.netgeom.nn.Loss;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.DeviceMatrix;

/**
 * What one training step computes on a mini-batch before the optimizer moves the model: it
 * leaves the gradient in {@code model.gradients()} and adds (loss sum, correct rows) of the
 * batch to {@code stats}. The standard objective is the loss of the model itself; variants
 * (Starlight's loss along a segment to a source model) plug in here and keep the Trainer's
 * shuffling, optimizers, schedules and callbacks.
 */
public interface StepObjective {
    /**
     * @param gradOutputs a rows x outputDim workspace for the gradient with respect to outputs
     * @param meanOver    rows in the batch: the loss is the mean over them
     */
    void computeGradients(TrainableModel model, DeviceMatrix inputs, DeviceMatrix targets, DeviceMatrix gradOutputs,
                          int meanOver, DeviceMatrix stats);

    /**
     * The model whose test loss and accuracy are reported at the end of each epoch: the trained
     * model itself, unless inference needs state that this objective's steps never set (a
     * network whose BatchNorm statistics come only from forward passes of another model in
     * training mode, as Starlight's star network). Called between steps; what it returns is the
     * objective's to close.
     */
    default TrainableModel evaluationModel(TrainableModel trained) {
        return trained;
    }

    /** The model's own loss on the batch. */
    static StepObjective standard(Loss loss) {
        return (model, inputs, targets, gradOutputs, meanOver, stats) -> {
            DeviceMatrix outputs = model.forward(inputs, true);
            loss.evaluate(model.backend(), outputs, targets, gradOutputs, meanOver, stats);
            model.backward(gradOutputs);
        };
    }
}
