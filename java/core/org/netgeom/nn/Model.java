package org.netgeom.nn;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;

/**
 * Anything that maps a batch of inputs (n x inputDim) to outputs (n x outputDim) on a backend:
 * what the measurements need. Models own device memory: close them.
 */
public interface Model extends AutoCloseable {
    /** The backend that holds the model's parameters; inputs must live there too. */
    Backend backend();

    int inputDim();

    int outputDim();

    /** outputs = f(inputs) in inference mode; outputs is n x outputDim for n input rows. */
    void predict(DeviceMatrix inputs, DeviceMatrix outputs);

    @Override
    void close();
}
