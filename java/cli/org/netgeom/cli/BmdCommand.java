package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.Readout;
import org.netgeom.io.OutputFolder;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.BmdReport;
import org.netgeom.experiments.BmdRun;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Backend;

@Command(name = "bmd", mixinStandardHelpOptions = true,
        description = "Boolean mean dimension of a model: Monte Carlo over bit flips, or exact for d <= 20.")
final class BmdCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();

    @Option(names = "--model", required = true, description = "A model file, or the folder holding its model.safetensors (what netgeom train wrote).")
    Path model;
    @Option(names = "--samples", defaultValue = "1000", description = "Monte Carlo points (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--distribution", defaultValue = "uniform", description = "uniform, gaussian, data (rows of --split, +-1 inputs: the model was trained with --binarize) or data-reflect (any rows, flips reflect about the column mean: a sensitivity index, not a BMD) (default: ${DEFAULT-VALUE}).")
    String distribution;
    @Option(names = "--split", defaultValue = "train", description = "Data split the data distribution draws from (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--readout", defaultValue = "vector", description = "vector (all outputs), output:K or difference:A,B (default: ${DEFAULT-VALUE}).")
    String readout;
    @Option(names = "--exact", description = "Exact BMD over all 2^d inputs (uniform distribution, d <= 20).")
    boolean exact;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the Monte Carlo points (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;
    @Option(names = "--out", description = "Folder for bmd.json, influence.csv and (image inputs) influence.png.")
    Path out;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        started = Instant.now();
        BmdRun.Settings settings = new BmdRun.Settings(model, plain.value(), exact, distribution, samples, Readout.parse(readout), seed,
                ProgressMode.parse(progress), figures.figures(), Invocation.words(spec));
        Dataset points = settings.needsData() ? data.loadSplit(seed, spec.commandLine().getErr(), split) : null;
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (OutputFolder folder = out == null ? null : OutputFolders.replacing(spec, out, BmdReport.RESULT_ENTRIES);
             Backend compute = choice.backend()) {
            BmdRun.Outcome outcome = BmdRun.run(settings, compute, points, folder == null ? null : folder.path());
            if (folder != null) folder.commit();
            if (json) {
                CommandJson.print(spec, outcome.json(), compute, started);
            } else {
                BmdResult result = outcome.result();
                System.out.printf("%s %.4f +- %.4f  variance %.4g  total influence %.4g  (%d %s points)%n", result.measureName(), result.bmd(),
                        result.stderr(), result.variance(), result.totalInfluence(), result.samples(), result.distribution());
            }
            return 0;
        }
    }
}
