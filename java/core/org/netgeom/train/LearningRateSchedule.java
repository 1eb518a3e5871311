package org.netgeom.train;

import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;

/**
 * The learning-rate factor per step: a shape (constant, step decay every {@code stepEpochs}
 * epochs by {@code gamma}, or cosine to zero over the run) after an optional linear warmup.
 * CLI form: {@code constant}, {@code step:EPOCHS:GAMMA}, {@code cosine}; warmup given apart.
 */
public record LearningRateSchedule(Shape shape, int warmupSteps, double stepEpochs, double gamma) {
    /**
     * The shape after warmup: constant, step decay by {@code gamma} every {@code stepEpochs}
     * epochs, or cosine to zero.
     */
    public enum Shape { CONSTANT, STEP, COSINE }

    public LearningRateSchedule {
        if (warmupSteps < 0) throw new InvalidInputException("warmup steps must be >= 0, got " + warmupSteps);
        if (shape == Shape.STEP && !(stepEpochs > 0)) {
            throw new InvalidInputException("step schedule needs an interval > 0 epochs, got " + stepEpochs);
        }
        if (shape == Shape.STEP && !(gamma > 0 && gamma <= 1)) {
            throw new InvalidInputException("step schedule gamma must be in (0, 1], got " + gamma);
        }
    }

    /** The constant factor 1, without warmup. */
    public static LearningRateSchedule constant() { return new LearningRateSchedule(Shape.CONSTANT, 0, 1, 1); }

    /**
     * Parses the CLI form ({@code constant}, {@code cosine}, {@code step:EPOCHS:GAMMA}; step alone
     * means step:1:0.1) with a linear warmup over {@code warmupSteps} steps.
     */
    public static LearningRateSchedule parse(String text, int warmupSteps) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            return switch (parts[0]) {
                case "constant" -> new LearningRateSchedule(Shape.CONSTANT, warmupSteps, 1, 1);
                case "cosine" -> new LearningRateSchedule(Shape.COSINE, warmupSteps, 1, 1);
                case "step" -> new LearningRateSchedule(Shape.STEP, warmupSteps,
                        parts.length > 1 ? Double.parseDouble(parts[1]) : 1,
                        parts.length > 2 ? Double.parseDouble(parts[2]) : 0.1);
                default -> throw new InvalidInputException("unknown schedule '" + text
                        + "': use constant, cosine or step:EPOCHS:GAMMA");
            };
        } catch (NumberFormatException e) {
            throw new InvalidInputException("schedule '" + text + "' has a number that does not parse: use step:EPOCHS:GAMMA");
        }
    }

    /** Factor in [0, 1] for step {@code step} (0-based) of {@code totalSteps}. */
    public double factor(long step, long totalSteps, long stepsPerEpoch) {
        double warm = warmupSteps > 0 && step < warmupSteps ? (step + 1) / (double) warmupSteps : 1.0;
        double shaped = switch (shape) {
            case CONSTANT -> 1.0;
            case STEP -> Math.pow(gamma, Math.floor(step / (stepEpochs * stepsPerEpoch)));
            case COSINE -> {
                long span = Math.max(1, totalSteps - warmupSteps);
                double progress = Math.min(1.0, Math.max(0, step - warmupSteps) / (double) span);
                yield 0.5 * (1 + Math.cos(Math.PI * progress));
            }
        };
        return warm * shaped;
    }

    /** The CLI form back, with "+warmup:N" when there is a warmup; for run.json and messages. */
    public String describe() {
        String base = switch (shape) {
            case CONSTANT -> "constant";
            case COSINE -> "cosine";
            case STEP -> "step:" + stepEpochs + ":" + gamma;
        };
        return warmupSteps > 0 ? base + "+warmup:" + warmupSteps : base;
    }
}
