package org.netgeom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.netgeom.io.JsonOutput;
import org.netgeom.io.ProgressMode;
import org.netgeom.symmetry.ReplicaDistance;
import org.netgeom.tensor.InvalidInputException;

@Command(name = "symmetry", mixinStandardHelpOptions = true,
        description = "Train replicas of one configuration and report the Wasserstein replica metric per layer.")
final class SymmetryCommand implements Callable<Integer> {
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
        // Staged inside --out and moved in at the end (OutputFolder.replacing); locked from the start.
        try (OutputFolder folder = out == null ? null : OutputFolders.replacing(spec, out, List.of("symmetry.json", "replicas.csv"))) {
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
        var trainConfig = configuration.optimization.config(seed, Loss.CROSS_ENTROPY);
        trainConfig = new org.netgeom.train.TrainConfig(epochs, trainConfig.batchSize(), seed, trainConfig.loss(),
                trainConfig.optimizer(), trainConfig.schedule(), trainConfig.logEverySteps());
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        ReplicaRun.Outcome outcome;
        java.time.Instant started = java.time.Instant.now();
        Map<String, Object> provenance;
        try (var compute = choice.backend()) {
            outcome = ReplicaRun.run(compute, configuration.model.spec(), trainConfig, split, replicas, seed,
                    ProgressMode.parse(progress));
            provenance = org.netgeom.report.Provenance.capture(compute, Invocation.words(spec), seed, started).finished(java.time.Instant.now()).toMap();
        }
        Map<String, Object> result = toJson(outcome);
        result.put("config", modelConfig);
        result.put("provenance", provenance);
        if (folder != null) {
            write(outcome, result, folder.path());
            folder.commit();
        }
        if (json) {
            JsonOutput.printLine(System.out, result);
        } else {
            for (ReplicaDistance.Layer layer : outcome.metric().layers()) {
                System.out.printf("%-18s replica distance %.4f  init distance %.4f%n", layer.name(), layer.replicaDistance(),
                        layer.initDistance());
            }
            System.out.printf("mean replica distance %.4f over %d replicas; mean test accuracy %.4f%n",
                    outcome.metric().meanReplicaDistance(), replicas, outcome.meanAccuracy());
        }
        return 0;
    }

    static Map<String, Object> toJson(ReplicaRun.Outcome outcome) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (ReplicaDistance.Layer layer : outcome.metric().layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", layer.name());
            entry.put("replica_distance", layer.replicaDistance());
            entry.put("init_distance", layer.initDistance());
            entry.put("init_std", layer.initStd());
            layers.add(entry);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("layers", layers);
        result.put("mean_replica_distance", outcome.metric().meanReplicaDistance());
        result.put("replicas", outcome.metric().replicas());
        result.put("epochs", outcome.epochs());
        result.put("train_size", outcome.trainSize());
        result.put("test_accuracy", outcome.testAccuracies());
        result.put("mean_test_accuracy", outcome.meanAccuracy());
        return result;
    }

    private static void write(ReplicaRun.Outcome outcome, Map<String, Object> result, Path dir) {
        JsonOutput.writeFile(dir.resolve("symmetry.json"), result);
        CsvTable table = new CsvTable("replica", "seed", "test_accuracy", "test_loss");
        for (int r = 0; r < outcome.seeds().size(); r++) {
            table.addRow(r, outcome.seeds().get(r), outcome.testAccuracies().get(r), outcome.testLosses().get(r));
        }
        table.write(dir.resolve("replicas.csv"));
    }
}
