package org.netgeom.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * A multilayer perceptron: linear layers (PyTorch layout, weight [out, in]) with an activation
 * after every hidden layer and none after the last. All parameters live in one flat 1 x P
 * vector; layer weights and biases are views into it (see {@link Architecture#weightOffset}).
 */
public final class Mlp implements TrainableModel {
    private final Backend backend;
    private final Architecture architecture;
    private final List<Activation> activations;
    private final DeviceMatrix parameters;
    private final DeviceMatrix gradients;
    private final DeviceMatrix[] weights;
    private final DeviceMatrix[] biases;
    private final DeviceMatrix[] weightGradients;
    private final DeviceMatrix[] biasGradients;
    /** preactivations[i] = a[i-1] W_i^T + b_i; outputs[i] = activation(preactivations[i]). */
    private final Workspace[] preactivations;
    private final Workspace[] layerOutputs;
    private final Workspace[] gradientBuffers;
    private DeviceMatrix lastInputs;
    private final DeviceMatrix[] lastPreactivations;
    private final DeviceMatrix[] lastOutputs;

    /** A new MLP with zero parameters; call {@link #initialize} or {@link #loadParameters}. */
    public Mlp(Backend backend, Architecture architecture, List<Activation> hiddenActivations) {
        int hidden = architecture.layerCount() - 1;
        if (hiddenActivations.size() == 1 && hidden > 1) {
            hiddenActivations = Collections.nCopies(hidden, hiddenActivations.get(0));
        }
        if (hiddenActivations.size() != hidden) {
            throw new InvalidInputException("architecture " + architecture + " has " + hidden
                    + " hidden layers but " + hiddenActivations.size() + " activations were given");
        }
        this.backend = backend;
        this.architecture = architecture;
        this.activations = List.copyOf(hiddenActivations);
        int layers = architecture.layerCount();
        long count = architecture.parameterCount();
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
        lastPreactivations = new DeviceMatrix[layers];
        lastOutputs = new DeviceMatrix[layers];
        for (int i = 0; i < layers; i++) {
            int in = architecture.fanIn(i), out = architecture.fanOut(i);
            weights[i] = backend.view(parameters, architecture.weightOffset(i), out, in);
            biases[i] = backend.view(parameters, architecture.biasOffset(i), 1, out);
            weightGradients[i] = backend.view(gradients, architecture.weightOffset(i), out, in);
            biasGradients[i] = backend.view(gradients, architecture.biasOffset(i), 1, out);
            preactivations[i] = new Workspace(backend, out);
            layerOutputs[i] = new Workspace(backend, out);
            gradientBuffers[i] = new Workspace(backend, out);
        }
    }

    public Mlp(Backend backend, Architecture architecture, Activation hiddenActivation) {
        this(backend, architecture, List.of(hiddenActivation));
    }

    /** Fills the parameters from Philox streams keyed by {@code seed} (see {@link Initialization}). */
    public Mlp initialize(Initialization scheme, long seed) {
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
                case ZEROS -> backend.fill(parameters, 0f);
            }
        }
        return this;
    }

    /** Copies a flat 1 x P host vector into the parameters. */
    public Mlp loadParameters(Matrix flat) {
        flat.requireShape(1, (int) architecture.parameterCount(), "parameters of " + architecture);
        backend.upload(flat, parameters);
        return this;
    }

    public Architecture architecture() { return architecture; }

    /** The activation after each hidden layer (size = layers - 1). */
    public List<Activation> activations() { return activations; }

    public DeviceMatrix weight(int layer) { return weights[layer]; }

    public DeviceMatrix bias(int layer) { return biases[layer]; }

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
            DeviceMatrix a = activation == Activation.IDENTITY ? z : layerOutputs[i].rows(rows);
            backend.biasActivation(z, biases[i], activation, a);
            lastPreactivations[i] = z;
            lastOutputs[i] = a;
            previous = a;
        }
        return previous;
    }

    @Override
    public void backward(DeviceMatrix gradOutputs) {
        if (lastInputs == null) throw new IllegalStateException("backward called before forward");
        int last = architecture.layerCount() - 1;
        DeviceMatrix gradZ = gradOutputs;
        for (int i = last; i >= 0; i--) {
            DeviceMatrix layerInput = i == 0 ? lastInputs : lastOutputs[i - 1];
            backend.gemm(true, false, 1f, gradZ, layerInput, 0f, weightGradients[i]);
            backend.sumColumns(gradZ, 1f, 0f, biasGradients[i]);
            if (i > 0) {
                DeviceMatrix gradA = gradientBuffers[i - 1].rows(gradZ.rows());
                backend.gemm(false, false, 1f, gradZ, weights[i], 0f, gradA);
                backend.activationBackward(activationOf(i - 1), lastPreactivations[i - 1], gradA, gradA);
                gradZ = gradA;
            }
        }
    }

    @Override
    public void predict(DeviceMatrix inputs, DeviceMatrix outputs) {
        DeviceMatrix result = forward(inputs, false);
        backend.copy(result, outputs);
    }

    @Override
    public void close() {
        for (Workspace w : preactivations) w.close();
        for (Workspace w : layerOutputs) w.close();
        for (Workspace w : gradientBuffers) w.close();
        gradients.close();
        parameters.close();
    }

    /** The layer names of the model file, as PyTorch's state_dict would have them. */
    public static List<String> parameterNames(Architecture architecture) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < architecture.layerCount(); i++) {
            names.add("layers." + i + ".weight");
            names.add("layers." + i + ".bias");
        }
        return names;
    }
}
