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
import org.netgeom.experiments.StarStudy;
import org.netgeom.io.OutputFolder;
import org.netgeom.experiments.StarlightRun;
import org.netgeom.experiments.TrainingRun;
import org.netgeom.experiments.Zoo;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.io.CsvTable;
import org.netgeom.star.BarrierCurve;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;

@Command(name = "star-study", mixinStandardHelpOptions = true,
        description = "Zoo + Starlight + barrier tables for each hidden width; resumable; DIR/summary.csv and summary.png.")
final class StarStudyCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin TrainingArguments training = new TrainingArguments();
    @Mixin StarlightArguments starlight = new StarlightArguments();

    @Option(names = "--widths", defaultValue = "8,16,32,64,512", split = ",", description = "Hidden widths (default: ${DEFAULT-VALUE}).")
    List<Integer> widths;
    @Option(names = "--depth", defaultValue = "1", description = "Hidden layers of each MLP (default: ${DEFAULT-VALUE}).") int depth;
    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation (default: ${DEFAULT-VALUE}).") String activation;
    @Option(names = "--sources", defaultValue = "10", description = "Source models per width (default: ${DEFAULT-VALUE}).") int sources;
    @Option(names = "--held-out", defaultValue = "5", description = "Held-out models per width (default: ${DEFAULT-VALUE}).") int heldOut;
    @Option(names = "--out", required = true, description = "Study folder (DIR/wWIDTH/... per width, DIR/summary.csv).") Path out;
    @Option(names = "--json", description = "Print one JSON object: the summary rows, the config and the provenance.") boolean json;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;


    @Override
    public Integer call() {
        BarrierCurve.requirePointCount(starlight.points);
        Activation.parse(activation);
        // The zoo's model is replaced per width; this placeholder only carries the options.
        ModelSpec placeholder = new ModelSpec.MlpSpec(Architecture.of(1, 1), List.of(), Initialization.PYTORCH, MlpOptions.none());
        TrainingRun.Settings run = new TrainingRun.Settings(placeholder, training.config(), TrainingRun.Fit.GRADIENT_DESCENT, 0, null,
                training.progressMode(), figures.figures(), Invocation.config(spec), Invocation.words(spec), Map.of());
        StarlightRun.Settings star = new StarlightRun.Settings(training.config(), starlight.config(training.seed), starlight.points,
                starlight.split, starlight.evalRows, training.progressMode(), figures.figures(), Invocation.config(spec),
                Invocation.words(spec));
        StarStudy.Settings settings = new StarStudy.Settings(widths, depth, activation, new Zoo.Settings(run, sources, heldOut), star);
        List<String> entries = new ArrayList<>(List.of("summary.csv"));
        entries.addAll(StarStudy.SUMMARY_FIGURES);
        for (int width : widths) entries.add(StarStudy.widthFolder(width));
        try (OutputFolder folder = OutputFolders.resuming(spec, out, overwrite, entries)) {
            return run(settings, folder.path());
        }
    }

    private int run(StarStudy.Settings settings, Path out) {
        DataSplit split = data.load(training.seed, spec.commandLine().getErr());
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        java.time.Instant started = java.time.Instant.now();
        try (Backend compute = choice.backend()) {
            CsvTable summary = StarStudy.run(settings, compute, split, out);
            if (!json) {
                System.out.print(summary.toCsv());
                return 0;
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int r = 0; r < summary.rowCount(); r++) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : summary.header()) row.put(column, typed(summary.value(r, column)));
                rows.add(row);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("summary", rows);
            result.put("out", out.toString());
            result.put("config", Invocation.config(spec));
            result.put("provenance", Provenance.capture(compute, Invocation.words(spec), training.seed, started).finished(java.time.Instant.now()).toMap());
            JsonOutput.printLine(System.out, result);
            return 0;
        }
    }

    /** A CSV cell as JSON: numbers and booleans typed, the rest text. */
    private static Object typed(String cell) {
        if (cell.equals("true") || cell.equals("false")) return Boolean.parseBoolean(cell);
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return cell;
        }
    }
}
