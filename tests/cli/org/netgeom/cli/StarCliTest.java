package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.SafeTensor;
import org.netgeom.data.SafeTensors;
import org.netgeom.io.CsvTable;

/** barrier, align, zoo, starlight and star-study as a user meets them, on a tiny synthetic task. */
class StarCliTest {
    private static final String[] DATA = {"--data", "teacher:mlp", "--input-dim", "10", "--teacher-classes", "4",
        "--train-size", "300", "--test-size", "100", "--backend", "cpu"};

    @TempDir Path dir;

    private static String[] args(String command, String... rest) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(DATA));
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    private Path zoo(String model, int count, int heldOut) {
        Path out = dir.resolve("zoo-" + model);
        CliTest.Result result = CliTest.run(args("zoo", "--model", model, "--count", Integer.toString(count), "--held-out",
                Integer.toString(heldOut), "--epochs", "2", "--progress", "quiet", "--out", out.toString()));
        assertEquals(0, result.exitCode(), result.err());
        return out;
    }

    private static void assertBadInput(CliTest.Result result, String expected) {
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        String lines = result.errLines().strip();
        assertFalse(lines.contains("\tat "), lines);
        assertTrue(lines.contains(expected), "message should mention '" + expected + "': " + lines);
    }

    @Test
    void barrierPrintsTheContractKeysAndWritesCurveFiles() throws IOException {
        Path zoo = zoo("10-8-4", 2, 0);
        Path a = zoo.resolve("sources/model-000/model.safetensors"), b = zoo.resolve("sources/model-001/model.safetensors");
        Path out = dir.resolve("barrier");
        CliTest.Result result = CliTest.run(args("barrier", "--a", a.toString(), "--b", b.toString(), "--points", "5",
                "--align", "weights", "--json", "--out", out.toString()));
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out().strip());
        for (String key : new String[] {"barrier_loss", "barrier_error", "curve", "split", "aligned"}) assertTrue(json.has(key), key + " in " + json);
        assertEquals(5, json.get("curve").size());
        assertEquals(0.5, json.get("curve").get(2).get("t").asDouble(), 1e-12);
        assertTrue(json.get("curve").get(2).has("loss") && json.get("curve").get(2).has("error"), json.toString());
        assertTrue(json.get("aligned").asBoolean());
        assertEquals("test", json.get("split").asText());
        assertTrue(json.get("barrier_loss").asDouble() >= 0);
        assertEquals(5, CsvTable.read(out.resolve("curve.csv")).rowCount());
        assertTrue(Files.size(out.resolve("curve.png")) > 0);
    }

    @Test
    void alignWritesAModelWhoseBarrierToTheReferenceIsReported() throws IOException {
        Path zoo = zoo("10-8-4", 2, 0);
        Path a = zoo.resolve("sources/model-000/model.safetensors"), b = zoo.resolve("sources/model-001/model.safetensors");
        Path aligned = dir.resolve("aligned.safetensors");
        CliTest.Result result = CliTest.run(args("align", "--a", a.toString(), "--b", b.toString(), "--out", aligned.toString(),
                "--points", "3", "--json"));
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out().strip());
        assertTrue(json.has("barrier_before") && json.has("barrier_after"), json.toString());
        CliTest.Result self = CliTest.run(args("barrier", "--a", aligned.toString(), "--b", aligned.toString(), "--points", "3", "--json"));
        assertEquals(0.0, new ObjectMapper().readTree(self.out().strip()).get("barrier_loss").asDouble(), 0.0);
        CliTest.Result accuracyA = CliTest.run(args("eval", "--model", b.toString(), "--json"));
        CliTest.Result accuracyB = CliTest.run(args("eval", "--model", aligned.toString(), "--json"));
        assertEquals(new ObjectMapper().readTree(accuracyA.out().strip()).get("accuracy").asDouble(),
                new ObjectMapper().readTree(accuracyB.out().strip()).get("accuracy").asDouble(), 1e-12,
                "alignment permutes units without changing the function");
    }

    @Test
    void benchBarrierTimesCurveAndAlignmentAfterAWarmUp() throws IOException {
        Path zoo = zoo("10-8-4", 2, 0);
        Path a = zoo.resolve("sources/model-000/model.safetensors"), b = zoo.resolve("sources/model-001/model.safetensors");
        List<String> bench = new ArrayList<>(List.of("bench"));
        bench.addAll(List.of(args("barrier", "--a", a.toString(), "--b", b.toString(), "--points", "3", "--repetitions", "2")));
        CliTest.Result result = CliTest.run(bench.toArray(new String[0]));
        assertEquals(0, result.exitCode(), result.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.out().strip().split("\n")) lines.add(new ObjectMapper().readTree(line));
        assertEquals(4, lines.size(), "2 repetitions and 2 summaries: " + result.out());
        for (int rep = 0; rep < 2; rep++) {
            assertEquals(rep, lines.get(rep).get("repetition").asInt());
            assertTrue(lines.get(rep).get("curve_seconds").asDouble() > 0 && lines.get(rep).get("align_seconds").asDouble() > 0,
                    lines.get(rep).toString());
        }
        assertEquals(lines.get(0).get("barrier_loss").asDouble(), lines.get(1).get("barrier_loss").asDouble(), 0, "same work each time");
        assertTrue(lines.get(2).get("benchmark").asText().startsWith("barrier curve 3 points x 100 rows"), lines.get(2).toString());
        assertEquals("weight matching", lines.get(3).get("benchmark").asText());
        assertEquals(2, lines.get(3).get("repetitions").asInt());
    }

    @Test
    void zooIsResumable() throws IOException {
        Path zoo = zoo("10-6-4", 2, 1);
        long before = Files.getLastModifiedTime(zoo.resolve("sources/model-000/model.safetensors")).toMillis();
        CliTest.Result again = CliTest.run(args("zoo", "--model", "10-6-4", "--count", "3", "--held-out", "1", "--epochs", "2",
                "--progress", "quiet", "--out", zoo.toString(), "--json"));
        assertEquals(0, again.exitCode(), again.err());
        JsonNode json = new ObjectMapper().readTree(again.out().strip());
        assertEquals(4, json.get("models").size());
        // The new source takes seed 3, so the held-out model (seed 3 before, 4 now) is retrained too.
        assertEquals(2, json.get("trained").asInt(), "the new source and the re-seeded held-out model: " + json);
        assertEquals(before, Files.getLastModifiedTime(zoo.resolve("sources/model-000/model.safetensors")).toMillis());
    }

    @Test
    void starlightWritesTheStarModelAndBothTables() throws IOException {
        Path zoo = zoo("10-8-4", 3, 2);
        Path out = dir.resolve("star");
        CliTest.Result result = CliTest.run(args("starlight", "--sources", zoo.resolve("sources").toString(), "--held-out",
                zoo.resolve("held-out").toString(), "--epochs", "2", "--points", "3", "--progress", "quiet", "--out", out.toString(),
                "--json"));
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out().strip());
        assertEquals(8, json.get("barriers").size(), "four kinds, raw and aligned: " + json.get("barriers"));
        assertEquals("random", json.get("start").asText(), "the paper's start is the default");
        assertEquals(3, json.get("sources").get("count").asInt());
        assertTrue(json.get("sources").get("train_loss_mean").asDouble() > 0 && json.get("star_train_loss").asDouble() > 0, json.toString());
        assertEquals(5, json.get("bma").size());
        for (String file : new String[] {"model.safetensors", "star.safetensors", "report.json", "barriers.csv", "bma.csv",
            "barriers.png"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertArrayEquals(Files.readAllBytes(out.resolve("model.safetensors")), Files.readAllBytes(out.resolve("star.safetensors")),
                "the star model under the rule's name and under its earlier one");
        for (JsonNode row : json.get("bma")) {
            assertTrue(row.get("accuracy").asDouble() > 0.25, "better than chance on 4 classes: " + row);
            assertTrue(row.get("ece").asDouble() >= 0 && row.get("ece").asDouble() <= 1, row.toString());
        }
    }

    @Test
    void modelOptionsTakeARunFolderAndAnOldStarlightFolderStillReads() throws IOException {
        Path zoo = zoo("10-8-4", 2, 0);
        CliTest.Result barrier = CliTest.run(args("barrier", "--a", zoo.resolve("sources/model-000").toString(), "--b",
                zoo.resolve("sources/model-001").toString(), "--points", "3", "--json"));
        assertEquals(0, barrier.exitCode(), barrier.err());
        CliTest.Result align = CliTest.run(args("align", "--a", zoo.resolve("sources/model-000").toString(), "--b",
                zoo.resolve("sources/model-001").toString(), "--out", dir.resolve("aligned").toString()));
        assertEquals(0, align.exitCode(), align.err());
        assertTrue(Files.isRegularFile(dir.resolve("aligned/model.safetensors")), "a folder gets model.safetensors");

        Path old = Files.createDirectories(dir.resolve("old-starlight"));
        Files.copy(zoo.resolve("sources/model-000/model.safetensors"), old.resolve("star.safetensors"));
        CliTest.Result eval = CliTest.run(args("eval", "--model", old.toString(), "--json"));
        assertEquals(0, eval.exitCode(), eval.err());

        Path pool = dir.resolve("pool"), starRun = Files.createDirectories(pool.resolve("an-earlier-starlight-run"));
        for (String source : new String[] {"model-000", "model-001"}) {
            Files.createDirectories(pool.resolve(source));
            Files.copy(zoo.resolve("sources").resolve(source).resolve("model.safetensors"), pool.resolve(source).resolve("model.safetensors"));
        }
        Files.copy(old.resolve("star.safetensors"), starRun.resolve("star.safetensors"));
        Files.copy(old.resolve("star.safetensors"), starRun.resolve("model.safetensors"));
        CliTest.Result starlight = CliTest.run(args("starlight", "--sources", pool.toString(), "--held-out",
                zoo.resolve("sources").toString(), "--epochs", "1", "--points", "3", "--progress", "quiet",
                "--out", dir.resolve("star").toString(), "--json"));
        assertEquals(0, starlight.exitCode(), starlight.err());
        assertEquals("2", SafeTensors.read(dir.resolve("star/model.safetensors")).metadata().get("netgeom.starlight.sources"),
                "a starlight folder among the sources is skipped");
    }

    @Test
    void starStudyWritesOneSummaryRowPerWidthAndKind() throws IOException {
        Path out = dir.resolve("study");
        CliTest.Result result = CliTest.run(args("star-study", "--widths", "4,6", "--sources", "2", "--held-out", "2", "--epochs", "1",
                "--points", "3", "--progress", "quiet", "--out", out.toString(), "--json"));
        assertEquals(0, result.exitCode(), result.err());
        CsvTable summary = CsvTable.read(out.resolve("summary.csv"));
        assertEquals(16, summary.rowCount(), "2 widths x 4 kinds x raw and aligned\n" + summary.toCsv());
        JsonNode json = new ObjectMapper().readTree(result.out().strip());
        assertEquals(16, json.get("summary").size(), json.toString());
        assertTrue(summary.containsRow(Map.of("width", "4", "kind", "anchor_to_held_out", "aligned", "true", "start", "random")),
                summary.toCsv());
        assertTrue(json.get("summary").get(0).get("width").isNumber() && json.get("provenance").has("seed"), json.toString());
        assertTrue(summary.containsRow(Map.of("width", "6", "kind", "star_to_held_out", "aligned", "true")), summary.toCsv());
    }

    @Test
    void starStudyVariantStartsTrainAnotherStarOnTheSameZooAndRefuseAnUnknownStart() throws IOException {
        Path out = dir.resolve("study");
        CliTest.Result result = CliTest.run(args("star-study", "--widths", "4", "--sources", "2", "--held-out", "2", "--epochs", "1",
                "--points", "3", "--progress", "quiet", "--variant-starts", "source-average", "--star-epochs", "2", "--out",
                out.toString()));
        assertEquals(0, result.exitCode(), result.err());
        CsvTable starMetrics = CsvTable.read(out.resolve("w4/starlight/metrics.csv"));
        assertEquals(2.0, starMetrics.doubleValue(starMetrics.rowCount() - 1, "epoch"), "--star-epochs trains the star models");
        CsvTable sourceMetrics = CsvTable.read(out.resolve("w4/sources/model-000/metrics.csv"));
        assertEquals(1.0, sourceMetrics.doubleValue(sourceMetrics.rowCount() - 1, "epoch"), "--epochs trains the zoo");
        CsvTable summary = CsvTable.read(out.resolve("summary.csv"));
        assertTrue(summary.containsRow(Map.of("kind", "star_to_held_out", "aligned", "true", "start", "source-average",
                "main_start", "false")), summary.toCsv());
        assertTrue(Files.isRegularFile(out.resolve("w4/starlight-source-average/report.json")));

        CliTest.Result bad = CliTest.run(args("star-study", "--widths", "4", "--sources", "2", "--held-out", "2", "--epochs", "1",
                "--variant-starts", "mean", "--out", dir.resolve("bad").toString()));
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("random or source-average"), bad.err());
    }

    @Test
    void differentArchitecturesAreBadInput() {
        Path small = zoo("10-6-4", 1, 0), large = zoo("10-8-4", 1, 0);
        assertBadInput(CliTest.run(args("barrier", "--a", small.resolve("sources/model-000/model.safetensors").toString(), "--b",
                large.resolve("sources/model-000/model.safetensors").toString())), "different architectures");
    }

    @Test
    void aFileThatIsNotANetgeomModelIsBadInput() {
        Path foreign = dir.resolve("foreign.safetensors");
        SafeTensors.write(foreign, Map.of("w", SafeTensor.f32(new long[] {2}, new float[] {1, 2})), Map.of());
        assertBadInput(CliTest.run(args("barrier", "--a", foreign.toString(), "--b", foreign.toString())), "is not a Linear layer of an nn.Sequential");
    }

    @Test
    void fewerThanTwoPointsIsBadInput() {
        Path zoo = zoo("10-6-4", 1, 0);
        String model = zoo.resolve("sources/model-000/model.safetensors").toString();
        assertBadInput(CliTest.run(args("barrier", "--a", model, "--b", model, "--points", "1")), "--points");
    }
}
