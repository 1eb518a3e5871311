package org.netgeom.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import org.netgeom.bmd.AttackSettings;
import org.netgeom.tensor.InvalidInputException;

/**
 * The gradient attacks' options (docs/methods/bmd.md, Gradient attacks), shared by robustness and
 * robustness-study so both parse them to the same defaults: L-inf PGD with no random start, 10
 * steps of epsilon/4, clipped to the data's valid range. Which attack runs ({@code --attack})
 * stays each command's own: robustness also has random flips, the study also has none. An option
 * given that the chosen attack does not read is refused ({@link #refuseInapplicable}), and only
 * the options it reads are settings of a resumable folder ({@link #notApplicable}).
 */
final class AttackArguments {
    /** The budgets when --epsilon is not given: L-inf budgets for pixels in [0, 1]. */
    static final String DEFAULT_EPSILON = "0.01,0.03,0.1";
    /** The flip counts when --flips is not given. */
    static final String DEFAULT_FLIPS = "1,2,4,8,16,32,64";
    /** Every option of this mixin; which of them an attack reads is {@link #applicable}. */
    static final List<String> OPTIONS = List.of("--epsilon", "--steps", "--step-size", "--norm", "--valid-range", "--flips");

    @Option(names = "--epsilon", split = ",", defaultValue = DEFAULT_EPSILON,
            description = "fgsm/pgd budgets, one result row each, e.g. 0.01,0.03,0.1 (default: ${DEFAULT-VALUE}).")
    double[] epsilon;
    @Option(names = "--steps", defaultValue = "" + AttackSettings.DEFAULT_STEPS, description = "PGD steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--step-size", description = "PGD step size (default: epsilon/4).")
    Double stepSize;
    @Option(names = "--norm", defaultValue = "linf",
            description = "linf or l2: the budget's ball and the step's direction (default: ${DEFAULT-VALUE}).")
    String norm;
    @Option(names = "--valid-range", defaultValue = "auto", description = "Where attacked inputs are clipped: auto ([-1, 1] for +-1 inputs, "
            + "[0, 1] for inputs in [0, 1], else none), none, or LO:HI (default: ${DEFAULT-VALUE}).")
    String validRange;
    @Option(names = "--flips", split = ",", defaultValue = DEFAULT_FLIPS, description = "Numbers of flipped inputs k, one result each: "
            + "greedy-flip's (the k sign flips that raise the loss most), and robustness's random flips (default: ${DEFAULT-VALUE}).")
    int[] flips;

    /** The settings of {@code attack} from these options; the valid range is read against the data later ({@link #validRange}). */
    AttackSettings settings(AttackSettings.Attack attack) {
        boolean greedy = attack == AttackSettings.Attack.GREEDY_FLIP;
        return new AttackSettings(attack, AttackSettings.Norm.parse(norm), greedy ? null : epsilon, steps, stepSize, null,
                greedy ? flips : null);
    }

    /**
     * The options of this mixin that {@code attack} reads (as typed, with dashes): fgsm its budgets,
     * norm and clipping; pgd also its steps and step size; greedy-flip its flip counts. Anything
     * else ({@code null}: robustness's random flips, the study's none) reads {@code otherwise}.
     */
    static List<String> applicable(AttackSettings.Attack attack, List<String> otherwise) {
        if (attack == null) return otherwise;
        return switch (attack) {
            case FGSM -> List.of("--epsilon", "--norm", "--valid-range");
            case PGD -> List.of("--epsilon", "--steps", "--step-size", "--norm", "--valid-range");
            case GREEDY_FLIP -> List.of("--flips");
        };
    }

    /**
     * Refuses every option of this mixin given on the command line that {@code applicable} does
     * not hold, naming them and {@code attackName}, so an option the user typed is never silently
     * dropped.
     */
    static void refuseInapplicable(CommandLine.ParseResult parsed, String attackName, List<String> applicable) {
        List<String> given = OPTIONS.stream().filter(option -> !applicable.contains(option) && parsed.hasMatchedOption(option)).toList();
        if (given.isEmpty()) return;
        String reads = applicable.isEmpty() ? "none of the attack options" : "only " + String.join(", ", applicable);
        throw new InvalidInputException(String.join(", ", given) + (given.size() == 1 ? " does" : " do") + " not apply to --attack "
                + attackName + " (it reads " + reads + "): leave " + (given.size() == 1 ? "it" : "them") + " out or choose another --attack");
    }

    /** The option names (without dashes, as settings record them) of this mixin that {@code applicable} does not hold. */
    static Set<String> notApplicable(List<String> applicable) {
        return OPTIONS.stream().filter(option -> !applicable.contains(option)).map(option -> option.substring(2))
                .collect(Collectors.toUnmodifiableSet());
    }
}
