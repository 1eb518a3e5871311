package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.bmd.AttackSettings;
import org.netgeom.bmd.GradientAttack;
import org.netgeom.bmd.Robustness;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.ModelEvaluation;
import org.netgeom.io.ProgressMode;
import org.netgeom.tensor.Backend;

@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = {"Changed predictions and accuracy drop when k random inputs of each example are flipped, or robust accuracy "
                + "under a gradient attack (--attack fgsm|pgd|greedy-flip).",
            "PGD: no random start, --steps (default 10) steps of --step-size (default epsilon/4), projected onto the epsilon-ball "
                + "(--norm) around the input and clipped to --valid-range; loss: cross-entropy of the true label."})
final class RobustnessCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();
    @Mixin AttackArguments attackOptions = new AttackArguments();

    @Option(names = "--model", required = true, description = "A model file, or the folder holding its model.safetensors (what netgeom train wrote).")
    Path model;
    @Option(names = "--attack", defaultValue = "random", description = "random (k random inputs flipped about their mean), fgsm, pgd, "
            + "or greedy-flip (the k sign flips that raise the loss most by gradient; +-1 inputs, see --binarize) (default: ${DEFAULT-VALUE}).")
    String attack;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;
    @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the flipped coordinates and data subsets (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        boolean random = attack.trim().equalsIgnoreCase("random");
        AttackSettings.Attack kind = random ? null : AttackSettings.Attack.parse(attack);
        AttackArguments.refuseInapplicable(spec.commandLine().getParseResult(), random ? "random" : kind.cliName(),
                AttackArguments.applicable(kind, List.of("--flips")));
        AttackSettings settings = random ? null : attackOptions.settings(kind);
        Dataset dataset = data.loadSplit(seed, spec.commandLine().getErr(), split);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            if (settings != null) return gradientAttack(compute, dataset, settings);
            ModelEvaluation.RobustnessCurve curve = ModelEvaluation.robustness(compute, model, plain.value(), dataset, attackOptions.flips,
                    seed);
            if (json) {
                CommandJson.print(spec, curve.toMap(), compute, started);
            } else {
                System.out.printf("clean accuracy %.4f (%d %s examples)%n", curve.result().cleanAccuracy(), curve.examples(), split);
                for (Robustness.Point p : curve.result().points()) {
                    System.out.printf("k %4d  changed %.4f  accuracy %.4f  drop %.4f%n", p.flips(), p.changedFraction(),
                            p.accuracy(), p.accuracyDrop());
                }
            }
            return 0;
        }
    }

    private int gradientAttack(Backend compute, Dataset dataset, AttackSettings settings) {
        AttackSettings.Attack kind = settings.attack();
        ModelEvaluation.AttackCurve curve = ModelEvaluation.attack(compute, model, plain.value(), dataset, settings,
                attackOptions.validRange, ProgressMode.parse(progress));
        if (json) {
            CommandJson.print(spec, curve.toMap(), compute, started);
            return 0;
        }
        GradientAttack.Result result = curve.result();
        System.out.printf("clean accuracy %.4f (%d %s examples), %s%n", result.cleanAccuracy(), curve.examples(), split,
                kind == AttackSettings.Attack.GREEDY_FLIP ? "greedy sign flips"
                        : kind.cliName() + " " + result.settings().norm().cliName() + ", inputs clipped to " + result.settings().validRange());
        for (GradientAttack.Point p : result.points()) {
            if (kind == AttackSettings.Attack.GREEDY_FLIP) {
                System.out.printf("k %4d  robust accuracy %.4f  changed %.4f%n", p.flips(), p.robustAccuracy(), p.changedFraction());
            } else {
                System.out.printf("epsilon %.4g  steps %d x %.4g  robust accuracy %.4f  changed %.4f%n", p.epsilon(), p.steps(), p.stepSize(),
                        p.robustAccuracy(), p.changedFraction());
            }
        }
        return 0;
    }
}
