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
import org.netgeom.experiments.ModelEvaluation;
import org.netgeom.nn.Loss;
import org.netgeom.tensor.Backend;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Print a model's accuracy and loss on a data set.")
final class EvalCommand implements Callable<Integer> {
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
    @Option(names = "--loss", description = "cross-entropy or mse (default: as the model was trained, from its metadata).")
    String loss;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for data subsets (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        Dataset dataset = data.loadSplit(seed, spec.commandLine().getErr(), split);
        Loss lossKind = loss == null ? null : Loss.parse(loss);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            ModelEvaluation.Evaluation result = ModelEvaluation.evaluate(compute, model, plain.value(), dataset, split, lossKind);
            if (json) {
                CommandJson.print(spec, result.toMap(), compute, started);
            } else {
                System.out.printf("accuracy %.4f  loss %.4f  (%d %s samples)%n", result.evaluation().accuracy(),
                        result.evaluation().loss(), result.evaluation().rows(), split);
            }
            return 0;
        }
    }
}
