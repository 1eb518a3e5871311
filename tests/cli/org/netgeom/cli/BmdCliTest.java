package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.experiments.DoubleDescent;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.io.CsvTable;
import org.netgeom.tensor.Activation;

/** netgeom bmd, double-descent and robustness as a user runs them: JSON keys, files, resume, bad input. */
class BmdCliTest {
    @TempDir Path dir;

    private Path savedMlp(String name, Initialization init, int... widths) {
        Path file = dir.resolve(name);
        try (CpuBackend cpu = new CpuBackend(1);
             Mlp mlp = new Mlp(cpu, Architecture.of(widths), Activation.TANH).initialize(init, 3)) {
            ModelFiles.save(mlp, file, Map.of());
        }
        return file;
    }

    private static void assertBadInput(CliTest.Result result, String expected) {
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        String lines = result.errLines().strip();
        assertEquals(1, lines.lines().count(), "one line: " + lines);
        assertTrue(lines.contains(expected), "message should mention '" + expected + "': " + lines);
    }

    @Test
    void bmdPrintsTheSpecKeysAndWritesInfluenceFiles() throws IOException {
        Path model = savedMlp("m.safetensors", Initialization.NORMAL, 16, 8, 2);
        Path out = dir.resolve("bmd");
        CliTest.Result r = CliTest.run("bmd", "--model", model.toString(), "--samples", "60", "--backend", "cpu", "--json",
                "--progress", "quiet", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out().strip());
        for (String key : new String[] {"bmd", "stderr", "variance", "total_influence", "samples", "distribution", "influence"}) {
            assertTrue(json.has(key), "JSON key " + key + " in " + json);
        }
        assertEquals(16, json.get("influence").size(), "one influence per input");
        assertEquals("uniform", json.get("distribution").asText());
        assertTrue(json.get("bmd").asDouble() >= 1, "BMD >= 1: " + json);
        assertEquals(17, Files.readAllLines(out.resolve("influence.csv")).size(), "header + 16 inputs");
        assertTrue(Files.size(out.resolve("influence.png")) > 0, "16 inputs make a 4 x 4 image");
        assertTrue(new ObjectMapper().readTree(out.resolve("bmd.json").toFile()).path("provenance").has("seed"));
    }

    @Test
    void exactBmdOfASmallModelAgreesWithMonteCarlo() throws IOException {
        Path model = savedMlp("m.safetensors", Initialization.NORMAL, 8, 8, 1);
        ObjectMapper mapper = new ObjectMapper();
        CliTest.Result exact = CliTest.run("bmd", "--model", model.toString(), "--exact", "--backend", "cpu", "--json");
        CliTest.Result mc = CliTest.run("bmd", "--model", model.toString(), "--samples", "800", "--backend", "cpu", "--json",
                "--progress", "quiet");
        assertEquals(0, exact.exitCode(), exact.err());
        JsonNode e = mapper.readTree(exact.out().strip()), m = mapper.readTree(mc.out().strip());
        assertEquals(256, e.get("samples").asInt(), "2^8 cube points");
        assertEquals(e.get("bmd").asDouble(), m.get("bmd").asDouble(), 3 * m.get("stderr").asDouble(), "MC vs exact: " + m + " " + e);
    }

    @Test
    void bmdBadInputIsOneLine() {
        Path wide = savedMlp("wide.safetensors", Initialization.NORMAL, 21, 4, 1);
        assertBadInput(CliTest.run("bmd", "--model", wide.toString(), "--exact", "--backend", "cpu"), "d = 21");
        assertBadInput(CliTest.run("bmd", "--model", wide.toString(), "--samples", "1", "--backend", "cpu"), "samples must be >= 2");
        Path constant = savedMlp("zero.safetensors", Initialization.ZEROS, 6, 4, 1);
        assertBadInput(CliTest.run("bmd", "--model", constant.toString(), "--samples", "10", "--backend", "cpu", "--progress", "quiet"),
                "undefined");
        assertBadInput(CliTest.run("bmd", "--model", wide.toString(), "--distribution", "data", "--data", "teacher:sign",
                "--input-dim", "5", "--train-size", "20", "--test-size", "5", "--backend", "cpu"), "takes 21 inputs");
    }

    @Test
    void doubleDescentWritesResultsAndResumesWhereItStopped() throws IOException {
        Path out = dir.resolve("dd");
        String[] args = {"double-descent", "--model", "rf", "--data", "teacher:sign", "--input-dim", "10", "--train-size", "30",
            "--test-size", "100", "--widths", "6,30,90", "--samples", "30", "--seeds", "2", "--backend", "cpu", "--out",
            out.toString(), "--json", "--progress", "quiet"};
        CliTest.Result first = CliTest.run(args);
        assertEquals(0, first.exitCode(), first.err());
        CsvTable table = CsvTable.read(out.resolve("results.csv"));
        assertTrue(table.header().containsAll(List.of("model", "width", "ratio", "lambda", "seed", "train_error", "test_error",
                "train_loss", "test_loss", "bmd", "bmd_stderr")), "spec columns: " + table.header());
        assertEquals(6, table.rowCount(), "3 widths x 2 seeds");
        assertEquals(1.0, table.doubleValue(2, "ratio"), 0.0, "width 30 of n = 30");
        assertTrue(Files.size(out.resolve("twin_peaks.png")) > 0);
        JsonNode json = new ObjectMapper().readTree(first.out().strip());
        assertTrue(json.path("test_error_peak").has("ratio") && json.path("bmd_peak").has("ratio"), json.toString());

        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        Files.write(out.resolve("results.csv"), lines.subList(0, lines.size() - 1));
        CliTest.Result resumed = CliTest.run(args);
        assertEquals(0, resumed.exitCode(), resumed.err());
        CsvTable after = CsvTable.read(out.resolve("results.csv"));
        assertEquals(6, after.rowCount(), "only the missing row is recomputed");
        assertEquals(table.row(5), after.row(5), "and it comes out the same");
    }

    @Test
    void doubleDescentNeedsExactlyOneWidthGrid() {
        CliTest.Result r = CliTest.run("double-descent", "--data", "teacher:sign", "--train-size", "20", "--backend", "cpu",
                "--out", dir.resolve("x").toString());
        assertBadInput(r, "--widths");
    }

    @Test
    void anUnknownLambdaCriterionIsBadInput() {
        CliTest.Result r = CliTest.run("double-descent", "--data", "teacher:sign", "--train-size", "20", "--widths", "5,20",
                "--lambda", "optimal", "--lambda-criterion", "accuracy", "--backend", "cpu", "--out", dir.resolve("x").toString());
        assertBadInput(r, "--lambda-criterion must be mse or error");
    }

    @Test
    void anOptimalSweepByClassificationErrorWritesItsOwnRows() throws IOException {
        Path out = dir.resolve("error-criterion");
        CliTest.Result r = CliTest.run("double-descent", "--model", "rf", "--data", "teacher:sign", "--input-dim", "10",
                "--train-size", "30", "--test-size", "50", "--widths", "5,30", "--lambda", "optimal", "--lambda-criterion", "error",
                "--validation-size", "20", "--samples", "20", "--seeds", "1", "--backend", "cpu", "--progress", "quiet", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        CsvTable table = CsvTable.read(out.resolve("results.csv"));
        assertEquals(2, table.rowCount());
        for (int row = 0; row < 2; row++) assertEquals("optimal-error", table.value(row, "lambda_mode"));
    }

    @Test
    void robustnessReportsEveryFlipCount() throws IOException {
        Path model = savedMlp("m.safetensors", Initialization.NORMAL, 10, 8, 2);
        CliTest.Result r = CliTest.run("robustness", "--model", model.toString(), "--flips", "0,2,10", "--data", "teacher:sign",
                "--input-dim", "10", "--train-size", "20", "--test-size", "200", "--backend", "cpu", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out().strip());
        assertEquals(3, json.get("points").size());
        assertEquals(0.0, json.get("points").get(0).get("changed_fraction").asDouble(), 0.0, "k = 0 changes nothing");
        assertFalse(json.get("points").get(2).get("changed_fraction").isNull());
    }

    @Test
    void robustnessAttacksReportRobustAccuracyPerEpsilon() throws IOException {
        Path model = savedMlp("m.safetensors", Initialization.NORMAL, 10, 8, 2);
        String[] data = {"--data", "teacher:sign", "--input-dim", "10", "--train-size", "20", "--test-size", "200", "--backend", "cpu"};
        CliTest.Result r = CliTest.run(concat(new String[] {"robustness", "--model", model.toString(), "--attack", "pgd", "--epsilon",
                "0,0.5,3", "--steps", "5", "--json", "--progress", "quiet"}, data));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out().strip());
        assertEquals("pgd", json.get("attack").asText());
        assertEquals("linf", json.get("norm").asText());
        assertEquals("none", json.get("valid_range").get("source").asText(), "Gaussian teacher inputs have no valid range");
        assertEquals(3, json.get("points").size());
        double clean = json.get("clean_accuracy").asDouble();
        assertEquals(clean, json.get("points").get(0).get("robust_accuracy").asDouble(), 0.0, "epsilon 0 moves nothing");
        assertEquals(0.125, json.get("points").get(1).get("step_size").asDouble(), 1e-12, "step epsilon / 4");
        assertTrue(json.get("points").get(2).get("robust_accuracy").asDouble() < clean, "a budget of 3 per input breaks the model: " + json);
        assertFalse(json.has("robust_accuracy"), "several epsilons: rows only");

        CliTest.Result one = CliTest.run(concat(new String[] {"robustness", "--model", model.toString(), "--attack", "fgsm", "--norm", "l2",
                "--epsilon", "1", "--json"}, data));
        assertEquals(0, one.exitCode(), one.err());
        JsonNode single = new ObjectMapper().readTree(one.out().strip());
        assertEquals(1.0, single.get("epsilon").asDouble(), 0.0);
        assertEquals(single.get("points").get(0).get("robust_accuracy").asDouble(), single.get("robust_accuracy").asDouble(), 0.0);
        assertEquals(1, single.get("steps").asInt());
    }

    @Test
    void pgdWithoutEpsilonAttacksAtTheStudysDefaultBudgets() throws IOException {
        Path model = savedMlp("m.safetensors", Initialization.NORMAL, 10, 8, 2);
        CliTest.Result r = CliTest.run("robustness", "--model", model.toString(), "--attack", "pgd", "--steps", "2", "--json", "--progress",
                "quiet", "--data", "teacher:sign", "--input-dim", "10", "--train-size", "20", "--test-size", "50", "--backend", "cpu");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode points = new ObjectMapper().readTree(r.out().strip()).get("points");
        assertEquals(3, points.size(), "one row per default budget: " + points);
        double[] budgets = {0.01, 0.03, 0.1};
        for (int i = 0; i < budgets.length; i++) assertEquals(budgets[i], points.get(i).get("epsilon").asDouble(), 0.0);
    }

    @Test
    void attackBadInputNamesTheOption() {
        Path model = savedMlp("m.safetensors", Initialization.NORMAL, 10, 8, 2);
        String[] data = {"--data", "teacher:sign", "--input-dim", "10", "--train-size", "20", "--test-size", "50", "--backend", "cpu"};
        assertBadInput(CliTest.run(concat(new String[] {"robustness", "--model", model.toString(), "--attack", "greedy-flip", "--flips", "2"},
                data)), "--binarize");
        assertBadInput(CliTest.run(concat(new String[] {"robustness", "--model", model.toString(), "--attack", "pgd", "--epsilon", "-1"},
                data)), "--epsilon must be finite and >= 0");
        assertBadInput(CliTest.run(concat(new String[] {"robustness", "--model", model.toString(), "--attack", "fgsm", "--epsilon", "0.1",
                "--step-size", "0.1"}, data)), "--step-size");
        assertBadInput(CliTest.run(concat(new String[] {"robustness", "--model", model.toString(), "--attack", "cw"}, data)), "--attack");
        assertBadInput(CliTest.run(concat(new String[] {"robustness", "--model", model.toString(), "--epsilon", "0.1"}, data)), "--epsilon");
    }

    @Test
    void robustnessStudyCorrelatesBmdWithRobustAccuracyAcrossAndWithinWidths() throws IOException {
        Path zoo = dir.resolve("zoo");
        for (int width : new int[] {4, 16}) {
            for (int seed = 1; seed <= 3; seed++) {
                try (CpuBackend cpu = new CpuBackend(1);
                     Mlp mlp = new Mlp(cpu, Architecture.of(10, width, 2), Activation.TANH).initialize(Initialization.NORMAL, seed)) {
                    ModelFiles.save(mlp, zoo.resolve("w" + width + "-s" + seed + ".safetensors"), Map.of());
                }
            }
        }
        Path out = dir.resolve("study");
        String[] args = {"robustness-study", "--models", zoo.toString(), "--out", out.toString(), "--attack", "pgd", "--epsilon", "0.3,1",
            "--steps", "3", "--random-flips", "2", "--samples", "50", "--permutations", "200", "--json", "--progress", "quiet",
            "--data", "teacher:sign", "--input-dim", "10", "--train-size", "20", "--test-size", "100", "--backend", "cpu"};
        CliTest.Result r = CliTest.run(args);
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out().strip());
        assertEquals(6, json.get("models").asInt());
        CsvTable models = CsvTable.read(out.resolve("models.csv"));
        assertEquals(List.of("model", "architecture", "bmd", "bmd_stderr", "clean_accuracy", "pgd_accuracy_eps0.3", "pgd_accuracy_eps1.0",
                "random_accuracy_k2", "random_changed_k2"), models.header());
        CsvTable correlations = CsvTable.read(out.resolve("correlations.csv"));
        // 4 robustness columns x (all, width 4, width 16).
        assertEquals(12, correlations.rowCount());
        assertEquals(List.of("all", "architecture=10-16-2", "architecture=10-4-2"), correlations.column("scope").subList(0, 3));
        for (int row = 0; row < correlations.rowCount(); row++) {
            double p = correlations.doubleValue(row, "p_value"), rho = correlations.doubleValue(row, "spearman");
            assertTrue(p > 0 && p <= 1 && Math.abs(rho) <= 1, "row " + correlations.row(row));
        }
        assertEquals(6, correlations.doubleValue(0, "models"), 0.0);
        // A rerun measures nothing again and gives the same numbers.
        CliTest.Result again = CliTest.run(args);
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(6, CsvTable.read(out.resolve("models.csv")).rowCount());
        assertEquals(correlations.toCsv(), CsvTable.read(out.resolve("correlations.csv")).toCsv());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void widthRatioGridContainsPEqualsN() {
        int[] widths = org.netgeom.experiments.WidthGrid.fromRatios("0.1:10:25", 400);
        assertTrue(java.util.Arrays.stream(widths).anyMatch(w -> w == 400), java.util.Arrays.toString(widths));
        assertEquals(40, widths[0]);
        assertEquals(4000, widths[widths.length - 1]);
        assertTrue(DoubleDescent.COLUMNS.contains("bmd_stderr"));
    }
}
