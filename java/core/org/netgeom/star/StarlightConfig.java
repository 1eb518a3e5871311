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
                default -> throw InvalidInputException.forField("start", "unknown {start} '" + name + "': use random or source-average");
            };
        }

        public String cliName() { return this == RANDOM ? "random" : "source-average"; }
    }

    public StarlightConfig {
        if (tSampling == null) throw InvalidInputException.forField("tSampling", "Starlight needs a {tSampling}");
        if (start == null) throw InvalidInputException.forField("start", "Starlight needs a {start}");
        if (!(mu >= 0 && mu <= 1000)) throw InvalidInputException.forField("mu", "{mu} must be in [0, 1000], got " + mu);
    }

    /**
     * The CLI's defaults, for building a configuration field by field: t uniform in [0, 1],
     * mu 0, no realignment, a random start, seed 1.
     */
    public static StarlightConfig defaults() { return new StarlightConfig(TSampling.UNIFORM, 0, false, Start.RANDOM, 1); }

    public StarlightConfig withTSampling(TSampling value) { return new StarlightConfig(value, mu, realign, start, seed); }

    public StarlightConfig withMu(double value) { return new StarlightConfig(tSampling, value, realign, start, seed); }

    public StarlightConfig withRealign(boolean value) { return new StarlightConfig(tSampling, mu, value, start, seed); }

    public StarlightConfig withStart(Start value) { return new StarlightConfig(tSampling, mu, realign, value, seed); }

    public StarlightConfig withSeed(long value) { return new StarlightConfig(tSampling, mu, realign, start, value); }
}
