package org.netgeom.train;

import org.netgeom.data.Dataset;
import org.netgeom.nn.Loss;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.MemoryScope;

/** A data set uploaded once to the backend: inputs and targets encoded for the loss. */
public record ResidentData(DeviceMatrix inputs, DeviceMatrix targets) {
    /** Row indices travel as float32 (see Backend): beyond 2^24 rows they would lose precision. */
    static final int MAX_ROWS = 1 << 24;

    public static ResidentData upload(MemoryScope scope, Dataset data, Loss loss, int outputDim) {
        if (data.size() > MAX_ROWS) {
            throw new InvalidInputException("data set '" + data.name() + "' has " + data.size() + " rows; at most "
                    + MAX_ROWS + " are supported");
        }
        DeviceMatrix inputs = scope.upload(data.inputs());
        DeviceMatrix targets = scope.upload(loss.encodeTargets(data.targets(), data.classes(), outputDim));
        return new ResidentData(inputs, targets);
    }
}
