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
import org.netgeom.data.Dataset;
import org.netgeom.experiments.AlignmentRun;
import org.netgeom.nn.ModelFiles;
import org.netgeom.tensor.Backend;

@Command(name = "align", mixinStandardHelpOptions = true,
        description = "Permute b's hidden units (an MLP's) or channels (a network's) to match a (weight matching) and write the aligned model.")
final class AlignCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();

    @Option(names = "--a", required = true, description = "Reference model: a .safetensors file or the folder holding it.") Path a;
    @Option(names = "--b", required = true, description = "Model to align to a (same architecture).") Path b;
    @Option(names = "--out", required = true,
            description = "Where to write b aligned to a: a .safetensors file, or a folder to write model.safetensors into.") Path out;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the layer visiting order (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--points", defaultValue = "21", description = "Points of the barrier curves with --data (default: ${DEFAULT-VALUE}).") int points;
    @Option(names = "--json", description = "Print one JSON object on stdout.") boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        boolean withData = spec.commandLine().getParseResult().hasMatchedOption("--data");
        DataSplit loaded = withData ? data.load(seed, spec.commandLine().getErr()) : null;
        Dataset test = withData ? ModelFiles.matchInputs(a, DataArguments.pickSplit(loaded, "test")) : null;
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        AlignmentRun.Outcome outcome;
        try (Backend compute = choice.backend()) {
            outcome = AlignmentRun.run(compute, a, b, out, seed, test, withData ? loaded.train() : null, points);
        }
        if (json) {
            CommandJson.print(spec, outcome.toMap(), choice.backend(), started);
        } else {
            System.out.printf("aligned %s to %s in %s rounds -> %s%n", b, a, outcome.rounds(), outcome.out());
            if (outcome.before() != null) {
                System.out.printf("test loss barrier: before %.4f, after %.4f%n", outcome.before().curve().barrierLoss(),
                        outcome.after().curve().barrierLoss());
            }
        }
        return 0;
    }
}
