package org.netgeom.star;

import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;

/**
 * How Starlight draws the position t on the segment to a source each step (docs/methods/star.md,
 * Starlight).
 */
public enum TSampling {
    /** t ~ U[0, 1] (the default). */
    UNIFORM,
    /** t ~ Beta(2, 2), drawn as the median of three uniforms (which has exactly that law). */
    BETA,
    /** t = 0.5. */
    CONSTANT;

    public static TSampling parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "uniform" -> UNIFORM;
            case "beta" -> BETA;
            case "constant" -> CONSTANT;
            default -> throw InvalidInputException.forField("tSampling", "unknown {tSampling} '" + name + "': use uniform, beta or constant");
        };
    }

    /** t from three independent uniforms in [0, 1). */
    public double sample(double u1, double u2, double u3) {
        return switch (this) {
            case UNIFORM -> u1;
            case BETA -> Math.max(Math.min(u1, u2), Math.min(Math.max(u1, u2), u3));
            case CONSTANT -> 0.5;
        };
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }
}
