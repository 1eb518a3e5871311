package org.netgeom.tensor;

import java.util.Locale;

/**
 * Element-wise nonlinearities a backend applies (fused with the bias add on the forward pass).
 * {@code GELU} is the exact form x * Phi(x), as PyTorch's default {@code nn.GELU()}.
 */
public enum Activation {
    IDENTITY, RELU, TANH, ERF, GELU;

    /** Parses the CLI/file name (identity, relu, tanh, erf, gelu); "linear" means identity. */
    public static Activation parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("linear") || key.equals("none")) return IDENTITY;
        for (Activation a : values()) {
            if (a.cliName().equals(key)) return a;
        }
        throw new InvalidInputException("unknown activation '" + name + "': use identity, relu, tanh, erf or gelu");
    }

    /** The name the CLI and model files use: identity, relu, tanh, erf or gelu. */
    public String cliName() { return name().toLowerCase(Locale.ROOT); }
}
