package org.netgeom.cli;

import picocli.CommandLine.Option;
import org.netgeom.tensor.Activation;

/** For commands that read model files: the activation of a plain PyTorch state_dict, which its file cannot say. */
final class PlainModelArguments {
    @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
            description = "Activation between the Linear layers of a plain PyTorch state_dict (.safetensors without netgeom"
                    + " metadata; keys 0.weight, 2.weight, ... or layers.{i}.*): relu, tanh, erf, gelu or identity"
                    + " (default: ${DEFAULT-VALUE}). netgeom's own model files record theirs.")
    String activation;

    Activation value() { return Activation.parse(activation); }
}
