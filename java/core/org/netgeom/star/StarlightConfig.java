package org.netgeom.star;

import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;

/**
 * Starlight's own settings (docs/methods/star.md, Starlight); the optimizer, schedule and epochs
 * are the Trainer's. {@code mu} weighs the star model's own loss:
 * (L(theta_t) + mu L(theta*)) / (1 + mu). {@code realign} aligns every source to the star model at
 * the start of each epoch. {@code start} is the star model's initialization: random, or the average
 * of the sources after aligning them to the first one.
 */
public record StarlightConfig(TSampling tSampling, double mu, boolean realign, Start start, long seed) {
    public enum Start {
        RANDOM, SOURCE_AVERAGE;

        public static Start parse(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "random" -> RANDOM;
                case "source-average" -> SOURCE_AVERAGE;
                default -> throw new InvalidInputException("unknown --star-init '" + name + "': use random or source-average");
            };
        }

        public String cliName() { return this == RANDOM ? "random" : "source-average"; }
    }

    public StarlightConfig {
        if (!(mu >= 0 && mu <= 1000)) throw new InvalidInputException("--mu must be in [0, 1000], got " + mu);
    }

    public static StarlightConfig defaults(long seed) { return new StarlightConfig(TSampling.UNIFORM, 0, false, Start.RANDOM, seed); }
}
