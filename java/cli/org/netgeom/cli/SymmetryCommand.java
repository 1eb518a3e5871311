package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataSplit;
import org.netgeom.data.InputExpansion;
import org.netgeom.experiments.ReplicaRun;
import org.netgeom.io.OutputFolder;
import org.netgeom.nn.Loss;
import org.netgeom.io.CsvTable;
import org.netgeom.io.ProgressMode;
import org.netgeom.symmetry.ReplicaDistance;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;

@Command(name = "symmetry", mixinStandardHelpOptions = true,
        description = "Train replicas of one configuration and report the Wasserstein replica metric per layer.")
final class SymmetryCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();

    @Option(names = "--model-config", defaultValue = "", paramLabel = "OPTIONS",
            description = "The configuration, as train options in one quoted string, e.g. \"--model 784-64-10 --batch-norm --lr 1e-3\".")
    String modelConfig;
    @Option(names = "--replicas", defaultValue = "4", description = "Replicas (seeds seed .. seed+R-1) (default: ${DEFAULT-VALUE}).")
    int replicas;
    @Option(names = "--epochs", defaultValue = "1", description = "Epochs per replica (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--subset", description = "Train on the first N training examples only.")
    Integer subset;
    @Option(names = "--seed", defaultValue = "1", description = "First replica's seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;
    @Option(names = "--out", description = "Folder for symmetry.json and replicas.csv.")
    Path out;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    /** Holder the --model-config string is parsed into. */
    @Command(name = "model-config")
    static final class Configuration {
        @Mixin ModelArguments model = new ModelArguments();
        @Mixin OptimizationArguments optimization = new OptimizationArguments();
    }

    @Override
    public Integer call() {
        started = Instant.now();
        // Staged inside --out and moved in at the end (OutputFolder.replacing); locked from the start.
        try (OutputFolder folder = out == null ? null : OutputFolders.replacing(spec, out, ReplicaRun.RESULT_ENTRIES)) {
            return run(folder);
        }
    }

    private Integer run(OutputFolder folder) {
        Configuration configuration = new Configuration();
        String[] words = modelConfig.isBlank() ? new String[0] : modelConfig.trim().split("\\s+");
        try {
            new CommandLine(configuration).parseArgs(words);
        } catch (CommandLine.ParameterException e) {
            throw new InvalidInputException("--model-config: " + e.getMessage());
        }
        if (epochs < 1) throw new InvalidInputException("--epochs must be >= 1, got " + epochs);
        InputExpansion expansion = configuration.model.expansion();
        DataSplit split = expansion.apply(data.load(seed, spec.commandLine().getErr()));
        if (subset != null) {
            if (subset < 1) throw new InvalidInputException("--subset must be >= 1, got " + subset);
            split = new DataSplit(split.train().firstRows(Math.min(subset, split.train().size())), split.test());
        }
        TrainConfig trainConfig = configuration.optimization.config(seed, Loss.CROSS_ENTROPY);
        trainConfig = trainConfig.withEpochs(epochs).withSeed(seed);
        ReplicaRun.Settings settings = new ReplicaRun.Settings(configuration.model.spec(), trainConfig, replicas, seed,
                ProgressMode.parse(progress), modelConfig, Invocation.words(spec));
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        ReplicaRun.Report report;
        try (Backend compute = choice.backend()) {
            report = ReplicaRun.run(settings, compute, split, folder == null ? null : folder.path());
        }
        if (folder != null) folder.commit();
        if (json) {
            CommandJson.print(spec, report.json(), choice.backend(), started);
        } else {
            ReplicaRun.Outcome outcome = report.outcome();
            for (ReplicaDistance.Layer layer : outcome.metric().layers()) {
                System.out.printf("%-18s replica distance %.4f  init distance %.4f%n", layer.name(), layer.replicaDistance(),
                        layer.initDistance());
            }
            System.out.printf("mean replica distance %.4f over %d replicas; mean test accuracy %.4f%n",
                    outcome.metric().meanReplicaDistance(), replicas, outcome.meanAccuracy());
        }
        return 0;
    }
}
