package org.netgeom.nn;

import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;

/**
 * How an MLP's parameters start. Random numbers come from Philox streams keyed by the seed
 * (layer i: weight stream 2i, bias stream 2i + 1), so every backend starts from the same weights.
 */
public enum Initialization {
    /** PyTorch's nn.Linear default: weight and bias ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (Kaiming-uniform, a = sqrt 5). */
    PYTORCH,
    /** weight ~ N(0, 1/fanIn) (LeCun normal), bias 0. */
    NORMAL,
    /** Everything 0 (a symmetric start, for experiments). */
    ZEROS;

    /** Parses pytorch (or default, kaiming-uniform), normal or zeros. */
    public static Initialization parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "pytorch", "default", "kaiming-uniform" -> PYTORCH;
            case "normal" -> NORMAL;
            case "zeros" -> ZEROS;
            default -> throw new InvalidInputException("unknown initialization '" + name + "': use pytorch, normal or zeros");
        };
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    /** The Philox stream of parameter tensor {@code layer}'s weights under the model's seed (MLP layers, ConvNet parameters). */
    public static long weightStream(int layer) { return 2L * layer; }

    /** The Philox stream of parameter tensor {@code layer}'s biases. */
    public static long biasStream(int layer) { return 2L * layer + 1; }
}
