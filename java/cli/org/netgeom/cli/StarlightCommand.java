package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataSplit;
import org.netgeom.experiments.StarlightRun;
import org.netgeom.io.OutputFolder;
import org.netgeom.experiments.Zoo;
import org.netgeom.star.BarrierCurve;
import org.netgeom.tensor.Backend;

@Command(name = "starlight", mixinStandardHelpOptions = true,
        description = "Train a star model linearly connected to the sources; measure barriers to held-out models and the BMA table.")
final class StarlightCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin TrainingArguments training = new TrainingArguments();
    @Mixin StarlightArguments starlight = new StarlightArguments();

    @Option(names = "--sources", required = true, split = ",", description = "Source models: files, or folders searched for them.") List<Path> sources;
    @Option(names = "--held-out", required = true, split = ",", description = "Held-out models (at least 2): files or folders.") List<Path> heldOut;
    @Option(names = "--out", required = true, description = "Folder for the star model (model.safetensors, also as star.safetensors), report.json, barriers.csv,"
            + " bma.csv, barriers.png.") Path out;
    @Option(names = "--json", description = "Print report.json's results on stdout as one line.") boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        // Staged inside --out and moved in at the end (OutputFolder.replacing); locked from the start.
        try (OutputFolder folder = out == null ? null : OutputFolders.replacing(spec, out, StarlightRun.RESULT_ENTRIES)) {
            return run(folder);
        }
    }

    private Integer run(OutputFolder folder) {
        BarrierCurve.requirePointCount(starlight.points);
        StarlightRun.Settings settings = new StarlightRun.Settings(training.config(), starlight.config(training.seed),
                starlight.points, starlight.split, starlight.evalRows, training.progressMode(), figures.figures(),
                Invocation.config(spec), Invocation.words(spec));
        List<Path> sourceFiles = Zoo.modelFiles(sources, "--sources");
        List<Path> heldOutFiles = Zoo.modelFiles(heldOut, "--held-out");
        DataSplit split = data.load(training.seed, spec.commandLine().getErr());
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            Map<String, Object> report = StarlightRun.run(settings, compute, split, sourceFiles, heldOutFiles,
                    folder.path());
            folder.commit();
            if (json) {
                report.remove("provenance");
                CommandJson.print(spec, report, compute, started);
            } else {
                System.out.printf("star model: test accuracy %.4f; barriers (%s loss):%n", report.get("star_test_accuracy"), settings.split());
                for (Object row : (List<?>) report.get("barriers")) {
                    Map<?, ?> m = (Map<?, ?>) row;
                    System.out.printf("  %-18s %-8s loss %.4f +- %.4f  error %.4f +- %.4f  (%s)%n", m.get("kind"),
                            Boolean.TRUE.equals(m.get("aligned")) ? "aligned" : "raw", m.get("barrier_loss_mean"),
                            m.get("barrier_loss_sd"), m.get("barrier_error_mean"), m.get("barrier_error_sd"), m.get("count"));
                }
            }
            return 0;
        }
    }
}
