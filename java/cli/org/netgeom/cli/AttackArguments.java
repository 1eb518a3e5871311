package org.netgeom.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import org.netgeom.bmd.AttackSettings;
import org.netgeom.tensor.InvalidInputException;

/**
 * The gradient attacks' options (docs/methods/bmd.md, Gradient attacks), shared by robustness and
 * robustness-study so both parse them to the same defaults: L-inf PGD with no random start, 10
 * steps of epsilon/4, clipped to the data's valid range. Which attack runs ({@code --attack})
 * stays each command's own: robustness also has random flips, the study also has none.
 */
final class AttackArguments {
    /** The budgets when --epsilon is not given: L-inf budgets for pixels in [0, 1]. */
    static final String DEFAULT_EPSILON = "0.01,0.03,0.1";
    /** The flip counts when --flips is not given. */
    static final String DEFAULT_FLIPS = "1,2,4,8,16,32,64";
    /** The options that only a gradient attack (fgsm, pgd) reads. */
    static final List<String> GRADIENT_OPTIONS = List.of("--epsilon", "--steps", "--step-size");

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
     * Refuses the options only fgsm and pgd read when the command runs neither ({@code what}
     * names what it runs instead), so a budget the user typed is never silently dropped.
     */
    static void refuseGradientOptions(CommandLine.ParseResult parsed, String what) {
        List<String> given = GRADIENT_OPTIONS.stream().filter(parsed::hasMatchedOption).toList();
        if (!given.isEmpty()) {
            throw new InvalidInputException(String.join(", ", given) + (given.size() == 1 ? " belongs" : " belong")
                    + " to --attack fgsm or pgd; " + what);
        }
    }
}
