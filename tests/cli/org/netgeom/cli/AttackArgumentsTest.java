package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import org.netgeom.bmd.AttackSettings;

/** robustness and robustness-study read the attack options through one mixin, to the same defaults (issue 16's contract). */
class AttackArgumentsTest {
    private static final List<String> ATTACK_OPTIONS = List.of("--epsilon", "--steps", "--step-size", "--norm", "--valid-range", "--flips");

    private static CommandSpec command(String name) {
        return Main.commandLine().getSubcommands().get(name).getCommandSpec();
    }

    /** The attack options of {@code args} after picocli parsed them (defaults filled in), nothing run. */
    private static AttackArguments parsed(String... args) {
        CommandLine cli = Main.commandLine();
        cli.parseArgs(args);
        Object command = cli.getSubcommands().get(args[0]).getCommand();
        return switch (command) {
            case RobustnessCommand robustness -> robustness.attackOptions;
            case RobustnessStudyCommand study -> study.attackOptions;
            default -> throw new AssertionError("not an attack command: " + args[0]);
        };
    }

    @Test
    void everyOptionBothCommandsDeclareHasTheSameDefault() {
        CommandSpec robustness = command("robustness"), study = command("robustness-study");
        List<String> shared = new ArrayList<>();
        for (OptionSpec option : robustness.options()) {
            OptionSpec other = study.findOption(option.longestName());
            // --attack picks each command's measurement: robustness's random flips, the study's none.
            if (other == null || option.longestName().equals("--attack") || option.usageHelp() || option.versionHelp()) continue;
            shared.add(option.longestName());
            assertEquals(option.defaultValue(), other.defaultValue(), option.longestName() + " defaults differ between the commands");
        }
        assertTrue(shared.containsAll(ATTACK_OPTIONS), "both commands take every attack option: " + shared);
    }

    @Test
    void theAttackOptionsComeFromOneMixinInBothCommands() {
        for (String name : List.of("robustness", "robustness-study")) {
            CommandSpec mixin = command(name).mixins().get("attackOptions");
            assertNotNull(mixin, name + " mixes in AttackArguments");
            assertEquals(AttackArguments.class, mixin.userObject().getClass(), name);
            List<String> declared = mixin.options().stream().map(OptionSpec::longestName).sorted().toList();
            assertEquals(ATTACK_OPTIONS.stream().sorted().toList(), declared, name);
        }
    }

    @Test
    void bothCommandsParseNoAttackOptionsToTheSameSettings() {
        AttackArguments robustness = parsed("robustness", "--model", "m.safetensors");
        AttackArguments study = parsed("robustness-study", "--models", "m.safetensors", "--out", "study");
        for (AttackSettings.Attack attack : AttackSettings.Attack.values()) {
            assertEquals(robustness.settings(attack).toString(), study.settings(attack).toString(), attack.cliName());
        }
        assertEquals(robustness.validRange, study.validRange);
        assertArrayEquals(robustness.flips, study.flips);
    }

    @Test
    void theDefaultsAreIssue16sLinfPgdWithoutRandomStartStepEpsilonOverFourClippedToTheData() {
        AttackArguments options = parsed("robustness-study", "--models", "m.safetensors", "--out", "study");
        AttackSettings pgd = options.settings(AttackSettings.Attack.PGD);
        assertEquals(AttackSettings.Norm.LINF, pgd.norm());
        assertNull(pgd.stepSize(), "no step size given");
        assertEquals(0.1 / 4, pgd.stepFor(0.1), 0.0, "step epsilon/4");
        assertEquals(AttackSettings.DEFAULT_STEPS, pgd.steps());
        assertArrayEquals(new double[] {0.01, 0.03, 0.1}, pgd.epsilon());
        assertEquals("auto", options.validRange, "clipped to the data's own range");
        assertEquals("pgd", command("robustness-study").findOption("--attack").defaultValue());
    }

    @Test
    void givenOptionsOverrideTheDefaultsInBothCommands() {
        String[] attack = {"--epsilon", "0.5", "--steps", "3", "--step-size", "0.2", "--norm", "l2", "--valid-range", "0:1", "--flips", "5"};
        AttackArguments robustness = parsed(concat(new String[] {"robustness", "--model", "m"}, attack));
        AttackArguments study = parsed(concat(new String[] {"robustness-study", "--models", "m", "--out", "o"}, attack));
        for (AttackArguments options : List.of(robustness, study)) {
            AttackSettings pgd = options.settings(AttackSettings.Attack.PGD);
            // The valid range is read against the data when the attack runs, so the settings start unbounded.
            assertEquals("pgd l2 eps [0.5] flips [] steps 3 step 0.2 range none", pgd.toString());
            assertEquals("0:1", options.validRange);
            assertArrayEquals(new int[] {5}, options.flips);
        }
    }

    @Test
    void gradientOptionsWithoutAGradientAttackAreRefusedByName() {
        CliTest.Result study = CliTest.run("robustness-study", "--models", "m.safetensors", "--out", "study", "--attack", "none",
                "--random-flips", "2", "--steps", "4");
        assertRefused(study, "--steps does not apply to --attack none (it reads none of the attack options)");

        CliTest.Result robustness = CliTest.run("robustness", "--model", "m.safetensors", "--epsilon", "0.1", "--step-size", "0.01");
        assertRefused(robustness, "--epsilon, --step-size do not apply to --attack random (it reads only --flips)");
    }

    @Test
    void fgsmRefusesPgdStepsAndFlipsInBothCommands() {
        String[] options = {"--attack", "fgsm", "--steps", "2", "--flips", "3"};
        assertRefused(CliTest.run(concat(new String[] {"robustness-study", "--models", "m.safetensors", "--out", "o"}, options)),
                "--steps, --flips do not apply to --attack fgsm (it reads only --epsilon, --norm, --valid-range)");
        assertRefused(CliTest.run(concat(new String[] {"robustness", "--model", "m.safetensors"}, options)),
                "--steps, --flips do not apply to --attack fgsm");
    }

    @Test
    void pgdRefusesFlipsInBothCommands() {
        String[] options = {"--attack", "pgd", "--epsilon", "0.1", "--flips", "3"};
        assertRefused(CliTest.run(concat(new String[] {"robustness-study", "--models", "m.safetensors", "--out", "o"}, options)),
                "--flips does not apply to --attack pgd (it reads only --epsilon, --steps, --step-size, --norm, --valid-range)");
        assertRefused(CliTest.run(concat(new String[] {"robustness", "--model", "m.safetensors"}, options)),
                "--flips does not apply to --attack pgd");
    }

    @Test
    void greedyFlipRefusesEveryGradientOptionInBothCommands() {
        for (String[] option : List.of(new String[] {"--epsilon", "0.1"}, new String[] {"--steps", "2"}, new String[] {"--step-size", "0.1"},
                new String[] {"--norm", "l2"}, new String[] {"--valid-range", "0:1"})) {
            String[] options = concat(new String[] {"--attack", "greedy-flip", "--flips", "2"}, option);
            String expected = option[0] + " does not apply to --attack greedy-flip (it reads only --flips)";
            assertRefused(CliTest.run(concat(new String[] {"robustness-study", "--models", "m.safetensors", "--out", "o"}, options)), expected);
            assertRefused(CliTest.run(concat(new String[] {"robustness", "--model", "m.safetensors"}, options)), expected);
        }
    }

    @Test
    void randomFlipsRefuseNormAndValidRange() {
        assertRefused(CliTest.run("robustness", "--model", "m.safetensors", "--flips", "2", "--norm", "l2", "--valid-range", "0:1"),
                "--norm, --valid-range do not apply to --attack random (it reads only --flips)");
    }

    @Test
    void eachAttackReadsItsOwnOptionsAndOnlyThoseAreSettings() {
        assertEquals(List.of("--epsilon", "--norm", "--valid-range"), AttackArguments.applicable(AttackSettings.Attack.FGSM, List.of()));
        assertEquals(List.of("--flips"), AttackArguments.applicable(AttackSettings.Attack.GREEDY_FLIP, List.of()));
        assertEquals(List.of("--flips"), AttackArguments.applicable(null, List.of("--flips")));
        assertEquals(java.util.Set.of("flips"), AttackArguments.notApplicable(AttackArguments.applicable(AttackSettings.Attack.PGD, List.of())));
        assertEquals(java.util.Set.of("epsilon", "steps", "step-size", "norm", "valid-range", "flips"), AttackArguments.notApplicable(List.of()));
    }

    private static void assertRefused(CliTest.Result result, String message) {
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.errLines().strip().startsWith("netgeom: " + message), result.errLines());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
