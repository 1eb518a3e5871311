package org.netgeom.cli;

import picocli.CommandLine.Option;
import org.netgeom.data.InputExpansion;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.tensor.ImageShape;

/** What model to build: architecture, activations, initialization, symmetry breakers, input expansion. */
final class ModelArguments {
    @Option(names = "--model", defaultValue = "784-256-10", description = "MLP widths like 784-256-10, rf:P for P random features, or a"
            + " convolutional network: a layer list like conv:32k3p1,relu,maxpool:2,flatten,linear:10 or resnet18, resnet20, allcnn,"
            + " lenet5 (see netgeom describe) (default: ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--input-shape", paramLabel = "CxHxW", description = "Image shape a convolutional network takes, e.g. 1x28x28;"
            + " default: a square image of 1 or 3 channels from the data's size.")
    String inputShape;
    @Option(names = "--activation", defaultValue = "relu", description = "identity, relu, tanh, erf or gelu; one, or one per hidden layer (comma-separated) (default: ${DEFAULT-VALUE}).")
    String activation;
    @Option(names = "--init", defaultValue = "pytorch", description = "pytorch, normal or zeros (default: ${DEFAULT-VALUE}).")
    String init;
    @Option(names = "--dropout", defaultValue = "0", description = "Dropout rate after each hidden activation (default: ${DEFAULT-VALUE}).")
    float dropout;
    @Option(names = "--batch-norm", description = "Batch normalization before each hidden activation.")
    boolean batchNorm;
    @Option(names = "--expand-input", defaultValue = "1", description = "Input expansion factor K for square images: NK x NK with the original pixels at (iK, jK) (default: ${DEFAULT-VALUE}, none).")
    int expandInput;
    @Option(names = "--expand-value", defaultValue = "0.5", description = "Constant of the added pixels or dimensions (default: ${DEFAULT-VALUE}).")
    float expandValue;
    @Option(names = "--expand-dims", defaultValue = "0", description = "Constant dimensions appended to vector inputs (default: ${DEFAULT-VALUE}).")
    int expandDims;
    @Option(names = "--expand-fill", defaultValue = "constant", description = "What the pixels between the original ones hold: "
            + "constant (--expand-value, the paper's expansion), nearest or bilinear (upsampling to NK x NK, the study's controls; "
            + "default: ${DEFAULT-VALUE}).")
    String expandFill;
    ModelSpec spec() {
        return ModelSpec.parse(model, activation, Initialization.parse(init), new MlpOptions(dropout, batchNorm),
                inputShape == null ? null : ImageShape.parse(inputShape));
    }

    InputExpansion expansion() {
        return new InputExpansion(expandInput, expandValue, expandDims, InputExpansion.Fill.parse(expandFill));
    }
}
