package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.experiments.PredictionDistances;
import org.netgeom.tensor.Backend;
import org.netgeom.trajectory.PredictionSet;

@Command(name = "distance", mixinStandardHelpOptions = true,
        description = "The K x K Bhattacharyya distance matrix of prediction points, as a float64 .npy.")
final class DistanceCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PredictionArguments input = new PredictionArguments();
    @Mixin BackendArguments backend = new BackendArguments();

    @Option(names = "--out", required = true, paramLabel = "D.npy", description = "The K x K matrix (float64); point names go to D.points.txt.")
    Path out;
    @Option(names = "--references", description = "Append ignorance and (with labels) truth as the last points.")
    boolean references;
    @Option(names = "--json", description = "Print one JSON object (points, file, seconds).")
    boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        PredictionSet set = input.read();
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            PredictionDistances.Outcome outcome = PredictionDistances.write(compute, set, references, out);
            if (json) {
                CommandJson.print(spec, outcome.toMap(), compute, started);
            } else {
                int k = outcome.points().size();
                System.out.printf("%d x %d distances (%d samples x %d classes) in %.2f s -> %s%n", k, k, outcome.samples(),
                        outcome.classes(), outcome.seconds(), out);
            }
            return 0;
        }
    }
}
