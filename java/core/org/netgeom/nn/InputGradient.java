package org.netgeom.nn;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * The per-example input gradient of the cross-entropy of the true label (docs/methods/bmd.md,
 * Gradient attacks): row r of the result is d CE(f(x_r), y_r) / d x_r, the gradient of row r's own
 * loss (not of the mean over rows: an attack moves each example by its own gradient). The model
 * runs in inference mode, so rows do not interact.
 *
 * <p>K >= 2 outputs: softmax cross-entropy of the logits. One output f (a two-class model that
 * predicts class 1 when f > 0): the logistic loss log(1 + exp(f)) - y f, which is the softmax
 * cross-entropy of the logit pair (0, f) and so agrees with the decision rule; the pair is built
 * and folded back by two rank-one GEMMs, so both cases run on the backend's own operations.
 */
public final class InputGradient implements AutoCloseable {
    private final TrainableModel model;
    private final Backend backend;
    private final Workspace outputGradients, pairLogits, pairGradients;
    /** The 1 x 2 row (0, 1): f (n x 1) times it is the logit pair (0, f). */
    private final DeviceMatrix pairRow;
    /** Where the loss's statistics go when the caller wants none. */
    private final DeviceMatrix unusedStats;

    public InputGradient(TrainableModel model) {
        this.model = model;
        this.backend = model.backend();
        outputGradients = new Workspace(backend, model.outputDim());
        pairLogits = new Workspace(backend, 2);
        pairGradients = new Workspace(backend, 2);
        pairRow = model.outputDim() == 1 ? backend.upload(new Matrix(1, 2, new float[] {0f, 1f})) : null;
        unusedStats = backend.allocate(1, 2);
    }

    /**
     * Runs the model on {@code inputs} (n x inputDim) in inference mode and returns
     * d CE_r / d x_r for every row (n x inputDim, a workspace matrix valid until the next call or the
     * model's next forward). {@code labels} (n x 1) holds class indices; {@code stats} (1 x 2), when
     * not null, accumulates the summed loss and the number of rows predicted right.
     */
    public DeviceMatrix crossEntropy(DeviceMatrix inputs, DeviceMatrix labels, DeviceMatrix stats) {
        if (labels.rows() != inputs.rows() || labels.cols() != 1) {
            throw new InvalidInputException("the input gradient needs one class label per input row: " + inputs.rows()
                    + " rows, labels " + labels.rows() + " x " + labels.cols());
        }
        int rows = inputs.rows();
        DeviceMatrix outputs = model.forward(inputs, false);
        DeviceMatrix gradOutputs = outputGradients.rows(rows);
        DeviceMatrix sink = stats != null ? stats : unusedStats;
        if (pairRow == null) {
            backend.softmaxCrossEntropy(outputs, labels, gradOutputs, 1f, sink);
        } else {
            DeviceMatrix pair = pairLogits.rows(rows), gradPair = pairGradients.rows(rows);
            backend.gemm(false, false, 1f, outputs, pairRow, 0f, pair);
            backend.softmaxCrossEntropy(pair, labels, gradPair, 1f, sink);
            // d/df of the pair's loss: only the second logit depends on f.
            backend.gemm(false, true, 1f, gradPair, pairRow, 0f, gradOutputs);
        }
        return model.inputGradient(gradOutputs);
    }

    @Override
    public void close() {
        outputGradients.close();
        pairLogits.close();
        pairGradients.close();
        if (pairRow != null) pairRow.close();
        unusedStats.close();
    }
}
