package org.netgeom.nn;

import java.util.Collections;
import java.util.List;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * A multilayer perceptron: linear layers (PyTorch layout, weight [out, in]) with an activation
 * after every hidden layer and none after the last, optionally batch normalization before and
 * dropout after each hidden activation ({@link MlpOptions}). All trainable parameters live in
 * one flat 1 x P vector: the linear layers in {@link Architecture}'s layout, then each hidden
 * layer's batch-norm gamma and beta.
 */
public final class Mlp implements TrainableModel {
    /** Dropout masks draw from Philox streams above this, one per (training step, layer). */
    public static final long DROPOUT_STREAM_BASE = 1L << 32;

    private final Backend backend;
    private final Architecture architecture;
    private final List<Activation> activations;
    private final MlpOptions options;
    private final DeviceMatrix parameters;
    private final DeviceMatrix gradients;
    private final DeviceMatrix[] weights, biases, weightGradients, biasGradients;
    private final BatchNormLayer[] batchNorms;
    /** preactivations[i] = a[i-1] W_i^T + b_i; outputs[i] = activation(batch-normed preactivation). */
    private final Workspace[] preactivations, layerOutputs, gradientBuffers, dropoutMasks;
    private final Workspace inputGradients;
    private final DeviceMatrix[] lastActivationInputs, lastOutputs, lastMasks;
    private DeviceMatrix lastInputs;
    private long seed;
    private long trainingSteps;

    /** A new MLP with zero parameters; call {@link #initialize} or {@link #loadParameters}. */
    public Mlp(Backend backend, Architecture architecture, List<Activation> hiddenActivations, MlpOptions options) {
        int hidden = architecture.layerCount() - 1;
        if (hiddenActivations.size() == 1 && hidden > 1) hiddenActivations = Collections.nCopies(hidden, hiddenActivations.get(0));
        if (hidden == 0) hiddenActivations = List.of();
        if (hiddenActivations.size() != hidden) {
            throw new InvalidInputException("architecture " + architecture + " has " + hidden
                    + " hidden layers but " + hiddenActivations.size() + " activations were given");
        }
        this.backend = backend;
        this.architecture = architecture;
        this.activations = List.copyOf(hiddenActivations);
        this.options = options;
        int layers = architecture.layerCount();
        long count = parameterCount(architecture, options);
        if (count > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("architecture " + architecture + " has " + count + " parameters; at most "
                    + (Integer.MAX_VALUE - 8) + " fit one flat vector");
        }
        parameters = backend.allocate(1, (int) count);
        gradients = backend.allocate(1, (int) count);
        weights = new DeviceMatrix[layers];
        biases = new DeviceMatrix[layers];
        weightGradients = new DeviceMatrix[layers];
        biasGradients = new DeviceMatrix[layers];
        preactivations = new Workspace[layers];
        layerOutputs = new Workspace[layers];
        gradientBuffers = new Workspace[layers];
        dropoutMasks = new Workspace[layers];
        lastActivationInputs = new DeviceMatrix[layers];
        lastOutputs = new DeviceMatrix[layers];
        lastMasks = new DeviceMatrix[layers];
        batchNorms = new BatchNormLayer[layers];
        inputGradients = new Workspace(backend, architecture.inputDim());
        long batchNormOffset = architecture.parameterCount();
        for (int i = 0; i < layers; i++) {
            int in = architecture.fanIn(i), out = architecture.fanOut(i);
            weights[i] = backend.view(parameters, architecture.weightOffset(i), out, in);
            biases[i] = backend.view(parameters, architecture.biasOffset(i), 1, out);
            weightGradients[i] = backend.view(gradients, architecture.weightOffset(i), out, in);
            biasGradients[i] = backend.view(gradients, architecture.biasOffset(i), 1, out);
            preactivations[i] = new Workspace(backend, out);
            layerOutputs[i] = new Workspace(backend, out);
            gradientBuffers[i] = new Workspace(backend, out);
            dropoutMasks[i] = new Workspace(backend, out);
            if (options.batchNorm() && i < layers - 1) {
                batchNorms[i] = new BatchNormLayer(backend, parameters, gradients, batchNormOffset, out);
                batchNormOffset += 2L * out;
            }
        }
    }

    /**
     * An MLP without dropout or batch norm; one activation for all hidden layers, or one per layer.
     */
    public Mlp(Backend backend, Architecture architecture, List<Activation> hiddenActivations) {
        this(backend, architecture, hiddenActivations, MlpOptions.none());
    }

    /** An MLP without dropout or batch norm, with the same activation after every hidden layer. */
    public Mlp(Backend backend, Architecture architecture, Activation hiddenActivation) {
        this(backend, architecture, List.of(hiddenActivation));
    }

    /** Linear weights and biases, plus gamma and beta of every batch-normalized hidden layer. */
    public static long parameterCount(Architecture architecture, MlpOptions options) {
        long count = architecture.parameterCount();
        if (options.batchNorm()) for (int i = 0; i < architecture.layerCount() - 1; i++) count += 2L * architecture.fanOut(i);
        return count;
    }

    /** Fills the parameters from Philox streams keyed by {@code seed} (see {@link Initialization}). */
    public Mlp initialize(Initialization scheme, long seed) {
        this.seed = seed;
        for (int i = 0; i < architecture.layerCount(); i++) {
            float bound = (float) (1.0 / Math.sqrt(architecture.fanIn(i)));
            switch (scheme) {
                case PYTORCH -> {
                    backend.fillUniform(weights[i], seed, Initialization.weightStream(i), -bound, bound);
                    backend.fillUniform(biases[i], seed, Initialization.biasStream(i), -bound, bound);
                }
                case NORMAL -> {
                    backend.fillNormal(weights[i], seed, Initialization.weightStream(i), 0f, bound);
                    backend.fill(biases[i], 0f);
                }
                case ZEROS -> {
                    backend.fill(weights[i], 0f);
                    backend.fill(biases[i], 0f);
                }
            }
            if (batchNorms[i] != null) batchNorms[i].reset();
        }
        return this;
    }

    /** Copies a flat 1 x P host vector into the parameters; {@code seed} keys future dropout masks. */
    public Mlp loadParameters(Matrix flat) {
        flat.requireShape(1, (int) parameters.size(), "parameters of " + architecture);
        backend.upload(flat, parameters);
        return this;
    }

    public Architecture architecture() { return architecture; }
    public MlpOptions options() { return options; }

    /** The activation after each hidden layer (size = layers - 1). */
    public List<Activation> activations() { return activations; }
    /** Layer {@code layer}'s weight [out, in], a view into the flat parameters. */
    public DeviceMatrix weight(int layer) { return weights[layer]; }
    /** Layer {@code layer}'s bias [1, out], a view into the flat parameters. */
    public DeviceMatrix bias(int layer) { return biases[layer]; }

    /** Hidden layer {@code layer}'s batch normalization, or null without one. */
    BatchNormLayer batchNorm(int layer) { return batchNorms[layer]; }

    @Override public Backend backend() { return backend; }
    @Override public int inputDim() { return architecture.inputDim(); }
    @Override public int outputDim() { return architecture.outputDim(); }
    @Override public DeviceMatrix parameters() { return parameters; }
    @Override public DeviceMatrix gradients() { return gradients; }

    private Activation activationOf(int layer) {
        return layer < activations.size() ? activations.get(layer) : Activation.IDENTITY;
    }

    @Override
    public DeviceMatrix forward(DeviceMatrix inputs, boolean training) {
        if (inputs.cols() != inputDim()) {
            throw new InvalidInputException("model " + architecture + " takes " + inputDim()
                    + " inputs per row, the data has " + inputs.cols());
        }
        int rows = inputs.rows();
        DeviceMatrix previous = inputs;
        lastInputs = inputs;
        for (int i = 0; i < architecture.layerCount(); i++) {
            Activation activation = activationOf(i);
            DeviceMatrix z = preactivations[i].rows(rows);
            backend.gemm(false, true, 1f, previous, weights[i], 0f, z);
            DeviceMatrix a;
            if (batchNorms[i] != null) {
                backend.biasActivation(z, biases[i], Activation.IDENTITY, z);
                DeviceMatrix normalized = batchNorms[i].forward(z, training);
                a = layerOutputs[i].rows(rows);
                backend.activation(activation, normalized, a);
                lastActivationInputs[i] = normalized;
            } else {
                a = activation == Activation.IDENTITY ? z : layerOutputs[i].rows(rows);
                backend.biasActivation(z, biases[i], activation, a);
                lastActivationInputs[i] = z;
            }
            lastMasks[i] = null;
            if (training && options.dropout() > 0 && i < architecture.layerCount() - 1) {
                DeviceMatrix mask = dropoutMasks[i].rows(rows);
                long stream = DROPOUT_STREAM_BASE + trainingSteps * architecture.layerCount() + i;
                backend.dropoutMask(mask, seed, stream, options.dropout());
                backend.multiply(a, mask, a);
                lastMasks[i] = mask;
            }
            lastOutputs[i] = a;
            previous = a;
        }
        if (training) trainingSteps++;
        return previous;
    }

    @Override
    public void backward(DeviceMatrix gradOutputs) {
        if (lastInputs == null) throw new IllegalStateException("backward called before forward");
        DeviceMatrix gradZ = gradOutputs;
        for (int i = architecture.layerCount() - 1; i >= 0; i--) {
            DeviceMatrix layerInput = i == 0 ? lastInputs : lastOutputs[i - 1];
            backend.gemm(true, false, 1f, gradZ, layerInput, 0f, weightGradients[i]);
            backend.sumColumns(gradZ, 1f, 0f, biasGradients[i]);
            if (i == 0) break;
            DeviceMatrix gradA = gradientBuffers[i - 1].rows(gradZ.rows());
            backend.gemm(false, false, 1f, gradZ, weights[i], 0f, gradA);
            if (lastMasks[i - 1] != null) backend.multiply(gradA, lastMasks[i - 1], gradA);
            backend.activationBackward(activationOf(i - 1), lastActivationInputs[i - 1], gradA, gradA);
            if (batchNorms[i - 1] != null) batchNorms[i - 1].backward(gradA);
            gradZ = gradA;
        }
    }

    @Override
    public DeviceMatrix inputGradient(DeviceMatrix gradOutputs) {
        if (lastInputs == null) throw new IllegalStateException("inputGradient called before forward");
        DeviceMatrix gradZ = gradOutputs;
        for (int i = architecture.layerCount() - 1; ; i--) {
            DeviceMatrix gradA = (i == 0 ? inputGradients : gradientBuffers[i - 1]).rows(gradZ.rows());
            backend.gemm(false, false, 1f, gradZ, weights[i], 0f, gradA);
            if (i == 0) return gradA;
            if (lastMasks[i - 1] != null) backend.multiply(gradA, lastMasks[i - 1], gradA);
            backend.activationBackward(activationOf(i - 1), lastActivationInputs[i - 1], gradA, gradA);
            if (batchNorms[i - 1] != null) batchNorms[i - 1].inputBackward(gradA);
            gradZ = gradA;
        }
    }

    @Override
    public void predict(DeviceMatrix inputs, DeviceMatrix outputs) {
        backend.copy(forward(inputs, false), outputs);
    }

    @Override
    public void close() {
        for (BatchNormLayer b : batchNorms) if (b != null) b.close();
        for (Workspace[] group : List.of(preactivations, layerOutputs, gradientBuffers, dropoutMasks)) {
            for (Workspace w : group) w.close();
        }
        inputGradients.close();
        gradients.close();
        parameters.close();
    }
}
