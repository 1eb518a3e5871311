package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.PredictionRun;
import org.netgeom.tensor.Backend;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Write a model's class probabilities [N, C] (float32 .npy) for the test split of a data set.")
final class PredictCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();

    @Option(names = "--model", required = true, description = "A model file, or the folder holding its model.safetensors (what netgeom train wrote).")
    Path model;
    @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--logits", description = "Write raw outputs instead of softmax probabilities.")
    boolean logits;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for data subsets (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, description = "The .npy file to write.")
    Path out;
    @Option(names = "--json", description = "Print one JSON object: the file, its shape and the provenance.")
    boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        PredictionRun.Settings settings = new PredictionRun.Settings(model, plain.value(), logits, seed, Invocation.config(spec),
                Invocation.words(spec));
        Dataset dataset = data.loadSplit(seed, spec.commandLine().getErr(), split);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            PredictionRun.Outcome outcome = PredictionRun.run(settings, compute, dataset, out);
            spec.commandLine().getErr().printf("netgeom: wrote %s [%d, %d]%n", out, outcome.rows(), outcome.cols());
            if (json) CommandJson.print(spec, outcome.toMap(), compute, started);
            return 0;
        }
    }
}
