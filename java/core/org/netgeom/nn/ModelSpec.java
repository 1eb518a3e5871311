package org.netgeom.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * What model to build, as the CLI's --model names it: an MLP architecture ("784-256-10") or
 * random features ("rf:P", P features, input and output sizes taken from the data).
 */
public sealed interface ModelSpec {

    /** A new model with freshly drawn parameters for data of the given input size and outputs. */
    TrainableModel build(Backend backend, int inputDim, int outputDim, long seed);

    String describe();

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

    record RandomFeaturesSpec(int featureCount, Activation activation) implements ModelSpec {
        @Override
        public TrainableModel build(Backend backend, int inputDim, int outputDim, long seed) {
            return new RandomFeatures(backend, inputDim, featureCount, outputDim, activation, seed);
        }

        @Override
        public String describe() { return "random-features p=" + featureCount; }
    }

    /** Parses --model with the --activation list (one for all hidden layers, or one per layer). */
    static ModelSpec parse(String model, String activations, Initialization initialization, MlpOptions options) {
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
