package org.netgeom.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.bmd.AttackSettings;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.RobustnessStudy;
import org.netgeom.experiments.Zoo;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.ProgressMode;
import org.netgeom.tensor.Backend;

@Command(name = "robustness-study", mixinStandardHelpOptions = true,
        description = {"BMD against robustness across models: per model file the BMD and the robust accuracy under a gradient attack "
                + "(and random flips with --random-flips), one row of OUT/models.csv each (a rerun skips models already there); then "
                + "Spearman's rho of BMD against each robustness column with a permutation p-value, over this run's --models (rows "
                + "of other models measured into OUT earlier are kept, not counted) and within each architecture (one width), in "
                + "OUT/correlations.csv. Attack options the --attack does not read are refused. --shard I/N measures every N-th model from the I-th "
                + "(then 'netgeom merge'); --devices runs the shards on several GPUs and merges."})
final class RobustnessStudyCommand implements Callable<Integer>, ShardedSweep {
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();
    @Mixin AttackArguments attackOptions = new AttackArguments();
    @Mixin ShardArguments sharding = new ShardArguments();

    @Option(names = "--models", required = true, split = ",", description = "Model files, or folders searched for .safetensors models.")
    List<Path> models;
    @Option(names = "--out", required = true, description = "Folder for models.csv and correlations.csv; a rerun skips the models measured there.")
    Path out;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--split", defaultValue = "test", description = "Split attacked and flipped, and the data distribution's points (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--distribution", defaultValue = "uniform", description = "BMD points: uniform, gaussian or data (sign flips of training rows, for"
            + " models trained with --binarize) (default: ${DEFAULT-VALUE}).")
    String distribution;
    @Option(names = "--samples", defaultValue = "200", description = "BMD Monte Carlo points per model (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--attack", defaultValue = "pgd", description = "fgsm, pgd, greedy-flip, or none (default: ${DEFAULT-VALUE}).")
    String attack;
    @Option(names = "--random-flips", split = ",", description = "Also the accuracy after k random flips, for each k given.")
    int[] randomFlips;
    @Option(names = "--permutations", defaultValue = "9999", description = "Shuffles of the permutation test (default: ${DEFAULT-VALUE}).")
    int permutations;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the BMD points, random flips and permutations (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        started = Instant.now();
        boolean none = attack.trim().equalsIgnoreCase("none");
        AttackSettings.Attack kind = none ? null : AttackSettings.Attack.parse(attack);
        List<String> applicable = applicableAttackOptions();
        AttackArguments.refuseInapplicable(spec.commandLine().getParseResult(), none ? "none" : kind.cliName(), applicable);
        AttackSettings attackSettings = none ? null : attackOptions.settings(kind);
        // Models by absolute path: a merge reruns the study from anywhere, and must find the models its shards measured.
        List<Path> files = Zoo.modelFiles(models, "--models").stream().map(file -> file.toAbsolutePath().normalize()).toList();
        RobustnessStudy.Settings settings = new RobustnessStudy.Settings(files, plain.value(), distribution,
                samples, attackSettings, attackOptions.validRange, randomFlips == null ? new int[0] : randomFlips, permutations, seed,
                ProgressMode.parse(progress));
        Integer onDevices = sharding.runOnDevices(spec);
        if (onDevices != null) return onDevices;
        try (OutputFolder folder = openOut()) {
            return run(settings, folder.path());
        }
    }

    @Override
    public void checkWholeOut() { openOut().close(); }

    /** OUT (or this shard's folder in it) opened as this command writes it. */
    private OutputFolder openOut() {
        // Which models is not a setting: a study may grow by more models, like a zoo; the rest must match the folder's.
        // Nor are the attack options the attack does not read: their defaults would refuse a resume for nothing.
        Set<String> notSettings = new HashSet<>(AttackArguments.notApplicable(applicableAttackOptions()));
        notSettings.add("models");
        return OutputFolders.resuming(spec, sharding.folder(out), overwrite, sharding.resultEntries(RobustnessStudy.RESULT_ENTRIES),
                sharding.derivedSettings(), notSettings);
    }

    /** The attack options --attack reads; --attack none measures --random-flips only, so it reads none of them. */
    private List<String> applicableAttackOptions() {
        boolean none = attack.trim().equalsIgnoreCase("none");
        return AttackArguments.applicable(none ? null : AttackSettings.Attack.parse(attack), List.of());
    }

    @Override
    public boolean readsDefaultFashionMnist() { return data.readsDefaultFashionMnist(); }

    private int run(RobustnessStudy.Settings settings, Path folder) {
        Dataset dataset = data.loadSplit(seed, spec.commandLine().getErr(), split);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            RobustnessStudy.Outcome outcome = RobustnessStudy.run(settings, compute, dataset, folder, sharding.shard());
            if (sharding.finish(spec, out, folder, RobustnessStudy.itemIds(settings))) return 0;
            if (json) {
                CommandJson.print(spec, outcome.toMap(), compute, started);
            } else {
                System.out.printf("%d models; Spearman's rho of BMD against robustness (%d permutations):%n", outcome.models().rowCount(),
                        permutations);
                for (RobustnessStudy.Correlation c : outcome.correlations()) System.out.println(RobustnessStudy.describe(c));
            }
            return 0;
        }
    }
}
