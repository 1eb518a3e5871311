package org.netgeom.train;

import java.util.Locale;
import java.util.TreeSet;
import org.netgeom.tensor.InvalidInputException;

/**
 * Which steps a callback acts on: {@code steps:K} (every K steps), {@code epochs:K} (every K
 * epochs), or {@code log:COUNT} (COUNT steps log-spaced from step 1 to the last, plus step 0).
 * Step s means "after s optimizer steps"; step 0 is the initial model.
 */
public final class StepSchedule {
    private final String kind;
    private final int value;

    private StepSchedule(String kind, int value) {
        if (value < 1) throw new InvalidInputException("schedule '" + kind + ":" + value + "' needs a count >= 1");
        this.kind = kind;
        this.value = value;
    }

    /** Every {@code k} optimizer steps ({@code steps:K}). */
    public static StepSchedule everySteps(int k) { return new StepSchedule("steps", k); }
    /** At the end of every {@code k} epochs ({@code epochs:K}). */
    public static StepSchedule everyEpochs(int k) { return new StepSchedule("epochs", k); }
    /** {@code count} steps log-spaced from step 1 to the last, plus step 0 ({@code log:COUNT}). */
    public static StepSchedule logSpaced(int count) { return new StepSchedule("log", count); }

    /**
     * Parses the CLI form: {@code steps:K}, {@code epochs:K} or {@code log:COUNT}, K and COUNT at
     * least 1.
     */
    public static StepSchedule parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":");
        if (parts.length != 2) throw invalid(text);
        int count;
        try {
            count = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        return switch (parts[0]) {
            case "steps" -> everySteps(count);
            case "epochs" -> everyEpochs(count);
            case "log" -> logSpaced(count);
            default -> throw invalid(text);
        };
    }

    private static InvalidInputException invalid(String text) {
        return new InvalidInputException("schedule '" + text + "' must be steps:K, epochs:K or log:COUNT");
    }

    /** The steps in [0, totalSteps] this schedule selects, in order. */
    public TreeSet<Long> steps(long totalSteps, long stepsPerEpoch) {
        TreeSet<Long> steps = new TreeSet<>();
        steps.add(0L);
        switch (kind) {
            case "steps" -> { for (long s = value; s <= totalSteps; s += value) steps.add(s); }
            case "epochs" -> { for (long s = value * stepsPerEpoch; s <= totalSteps; s += value * stepsPerEpoch) steps.add(s); }
            default -> {
                for (int i = 0; i < value; i++) {
                    double fraction = value == 1 ? 1 : i / (double) (value - 1);
                    steps.add(Math.round(Math.pow(Math.max(totalSteps, 1), fraction)));
                }
            }
        }
        steps.add(totalSteps);
        return steps;
    }

    @Override
    public String toString() { return kind + ":" + value; }
}
