package org.netgeom.nn;

import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * The random-features model of docs/methods/bmd.md (Random-features model): a fixed Gaussian first
 * layer F (p x d), features phi(x) = sigma(F x / sqrt d), outputs f(x) = A phi(x) / sqrt p with the
 * readout A (k x p) the only trained parameters. Fit A in closed form with {@link RidgeRegression}
 * or by gradient descent through {@link TrainableModel}.
 */
public final class RandomFeatures implements TrainableModel {
    /** Philox stream of the feature matrix; the readout starts at zero. */
    public static final long FEATURE_STREAM = 0;

    private final Backend backend;
    private final int inputDim;
    private final int featureCount;
    private final int outputDim;
    private final Activation activation;
    private final long seed;
    private final DeviceMatrix features;
    private final DeviceMatrix readout;
    private final DeviceMatrix readoutGradient;
    private final Workspace featureValues;
    private final Workspace outputs;
    private final Workspace preactivations, featureGradients, inputGradients;
    private DeviceMatrix lastInputs, lastFeatureValues;

    /** A model with F drawn from N(0, 1) by Philox(seed, stream 0) and a zero readout. */
    public RandomFeatures(Backend backend, int inputDim, int featureCount, int outputDim, Activation activation, long seed) {
        if (inputDim < 1 || featureCount < 1 || outputDim < 1) {
            throw new InvalidInputException("random features need input, feature and output sizes >= 1, got d="
                    + inputDim + " p=" + featureCount + " k=" + outputDim);
        }
        this.backend = backend;
        this.inputDim = inputDim;
        this.featureCount = featureCount;
        this.outputDim = outputDim;
        this.activation = activation;
        this.seed = seed;
        this.features = backend.allocate(featureCount, inputDim);
        this.readout = backend.allocate(outputDim, featureCount);
        this.readoutGradient = backend.allocate(outputDim, featureCount);
        this.featureValues = new Workspace(backend, featureCount);
        this.outputs = new Workspace(backend, outputDim);
        this.preactivations = new Workspace(backend, featureCount);
        this.featureGradients = new Workspace(backend, featureCount);
        this.inputGradients = new Workspace(backend, inputDim);
        backend.fillNormal(features, seed, FEATURE_STREAM, 0f, 1f);
    }

    /** Replaces F (p x d), e.g. when loading a model file. */
    public RandomFeatures loadFeatures(Matrix featureMatrix) {
        featureMatrix.requireShape(featureCount, inputDim, "features.weight");
        backend.upload(featureMatrix, features);
        return this;
    }

    /** Replaces A (k x p). */
    public RandomFeatures loadReadout(Matrix readoutMatrix) {
        readoutMatrix.requireShape(outputDim, featureCount, "readout.weight");
        backend.upload(readoutMatrix, readout);
        return this;
    }

    public int featureCount() { return featureCount; }
    public Activation activation() { return activation; }
    public long seed() { return seed; }
    public DeviceMatrix featureMatrix() { return features; }
    public DeviceMatrix readout() { return readout; }

    @Override public Backend backend() { return backend; }
    @Override public int inputDim() { return inputDim; }
    @Override public int outputDim() { return outputDim; }

    /** The readout as the flat 1 x kp parameter vector (a view: same memory). */
    @Override
    public DeviceMatrix parameters() { return backend.view(readout, 0, 1, outputDim * featureCount); }

    @Override
    public DeviceMatrix gradients() { return backend.view(readoutGradient, 0, 1, outputDim * featureCount); }

    /** phi = sigma(X F^T / sqrt d) into {@code out} (n x p). */
    public void computeFeatures(DeviceMatrix inputs, DeviceMatrix out) {
        if (inputs.cols() != inputDim) {
            throw new InvalidInputException("random-features model takes " + inputDim + " inputs per row, the data has "
                    + inputs.cols());
        }
        backend.gemm(false, true, (float) (1.0 / Math.sqrt(inputDim)), inputs, features, 0f, out);
        backend.activation(activation, out, out);
    }

    @Override
    public DeviceMatrix forward(DeviceMatrix inputs, boolean training) {
        DeviceMatrix phi = featureValues.rows(inputs.rows());
        computeFeatures(inputs, phi);
        lastInputs = inputs;
        lastFeatureValues = phi;
        DeviceMatrix out = outputs.rows(inputs.rows());
        backend.gemm(false, true, (float) (1.0 / Math.sqrt(featureCount)), phi, readout, 0f, out);
        return out;
    }

    @Override
    public void backward(DeviceMatrix gradOutputs) {
        if (lastFeatureValues == null) throw new IllegalStateException("backward called before forward");
        backend.gemm(true, false, (float) (1.0 / Math.sqrt(featureCount)), gradOutputs, lastFeatureValues, 0f,
                readoutGradient);
    }

    /**
     * dL/dx = ((dL/df A / sqrt p) * sigma'(F x / sqrt d)) F / sqrt d. The preactivation is
     * recomputed (forward keeps only phi), so the workspace's phi stays as forward left it.
     */
    @Override
    public DeviceMatrix inputGradient(DeviceMatrix gradOutputs) {
        if (lastInputs == null) throw new IllegalStateException("inputGradient called before forward");
        int rows = gradOutputs.rows();
        DeviceMatrix gradFeatures = featureGradients.rows(rows);
        backend.gemm(false, false, (float) (1.0 / Math.sqrt(featureCount)), gradOutputs, readout, 0f, gradFeatures);
        DeviceMatrix gradInputs = inputGradients.rows(rows);
        DeviceMatrix preactivation = preactivations.rows(rows);
        backend.gemm(false, true, (float) (1.0 / Math.sqrt(inputDim)), lastInputs, features, 0f, preactivation);
        backend.activationBackward(activation, preactivation, gradFeatures, gradFeatures);
        backend.gemm(false, false, (float) (1.0 / Math.sqrt(inputDim)), gradFeatures, features, 0f, gradInputs);
        return gradInputs;
    }

    @Override
    public void predict(DeviceMatrix inputs, DeviceMatrix out) {
        backend.copy(forward(inputs, false), out);
    }

    @Override
    public void close() {
        preactivations.close();
        featureGradients.close();
        inputGradients.close();
        featureValues.close();
        outputs.close();
        readoutGradient.close();
        readout.close();
        features.close();
    }
}
