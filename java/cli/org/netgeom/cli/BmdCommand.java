package org.netgeom.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.BooleanMeanDimension;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.bmd.Readout;
import org.netgeom.io.OutputFolder;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.BmdReport;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.io.JsonOutput;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

@Command(name = "bmd", mixinStandardHelpOptions = true,
        description = "Boolean mean dimension of a model: Monte Carlo over bit flips, or exact for d <= 20.")
final class BmdCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin PlainModelArguments plain = new PlainModelArguments();

    @Option(names = "--model", required = true, description = "A model.safetensors written by netgeom train.")
    Path model;
    @Option(names = "--samples", defaultValue = "1000", description = "Monte Carlo points (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--distribution", defaultValue = "uniform", description = "uniform, gaussian or data (default: ${DEFAULT-VALUE}).")
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
        Instant start = Instant.now();
        Readout readoutChoice = Readout.parse(readout);
        if (exact && !distribution.equalsIgnoreCase("uniform")) {
            throw new InvalidInputException("--exact computes the BMD under the uniform distribution; drop --distribution "
                    + distribution + " or --exact");
        }
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (OutputFolder folder = out == null ? null : OutputFolders.replacing(spec, out, BmdReport.RESULT_ENTRIES);
             Backend compute = choice.backend(); TrainableModel loaded = ModelFiles.load(compute, model, plain.value())) {
            BmdResult result = exact ? BooleanMeanDimension.exact(loaded, readoutChoice) : monteCarlo(loaded, readoutChoice);
            if (!result.isDefined()) {
                throw new InvalidInputException("the BMD of " + model + " is undefined: its output is constant over the "
                        + result.samples() + " inputs (variance 0), and BMD = total influence / variance");
            }
            Map<String, Object> json = result.toMap();
            json.put("readout", readoutChoice.describe());
            json.put("model", model.toString());
            json.put("backend", compute.name());
            if (out != null) {
                Provenance provenance = Provenance.capture(compute, Invocation.words(spec), seed, start).finished(Instant.now());
                BmdReport.write(folder.path(), result, json, provenance, figures.figures());
                folder.commit();
            }
            if (this.json) {
                JsonOutput.printLine(System.out, json);
            } else {
                System.out.printf("bmd %.4f +- %.4f  variance %.4g  total influence %.4g  (%d %s points)%n", result.bmd(),
                        result.stderr(), result.variance(), result.totalInfluence(), result.samples(), result.distribution());
            }
            return 0;
        }
    }

    private BmdResult monteCarlo(TrainableModel loaded, Readout readoutChoice) {
        Dataset points = null;
        if (distribution.trim().equalsIgnoreCase("data")) {
            points = data.loadSplit(seed, spec.commandLine().getErr(), split);
            points = ModelFiles.matchInputs(model, points, loaded.inputDim());
        }
        BmdSettings settings = BmdSettings.of(InputDistribution.parse(distribution, points), samples, seed)
                .withReadout(readoutChoice);
        try (Progress bar = Progress.start(ProgressMode.parse(progress), "bmd", samples, "points")) {
            return BooleanMeanDimension.monteCarlo(loaded, settings, bar);
        }
    }
}
