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
import org.netgeom.experiments.BarrierRun;
import org.netgeom.io.OutputFolder;
import org.netgeom.nn.ModelFiles;
import org.netgeom.star.BarrierCurve;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

@Command(name = "barrier", mixinStandardHelpOptions = true,
        description = "Loss and error along the straight line between two models, and the barriers.")
final class BarrierCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();

    @Option(names = "--a", required = true, description = "First model: a .safetensors file or the folder holding it.") Path a;
    @Option(names = "--b", required = true, description = "Second model, same architecture.") Path b;
    @Option(names = "--split", defaultValue = "test", description = "test or train (default: ${DEFAULT-VALUE}).") String split;
    @Option(names = "--points", defaultValue = "21", description = "Evenly spaced t in [0, 1], ends included (default: ${DEFAULT-VALUE}).")
    int points;
    @Option(names = "--align", defaultValue = "none", description = "none, or weights: align b to a by weight matching first (default: ${DEFAULT-VALUE}).")
    String align;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for data subsets and the alignment's layer order (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--bn-batches", defaultValue = "10", description = "Networks with BatchNorm: training batches each "
            + "interpolated model's running statistics are recomputed on; 0 interpolates the end models' statistics instead "
            + "(default: ${DEFAULT-VALUE}).") int bnBatches;
    @Option(names = "--bn-batch-size", defaultValue = "256", description = "Rows per batch of --bn-batches (default: ${DEFAULT-VALUE}).")
    int bnBatchSize;
    @Option(names = "--json", description = "Print one JSON object on stdout.") boolean json;
    @Option(names = "--out", description = "Folder for curve.csv, curve.png and barrier.json.") Path out;

    @Override
    public Integer call() {
        started = Instant.now();
        boolean aligned = switch (align) {
            case "none" -> false;
            case "weights" -> true;
            default -> throw new InvalidInputException("--align must be none or weights, got " + align);
        };
        BarrierRun.Settings settings = new BarrierRun.Settings(a, b, split, points, aligned, seed, plain.value(), figures.figures(),
                Invocation.words(spec)).withBatchNorm(bnBatches, bnBatchSize);
        DataSplit loaded = data.load(seed, spec.commandLine().getErr());
        Dataset dataset = ModelFiles.matchInputs(a, DataArguments.pickSplit(loaded, split));
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (OutputFolder folder = out == null ? null : OutputFolders.replacing(spec, out, BarrierRun.RESULT_ENTRIES);
             Backend compute = choice.backend()) {
            BarrierRun.Outcome outcome = BarrierRun.run(settings, compute, dataset, loaded.train(), folder == null ? null : folder.path());
            if (folder != null) folder.commit();
            if (json) {
                CommandJson.print(spec, outcome.toMap(), compute, started);
            } else {
                System.out.printf("barrier: loss %.4f  error %.4f  (%s split, %d samples, %s)%n", outcome.curve().barrierLoss(),
                        outcome.curve().barrierError(), split, outcome.rows(), aligned ? "b aligned to a" : "raw");
                if (outcome.batchNorm() != null) System.out.println("BatchNorm statistics of each point: " + outcome.batchNorm());
                for (BarrierCurve.Point p : outcome.curve().points()) {
                    System.out.printf("  t %.3f  loss %.4f  error %.4f%n", p.t(), p.loss(), p.error());
                }
            }
            return 0;
        }
    }
}
