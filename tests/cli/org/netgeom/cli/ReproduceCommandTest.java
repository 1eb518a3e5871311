package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.netgeom.data.IdxFixtures;
import org.netgeom.backend.BackendOptions;
import org.netgeom.experiments.Reproduction;
import org.netgeom.experiments.ReproductionRun;
import org.netgeom.experiments.ReproductionStep;
import org.netgeom.experiments.Shard;
import org.netgeom.io.CsvTable;
import org.netgeom.report.FigureFormat;

/** netgeom reproduce end to end at its tiny scale, on a stand-in Fashion-MNIST folder. */
class ReproduceCommandTest {
    @TempDir Path dir;

    private Path fashionMnist() throws IOException {
        Path data = dir.resolve("fashion-mnist");
        IdxFixtures.writeFashionMnist(data, 500, 200, 28);
        return data;
    }

    private static CliTest.Result reproduce(Path out, Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("reproduce", "--tiny", "--out", out.toString(), "--backend", "cpu",
                "--progress", "quiet", "--data-dir", data.toString()));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(new String[0]));
    }

    @Test
    void tinyRunWritesAReportWithEveryClaimMeasuredAndThenResumesWithoutRecomputing() throws IOException {
        Path out = dir.resolve("reproduce"), data = fashionMnist();
        CliTest.Result first = reproduce(out, data);
        assertEquals(0, first.exitCode(), first.err());

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("tiny", report.get("scale").asText());
        assertEquals(4, report.get("stages").size());
        List<String> experiments = new ArrayList<>();
        for (JsonNode claim : report.get("claims")) {
            experiments.add(claim.get("experiment").asText());
            assertFalse(claim.get("measured").asText().isBlank(), claim.toString());
            assertTrue(List.of("yes", "no", "partly", "untested", "not significant").contains(claim.get("holds").asText()), claim.toString());
            assertTrue(claim.get("numbers").size() > 0, "a claim without numbers: " + claim);
            claim.get("numbers").fields().forEachRemaining(number ->
                    assertTrue(number.getValue().isNumber() && Double.isFinite(number.getValue().asDouble()),
                            claim.get("experiment").asText() + " " + number.getKey() + " = " + number.getValue()));
        }
        for (Reproduction.Experiment e : Reproduction.Experiment.values()) {
            assertTrue(experiments.contains(e.folder()), "no claim for " + e.folder() + ": " + experiments);
        }
        for (JsonNode stage : report.get("stages")) {
            assertFalse(stage.get("reused").asBoolean());
            assertTrue(stage.get("figures").size() > 0, "a stage without figures: " + stage);
            for (JsonNode figure : stage.get("figures")) assertTrue(Files.size(out.resolve(figure.asText())) > 0, figure.asText());
        }
        assertTrue(report.get("provenance").get("command_line").toString().startsWith("[\"netgeom\",\"reproduce\",\"--tiny\""),
                report.get("provenance").toString());

        String markdown = Files.readString(out.resolve("report.md"));
        for (Reproduction.Experiment e : Reproduction.Experiment.values()) assertTrue(markdown.contains("## " + e.title()), e.title());
        assertTrue(markdown.contains("netgeom star-study --data fashion-mnist"), "the commands that ran are listed");
        assertTrue(markdown.contains("![twin-peaks/lambda-1e-6/twin_peaks.png](twin-peaks/lambda-1e-6/twin_peaks.png)"), markdown);
        assertTrue(markdown.contains("## Provenance") && markdown.contains("backend: cpu"), markdown);
        assertTrue(first.out().contains("wrote " + out.resolve("report.md")), first.out());

        Path sweep = out.resolve("twin-peaks").resolve(Reproduction.INTERPOLATING_SWEEP).resolve("results.csv");
        int rows = CsvTable.read(sweep).rowCount();
        CliTest.Result second = reproduce(out, data, "--json");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(new ObjectMapper().readTree(out.resolve("report.json").toFile()), new ObjectMapper().readTree(second.out().strip()),
                "--json prints report.json");
        JsonNode again = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        for (JsonNode stage : again.get("stages")) assertTrue(stage.get("reused").asBoolean(), stage.toString());
        assertEquals(rows, CsvTable.read(sweep).rowCount());
        assertEquals(report.get("claims"), again.get("claims"), "a resumed run reports the same numbers");
    }

    @Test
    void aFailingStageStopsWithTheCauseKeepsFinishedStagesAndWritesNoReport() throws IOException {
        Path out = dir.resolve("reproduce");
        Path missing = dir.resolve("no-such-folder");
        CliTest.Result result = reproduce(out, missing, "--only", "twin-peaks,star");
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("no-such-folder"), "names the missing data: " + result.err());
        assertTrue(result.err().contains("re-run the same reproduce command"), result.err());
        assertTrue(Files.isRegularFile(out.resolve("twin-peaks").resolve(ReproductionRun.STAGE_MARKER)), "twin peaks finished");
        assertFalse(Files.exists(out.resolve("star").resolve(ReproductionRun.STAGE_MARKER)));
        assertFalse(Files.exists(out.resolve("report.md")));
    }

    @Test
    void scaleIsRequiredAndExclusiveAndExperimentNamesAreChecked() {
        Path out = dir.resolve("r");
        CliTest.Result none = CliTest.run("reproduce", "--out", out.toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--quick"), none.err());
        CliTest.Result both = CliTest.run("reproduce", "--quick", "--full", "--out", out.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        CliTest.Result unknown = CliTest.run("reproduce", "--quick", "--only", "bmd", "--out", out.toString(), "--backend", "cpu");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown experiment 'bmd'") && unknown.err().contains("twin-peaks, star, trajectory, symmetry"),
                unknown.err());
        assertFalse(Files.exists(out.resolve("report.md")));
    }

    @Test
    void everyPlannedCommandOfEveryScaleParses() {
        for (Reproduction.Scale scale : Reproduction.Scale.values()) {
            for (Reproduction.Stage stage : Reproduction.plan(scale, dir, COMMON, List.of())) {
                for (ReproductionStep step : stage.steps()) {
                    // parseArgs throws on an unknown option or a bad value; nothing runs.
                    Main.commandLine().parseArgs(step.arguments().toArray(new String[0]));
                }
            }
        }
    }

    /**
     * A step runs its experiment without the command line it names, so the options it records
     * (run.json's config, settings.json) must be the ones that command line parses to: the same
     * names, values and order, for every step of every scale.
     */
    @Test
    void everyPlannedStepRecordsTheOptionsItsCommandLineParsesTo() {
        for (FigureFormat format : FigureFormat.values()) {
            Reproduction.Common common = new Reproduction.Common(BackendOptions.cpu().withLibraryPath(dir.resolve("cuda")).withTf32(true),
                    "plain", dir.resolve("fashion-mnist"), format);
            for (Reproduction.Scale scale : Reproduction.Scale.values()) {
                for (Reproduction.Stage stage : Reproduction.plan(scale, dir, common, List.of())) {
                    for (ReproductionStep step : stage.steps()) {
                        // A sharded reproduction runs every step (the penalty sweep too) as its command's shard I/N: that command line too.
                        for (Shard shard : Arrays.asList(null, new Shard(2, 3))) {
                            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(step.arguments(shard).toArray(new String[0]));
                            CommandLine.Model.CommandSpec command = parsed.subcommand().commandSpec();
                            String where = scale + " " + String.join(" ", step.arguments(shard));
                            assertEquals(new ArrayList<>(Invocation.options(command).values().entrySet()),
                                    new ArrayList<>(step.options(shard).values().entrySet()), where);
                            assertEquals(Invocation.options(command).config(), step.options(shard).config(), where);
                            assertEquals(OutputFolders.settings(command, java.util.Map.of(), java.util.Set.of()), step.options(shard).settings(),
                                    where);
                            assertEquals(format.extension(), step.options(shard).values().get("format"), where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theFormatReachesEveryStageAndTheReportShowsEachFigureInIt() throws IOException {
        Path out = dir.resolve("reproduce"), data = fashionMnist();
        CliTest.Result png = reproduce(out, data, "--only", "twin-peaks");
        assertEquals(0, png.exitCode(), png.err());
        Path sweep = out.resolve("twin-peaks").resolve(Reproduction.INTERPOLATING_SWEEP);
        assertTrue(Files.isRegularFile(sweep.resolve("twin_peaks.png")));
        int rows = CsvTable.read(sweep.resolve("results.csv")).rowCount();

        CliTest.Result svg = reproduce(out, data, "--only", "twin-peaks", "--format", "svg");
        assertEquals(0, svg.exitCode(), svg.err());
        assertTrue(svg.err().contains("--format svg"), "the stage's commands carry the format: " + svg.err());
        assertEquals(rows, CsvTable.read(sweep.resolve("results.csv")).rowCount(), "the sweep's rows are reused, not recomputed");
        assertTrue(Files.size(sweep.resolve("twin_peaks.svg")) > 0);
        assertFalse(Files.exists(sweep.resolve("twin_peaks.png")), "the PNG copy is removed when the SVG replaces it");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        List<String> figures = new ArrayList<>();
        report.get("stages").get(0).get("figures").forEach(f -> figures.add(f.asText()));
        assertEquals(List.of("twin-peaks/lambda-1e-6/twin_peaks.svg", "twin-peaks/lambda-optimal/twin_peaks.svg"), figures);
        assertTrue(Files.readString(out.resolve("report.md")).contains("![twin-peaks/lambda-1e-6/twin_peaks.svg]"));
    }

    private static final Reproduction.Common COMMON = new Reproduction.Common(BackendOptions.cpu(), "auto", null, FigureFormat.PNG);
}
