package org.netgeom.data;

import org.netgeom.tensor.Matrix;

/** TEMPORARY stand-in until the data package lands (same record shape). */
public record Dataset(String name, Matrix inputs, Matrix targets, int classes) {
    public int size() { return inputs.rows(); }
    public int inputDim() { return inputs.cols(); }
}
