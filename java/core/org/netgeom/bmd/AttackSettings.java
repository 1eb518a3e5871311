package org.netgeom.bmd;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * What {@link GradientAttack} does (docs/methods/bmd.md, Gradient attacks): the attack, its norm,
 * the budgets (one result row per epsilon, or per flip count for greedy-flip), the PGD steps and
 * step size (null: epsilon / 4), and the inputs' valid range.
 */
public record AttackSettings(Attack attack, Norm norm, double[] epsilon, int steps, Double stepSize, ValidRange validRange,
                             int[] flipCounts) {
    /** PGD steps when none are given. */
    public static final int DEFAULT_STEPS = 10;

    /** The attacks by their CLI names. */
    public enum Attack {
        FGSM("fgsm"), PGD("pgd"), GREEDY_FLIP("greedy-flip");

        private final String cliName;

        Attack(String cliName) { this.cliName = cliName; }

        public String cliName() { return cliName; }

        public static Attack parse(String name) {
            for (Attack a : values()) if (a.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) return a;
            throw InvalidInputException.forField("attack", "unknown {attack} '" + name + "': use fgsm, pgd or greedy-flip");
        }
    }

    /** The budget's norm: the ball the perturbation stays in and the step's direction. */
    public enum Norm {
        LINF("linf"), L2("l2");

        private final String cliName;

        Norm(String cliName) { this.cliName = cliName; }

        public String cliName() { return cliName; }

        public static Norm parse(String name) {
            for (Norm n : values()) if (n.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) return n;
            throw InvalidInputException.forField("norm", "unknown {norm} '" + name + "': use linf or l2");
        }
    }

    /**
     * Every attacked input is clipped into [lower, upper] after each step (infinite bounds: no
     * clipping). {@code name} says where it came from ("+-1 inputs", "[0, 1] inputs", "given", "none").
     */
    public record ValidRange(double lower, double upper, String name) {
        public ValidRange {
            if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
                throw InvalidInputException.forField("validRange", "{validRange} needs lower <= upper, got " + lower + ":" + upper);
            }
        }

        public static ValidRange unbounded() { return new ValidRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "none"); }

        /**
         * The range the data's own values say: [-1, 1] when every value is -1 or +1 (binarized
         * inputs), [0, 1] when every value lies in [0, 1] (pixels), else unbounded.
         */
        public static ValidRange of(Matrix inputs) {
            boolean signs = true, unit = true;
            for (float v : inputs.data()) {
                signs &= v == 1f || v == -1f;
                unit &= v >= 0f && v <= 1f;
                if (!signs && !unit) return unbounded();
            }
            if (signs) return new ValidRange(-1, 1, "+-1 inputs");
            return new ValidRange(0, 1, "[0, 1] inputs");
        }

        /** "auto" (the data's, {@link #of}), "none", or "LO:HI". */
        public static ValidRange parse(String text, Matrix inputs) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("auto")) return of(inputs);
            if (t.equals("none")) return unbounded();
            String[] parts = t.split(":");
            try {
                if (parts.length == 2) return new ValidRange(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), "given");
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw InvalidInputException.forField("validRange", "{validRange} must be auto, none or LO:HI (e.g. 0:1), got '" + text + "'");
        }

        public boolean bounded() { return Double.isFinite(lower) || Double.isFinite(upper); }

        @Override
        public String toString() { return bounded() ? "[" + lower + ", " + upper + "]" : "none"; }
    }

    public AttackSettings {
        if (attack == null) throw InvalidInputException.forField("attack", "{attack} is required: fgsm, pgd or greedy-flip");
        norm = norm == null ? Norm.LINF : norm;
        validRange = validRange == null ? ValidRange.unbounded() : validRange;
        if (attack == Attack.GREEDY_FLIP) {
            if (flipCounts == null || flipCounts.length == 0) {
                throw InvalidInputException.forField("flipCounts", "greedy-flip needs {flipCounts}: how many coordinates to flip");
            }
            for (int k : flipCounts) {
                if (k < 0) throw InvalidInputException.forField("flipCounts", "{flipCounts} must be >= 0, got " + k);
            }
            flipCounts = flipCounts.clone();
            epsilon = new double[0];
        } else {
            if (epsilon == null || epsilon.length == 0) {
                throw InvalidInputException.forField("epsilon", attack.cliName() + " needs {epsilon}: one or more budgets, e.g. 0.1");
            }
            for (double e : epsilon) {
                if (!(e >= 0) || !Double.isFinite(e)) throw InvalidInputException.forField("epsilon", "{epsilon} must be finite and >= 0, got " + e);
            }
            epsilon = epsilon.clone();
            flipCounts = new int[0];
        }
        if (steps < 1) throw InvalidInputException.forField("steps", "{steps} must be >= 1, got " + steps);
        if (stepSize != null && !(stepSize > 0 && Double.isFinite(stepSize))) {
            throw InvalidInputException.forField("stepSize", "{stepSize} must be finite and > 0, got " + stepSize);
        }
        if (attack != Attack.PGD && stepSize != null) {
            throw InvalidInputException.forFields(List.of("stepSize", "attack"), "{stepSize} is PGD's: use {attack} pgd, or leave it out");
        }
        if (attack == Attack.GREEDY_FLIP && norm != Norm.LINF) {
            throw InvalidInputException.forFields(List.of("norm", "attack"), "{norm} belongs to fgsm and pgd; greedy-flip ({attack}) counts flips");
        }
    }

    /** FGSM or PGD under {@code norm} at each of {@code epsilon}, PGD's default steps and step size, unbounded inputs. */
    public static AttackSettings of(Attack attack, Norm norm, double... epsilon) {
        return new AttackSettings(attack, norm, epsilon, DEFAULT_STEPS, null, null, null);
    }

    /** Greedy sign flips of each of {@code flipCounts} coordinates. */
    public static AttackSettings greedyFlips(int... flipCounts) {
        return new AttackSettings(Attack.GREEDY_FLIP, Norm.LINF, null, 1, null, null, flipCounts);
    }

    public AttackSettings withSteps(int newSteps) {
        return new AttackSettings(attack, norm, epsilon, newSteps, stepSize, validRange, flipCounts);
    }

    public AttackSettings withStepSize(Double newStepSize) {
        return new AttackSettings(attack, norm, epsilon, steps, newStepSize, validRange, flipCounts);
    }

    public AttackSettings withValidRange(ValidRange range) {
        return new AttackSettings(attack, norm, epsilon, steps, stepSize, range, flipCounts);
    }

    /** PGD's step for budget {@code eps}: the given step size, or eps / 4; FGSM's single step is eps. */
    public double stepFor(double eps) {
        if (attack == Attack.FGSM) return eps;
        return stepSize != null ? stepSize : eps / 4;
    }

    /** Gradient steps per example: PGD's steps, 1 for FGSM and greedy-flip. */
    public int effectiveSteps() { return attack == Attack.PGD ? steps : 1; }

    @Override
    public double[] epsilon() { return epsilon.clone(); }

    @Override
    public int[] flipCounts() { return flipCounts.clone(); }

    @Override
    public String toString() {
        return attack.cliName() + " " + norm.cliName() + " eps " + Arrays.toString(epsilon) + " flips " + Arrays.toString(flipCounts)
                + " steps " + steps + " step " + stepSize + " range " + validRange;
    }
}
