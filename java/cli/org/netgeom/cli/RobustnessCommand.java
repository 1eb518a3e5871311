package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.bmd.Robustness;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.ModelEvaluation;
import org.netgeom.tensor.Backend;

@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Changed predictions and accuracy drop when k random inputs of each example are flipped.")
final class RobustnessCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();

    @Option(names = "--model", required = true, description = "A model file, or the folder holding its model.safetensors (what netgeom train wrote).")
    Path model;
    @Option(names = "--flips", split = ",", defaultValue = "1,2,4,8,16,32,64", description = "Numbers of flipped inputs k (default: ${DEFAULT-VALUE}).")
    int[] flips;
    @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the flipped coordinates and data subsets (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        Dataset dataset = data.loadSplit(seed, spec.commandLine().getErr(), split);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            ModelEvaluation.RobustnessCurve curve = ModelEvaluation.robustness(compute, model, plain.value(), dataset, flips, seed);
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
}
