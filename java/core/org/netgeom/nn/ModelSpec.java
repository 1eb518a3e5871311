package org.netgeom.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;

/**
 * What model to build, as the CLI's --model names it: an MLP architecture ("784-256-10"),
 * random features ("rf:P", P features, input and output sizes taken from the data), or a
 * convolutional network ("conv:32k3p1,relu,...", "resnet18"; see docs/methods/networks.md).
 */
public sealed interface ModelSpec {

    /** A new model with freshly drawn parameters for data of the given input size and outputs. */
    TrainableModel build(Backend backend, int inputDim, int outputDim, long seed);

    /** A short description for messages, e.g. {@code mlp 784-256-10 +batchnorm}. */
    String describe();

    /**
     * An MLP: its widths, the activations (one for all hidden layers, or one per layer), how its
     * parameters start, and its symmetry breakers.
     */
    record MlpSpec(Architecture architecture, List<Activation> activations, Initialization initialization, MlpOptions options)
            implements ModelSpec {
        @Override
        public TrainableModel build(Backend backend, int inputDim, int outputDim, long seed) {
            if (architecture.inputDim() != inputDim) {
                throw new InvalidInputException("model " + architecture + " takes " + architecture.inputDim()
                        + " inputs but the data has " + inputDim + " features");
            }
            if (architecture.outputDim() < outputDim) {
                throw new InvalidInputException("model " + architecture + " has " + architecture.outputDim()
                        + " outputs but the data needs " + outputDim);
            }
            return new Mlp(backend, architecture, activations, options).initialize(initialization, seed);
        }

        @Override
        public String describe() {
            return "mlp " + architecture + (options.batchNorm() ? " +batchnorm" : "") + (options.dropout() > 0 ? " +dropout " + options.dropout() : "");
        }
    }

    /**
     * Random features ({@code rf:P}): P features with the given activation; input and output sizes
     * come from the data.
     */
    record RandomFeaturesSpec(int featureCount, Activation activation) implements ModelSpec {
        @Override
        public TrainableModel build(Backend backend, int inputDim, int outputDim, long seed) {
            return new RandomFeatures(backend, inputDim, featureCount, outputDim, activation, seed);
        }

        @Override
        public String describe() { return "random-features p=" + featureCount; }
    }

    /**
     * A convolutional network ({@link Network}: a layer list or a named model) on images of
     * {@code inputShape}; null takes the shape from the data's input size (S x S: one channel,
     * 3 S x S: three). A shape other than the data's pads the data's square images to it and copies
     * one channel into several ({@link InputFit}: Fashion-MNIST on {@code 3x32x32}). Named models get as many outputs as the data has classes.
     */
    record NetworkSpec(String architecture, ImageShape inputShape) implements ModelSpec {
        @Override
        public TrainableModel build(Backend backend, int inputDim, int outputDim, long seed) {
            ImageShape shape = inputShape != null ? inputShape : squareImage(inputDim);
            ImageShape data = shape;
            if (shape.size() != inputDim) {
                data = squareImageOrNull(inputDim);
                if (data == null) {
                    throw InvalidInputException.forField("inputShape", "{inputShape} " + shape + " has " + shape.size()
                            + " values per image but the data has " + inputDim + " features (not a square image to pad)");
                }
            }
            ConvNet net = new ConvNet(backend, Network.parse(architecture, outputDim), new InputFit(data, shape));
            if (net.outputDim() < outputDim) {
                net.close();
                throw new InvalidInputException("model " + architecture + " has " + net.outputDim() + " outputs but the data needs "
                        + outputDim);
            }
            return net.initialize(seed);
        }

        @Override
        public String describe() { return "network " + architecture + (inputShape == null ? "" : " on " + inputShape); }

        private static ImageShape squareImage(int inputDim) {
            ImageShape square = squareImageOrNull(inputDim);
            if (square != null) return square;
            throw InvalidInputException.forField("inputShape", "the data's " + inputDim
                    + " features are not a square image of 1 or 3 channels: give {inputShape} as CxHxW");
        }

        private static ImageShape squareImageOrNull(int inputDim) {
            for (int channels : new int[] {1, 3}) {
                int side = (int) Math.round(Math.sqrt(inputDim / (double) channels));
                if (inputDim % channels == 0 && side * side * channels == inputDim) return new ImageShape(channels, side, side);
            }
            return null;
        }
    }

    /** Parses --model with the --activation list (one for all hidden layers, or one per layer). */
    static ModelSpec parse(String model, String activations, Initialization initialization, MlpOptions options) {
        return parse(model, activations, initialization, options, null);
    }

    /**
     * {@link #parse(String, String, Initialization, MlpOptions)}, with the image shape a
     * convolutional network takes (null: from the data). A network's layer list says its
     * activations, dropout and batch norm; {@code activations} is not used for it.
     */
    static ModelSpec parse(String model, String activations, Initialization initialization, MlpOptions options,
                           ImageShape inputShape) {
        if (Network.isNetworkSpec(model)) {
            if (!options.equals(MlpOptions.none())) {
                throw InvalidInputException.forFields(List.of("dropout", "batchNorm"), "{dropout} and {batchNorm} apply to MLPs;"
                        + " a network's layer list says where they go (dropout:P, bn)");
            }
            if (initialization != Initialization.PYTORCH) {
                throw InvalidInputException.forField("init", "networks start from PyTorch's default initialization; {init} "
                        + initialization + " applies to MLPs");
            }
            Network.parse(model, 10); // a malformed spec fails here, before any data is read
            return new NetworkSpec(model.trim(), inputShape);
        }
        List<Activation> parsed = new ArrayList<>();
        for (String name : activations.split(",")) parsed.add(Activation.parse(name));
        String key = model.trim().toLowerCase(Locale.ROOT);
        if (key.startsWith("rf:")) {
            try {
                int p = Integer.parseInt(key.substring(3));
                if (p < 1) throw new NumberFormatException();
                if (parsed.size() != 1) throw InvalidInputException.forField("activation", "random features take one {activation}, got " + activations);
                if (!options.equals(MlpOptions.none())) throw InvalidInputException.forFields(List.of("dropout", "batchNorm"), "{dropout} and {batchNorm} apply to MLPs, not rf:P");
                return new RandomFeaturesSpec(p, parsed.get(0));
            } catch (NumberFormatException e) {
                throw InvalidInputException.forField("model", "{model} " + model + ": write rf:P with P >= 1 features");
            }
        }
        Architecture architecture = Architecture.parse(model);
        if (parsed.size() == 1) parsed = java.util.Collections.nCopies(architecture.layerCount() - 1, parsed.get(0));
        return new MlpSpec(architecture, List.copyOf(parsed), initialization, options);
    }
}
