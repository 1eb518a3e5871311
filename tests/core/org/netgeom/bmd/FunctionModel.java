package org.netgeom.bmd;

import java.util.function.Function;
import org.netgeom.nn.Model;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;

/** A plain float64 function of one input row as a {@link Model}: rows go to the host and back. */
final class FunctionModel implements Model {
    private final Backend backend;
    private final int inputDim;
    private final int outputDim;
    private final Function<double[], double[]> function;

    FunctionModel(Backend backend, int inputDim, int outputDim, Function<double[], double[]> function) {
        this.backend = backend;
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.function = function;
    }

    /** A scalar function. */
    static FunctionModel scalar(Backend backend, int inputDim, java.util.function.ToDoubleFunction<double[]> f) {
        return new FunctionModel(backend, inputDim, 1, x -> new double[] {f.applyAsDouble(x)});
    }

    @Override public Backend backend() { return backend; }
    @Override public int inputDim() { return inputDim; }
    @Override public int outputDim() { return outputDim; }

    @Override
    public void predict(DeviceMatrix inputs, DeviceMatrix outputs) {
        Matrix x = backend.download(inputs);
        Matrix y = new Matrix(x.rows(), outputDim);
        double[] row = new double[inputDim];
        for (int r = 0; r < x.rows(); r++) {
            for (int j = 0; j < inputDim; j++) row[j] = x.get(r, j);
            double[] values = function.apply(row);
            for (int k = 0; k < outputDim; k++) y.set(r, k, (float) values[k]);
        }
        backend.upload(y, outputs);
    }

    @Override public void close() {}
}
