package org.netgeom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.io.AtomicFiles;
import org.netgeom.experiments.Reproduction;
import org.netgeom.experiments.ReproductionReport;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Backend;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Runs the four headline experiments (twin peaks, star domain, trajectory manifold, symmetry breaking) "
                + "and writes DIR/report.md: each paper's claim next to the number measured here, the figures, the commands "
                + "and the provenance. Resumable: re-run the same command after an interruption.",
                "--quick takes about 10 minutes on a 2-core CPU; --full is for a GPU server."})
final class ReproduceCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();

    @ArgGroup(exclusive = true, multiplicity = "1") ScaleChoice scale;

    static final class ScaleChoice {
        @Option(names = "--quick", required = true, description = "Data subsets, fewer widths, seeds and epochs: minutes on a CPU.") boolean quick;
        @Option(names = "--full", required = true, description = "The studies of docs/RESULTS.md at full size: for a GPU server.") boolean full;
        @Option(names = "--tiny", required = true, description = "Seconds, a few hundred examples per stage: checks the pipeline, not the claims.")
        boolean tiny;

        Reproduction.Scale value() {
            return quick ? Reproduction.Scale.QUICK : full ? Reproduction.Scale.FULL : Reproduction.Scale.TINY;
        }
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder: one folder per experiment, report.md, report.json.")
    Path out;
    @Option(names = "--only", split = ",", paramLabel = "EXPERIMENT",
            description = "Run only these: twin-peaks, star, trajectory, symmetry (default: all four).")
    List<String> only = List.of();
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist).")
    Path dataDirectory;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet, for every stage (default: ${DEFAULT-VALUE}).")
    String progress;
    @Option(names = "--overwrite", description = "Discard results in --out made at another scale or with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--json", description = "Print report.json (claims, numbers, stages, provenance) as one line instead of the claims table.")
    boolean json;

    /** The file in each stage folder that marks the stage finished, with the commands that finished it. */
    static final String STAGE_MARKER = "stage.json";

    @Override
    public Integer call() {
        List<String> entries = new ArrayList<>(List.of("report.md", "report.json"));
        for (Reproduction.Experiment e : Reproduction.Experiment.values()) entries.add(e.folder());
        try (OutputFolder folder = OutputFolders.resuming(spec, out, overwrite, entries)) {
            return run(folder.path());
        }
    }

    private int run(Path out) {
        Reproduction.Scale chosen = scale.value();
        List<Reproduction.Experiment> experiments = only.stream().map(Reproduction.Experiment::parse).toList();
        List<Reproduction.Stage> plan = Reproduction.plan(chosen, out, commonArguments(), experiments);
        PrintWriter err = spec.commandLine().getErr();
        if (dataDirectory == null && plan.stream().anyMatch(s -> s.experiment() != Reproduction.Experiment.TWIN_PEAKS)) {
            FashionMnistInstaller.installIfMissing(err);
        }
        Instant started = Instant.now();
        Provenance provenance = provenance(started);
        List<ReproductionReport.StageRecord> records = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Reproduction.Stage stage = plan.get(i);
            err.printf(Locale.ROOT, "netgeom: reproduce %s: stage %d of %d: %s%n", chosen.label(), i + 1, plan.size(),
                    stage.experiment().title());
            err.flush();
            Double previousSeconds = finishedSeconds(stage);
            if (previousSeconds != null) {
                err.println("netgeom: reproduce: " + stage.experiment().folder() + " already finished with the same commands; reusing it");
                records.add(new ReproductionReport.StageRecord(stage, previousSeconds, true));
                continue;
            }
            Instant stageStart = Instant.now();
            for (Map.Entry<String, String> file : stage.inputFiles().entrySet()) {
                AtomicFiles.writeString(stage.folder().resolve(file.getKey()), file.getValue());
            }
            for (Reproduction.Step step : stage.steps()) {
                err.println("netgeom: reproduce: " + step.commandLine());
                err.flush();
                int code = runStep(stage.folder().resolve(step.stdoutFile()), step.arguments());
                if (code != 0) {
                    err.println("netgeom: reproduce stopped in stage '" + stage.experiment().folder() + "' (exit code " + code
                            + ", message above); fix the cause and re-run the same reproduce command: finished work is kept");
                    return code;
                }
            }
            double seconds = Duration.between(stageStart, Instant.now()).toNanos() / 1e9;
            JsonOutput.writeFile(stage.folder().resolve(STAGE_MARKER), markerFor(stage, seconds));
            records.add(new ReproductionReport.StageRecord(stage, seconds, false));
        }
        List<ReproductionReport.Claim> claims = ReproductionReport.claims(plan);
        ReproductionReport.write(out, chosen, records, claims, provenance.finished(Instant.now()));
        PrintStream stdout = System.out;
        if (json) {
            JsonOutput.printLine(stdout, JsonOutput.readFile(out.resolve("report.json")));
            return 0;
        }
        for (ReproductionReport.Claim c : claims) stdout.println(c.holds() + "\t" + c.claim() + "\t" + c.measured());
        stdout.println("wrote " + out.resolve("report.md"));
        return 0;
    }

    /** Backend, data folder and progress options, the same for every stage's commands. */
    private List<String> commonArguments() {
        List<String> common = new ArrayList<>(List.of("--backend", backend.kind, "--cuda-binding", backend.binding,
                "--device", Integer.toString(backend.device), "--progress", progress));
        if (backend.libraryPath != null) common.addAll(List.of("--cuda-lib-path", backend.libraryPath.toString()));
        if (backend.tf32) common.add("--tf32");
        if (dataDirectory != null) common.addAll(List.of("--data-dir", dataDirectory.toString()));
        // Only when not the default: stages finished before --format existed keep matching their commands.
        if (figures.figures() != FigureFormat.PNG) common.addAll(List.of("--format", figures.figures().extension()));
        return common;
    }

    /** The backend the stages will get (each opens its own): named in the report's provenance. */
    private Provenance provenance(Instant started) {
        List<String> words = Invocation.words(spec);
        Backends.Choice choice = Backends.open(backend.options());
        try (Backend compute = choice.backend()) {
            return Provenance.capture(compute, words, Reproduction.SEED, started);
        }
    }

    private static Map<String, Object> markerFor(Reproduction.Stage stage, double seconds) {
        Map<String, Object> marker = Reproduction.describe(stage);
        marker.put("seconds", seconds);
        marker.put("finished", Instant.now().toString());
        return marker;
    }

    /** The seconds a stage took when its marker shows it finished with exactly these commands; else null. */
    private static Double finishedSeconds(Reproduction.Stage stage) {
        Path marker = stage.folder().resolve(STAGE_MARKER);
        if (!Files.isRegularFile(marker)) return null;
        JsonNode json = JsonOutput.readFile(marker);
        List<String> commands = new ArrayList<>();
        json.path("commands").forEach(c -> commands.add(c.asText()));
        List<String> planned = stage.steps().stream().map(Reproduction.Step::commandLine).toList();
        return commands.equals(planned) ? json.path("seconds").asDouble() : null;
    }

    /**
     * Runs one netgeom command in this JVM, its standard output kept in {@code stdoutFile} (the
     * commands print their results to System.out, so it is swapped for the call and restored).
     * The output is held in memory and the file written atomically only when the command
     * succeeded, so a killed or failed step leaves no empty or partial summary behind.
     */
    private static int runStep(Path stdoutFile, List<String> arguments) {
        PrintStream previous = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream captured = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            code = Main.commandLine().execute(arguments.toArray(new String[0]));
        } finally {
            System.setOut(previous);
        }
        if (code == 0) AtomicFiles.writeBytes(stdoutFile, bytes.toByteArray());
        return code;
    }
}
