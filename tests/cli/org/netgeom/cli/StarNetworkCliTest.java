package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.io.CsvTable;

/** barrier, align and starlight on convolutional network files with BatchNorm and a residual block. */
class StarNetworkCliTest {
    private static final String[] DATA = {"--data", "teacher:mlp", "--input-dim", "16", "--teacher-classes", "3",
        "--train-size", "200", "--test-size", "60", "--backend", "cpu"};
    private static final String NETWORK = "conv:4p1nb,bn,relu,block:4,block:6s2,gap,flatten,linear:3";

    @TempDir Path dir;

    private static String[] args(String command, String... rest) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(DATA));
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    private Path train(String folder, int seed) {
        Path out = dir.resolve(folder);
        CliTest.Result result = CliTest.run(args("train", "--model", NETWORK, "--input-shape", "1x4x4", "--epochs", "1",
                "--batch", "32", "--seed", Integer.toString(seed), "--progress", "quiet", "--out", out.toString()));
        assertEquals(0, result.exitCode(), result.err());
        return out.resolve("model.safetensors");
    }

    private static JsonNode json(CliTest.Result result) throws IOException {
        assertEquals(0, result.exitCode(), result.err());
        return new ObjectMapper().readTree(result.out().strip());
    }

    @Test
    void barrierRecomputesBatchNormStatisticsAndSaysSo() throws IOException {
        Path a = train("a", 1), b = train("b", 2);
        JsonNode recomputed = json(CliTest.run(args("barrier", "--a", a.toString(), "--b", b.toString(), "--points", "3",
                "--align", "weights", "--bn-batches", "2", "--bn-batch-size", "50", "--json")));
        assertEquals(3, recomputed.get("curve").size());
        assertTrue(recomputed.get("aligned").asBoolean());
        JsonNode batchNorm = recomputed.get("batch_norm");
        assertEquals("recomputed", batchNorm.get("statistics").asText(), recomputed.toString());
        assertEquals(2, batchNorm.get("batches").asInt());
        assertEquals(100, batchNorm.get("samples").asInt());
        JsonNode interpolated = json(CliTest.run(args("barrier", "--a", a.toString(), "--b", b.toString(), "--points", "3",
                "--bn-batches", "0", "--json")));
        assertEquals("interpolated", interpolated.get("batch_norm").get("statistics").asText());

        JsonNode self = json(CliTest.run(args("barrier", "--a", a.toString(), "--b", a.toString(), "--points", "3", "--json")));
        assertEquals(0.0, self.get("barrier_loss").asDouble(), 0.0, "a network with itself, statistics recomputed at every point");
    }

    @Test
    void alignWritesANetworkThatAlignsToItself() throws IOException {
        Path a = train("a", 1), b = train("b", 2);
        Path aligned = dir.resolve("aligned.safetensors");
        JsonNode first = json(CliTest.run(args("align", "--a", a.toString(), "--b", b.toString(), "--out", aligned.toString(),
                "--points", "3", "--json")));
        assertTrue(first.get("units_moved").asInt() > 0, first.toString());
        assertEquals("recomputed", first.get("barrier_after").get("batch_norm").get("statistics").asText());
        JsonNode again = json(CliTest.run(args("align", "--a", a.toString(), "--b", aligned.toString(), "--out",
                dir.resolve("again.safetensors").toString(), "--json")));
        assertEquals(0, again.get("units_moved").asInt(), "an aligned network is already aligned: " + again);
        JsonNode eval = json(CliTest.run(args("eval", "--model", aligned.toString(), "--json")));
        JsonNode evalB = json(CliTest.run(args("eval", "--model", b.toString(), "--json")));
        assertEquals(evalB.get("accuracy").asDouble(), eval.get("accuracy").asDouble(), 1e-9, "the aligned file computes b's function");
    }

    @Test
    void starlightTrainsAStarNetwork() throws IOException {
        for (int i = 0; i < 2; i++) {
            Files.createDirectories(dir.resolve("sources"));
            Files.createDirectories(dir.resolve("held-out"));
            Files.move(train("s" + i, 10 + i).getParent(), dir.resolve("sources/model-00" + i));
            Files.move(train("h" + i, 20 + i).getParent(), dir.resolve("held-out/model-00" + i));
        }
        Path out = dir.resolve("star");
        JsonNode report = json(CliTest.run(args("starlight", "--sources", dir.resolve("sources").toString(), "--held-out",
                dir.resolve("held-out").toString(), "--epochs", "1", "--points", "3", "--progress", "quiet", "--out", out.toString(),
                "--json")));
        assertEquals(8, report.get("barriers").size(), "four kinds, raw and aligned: " + report);
        assertEquals("recomputed", report.get("batch_norm").get("statistics").asText());
        assertTrue(report.get("star_test_accuracy").asDouble() > 0, report.toString());
        CsvTable metrics = CsvTable.read(out.resolve("metrics.csv"));
        int last = metrics.rowCount() - 1;
        assertEquals(report.get("star_test_loss").asDouble(), metrics.doubleValue(last, "test_loss"), 1e-6,
                "each epoch's test metrics use recomputed BatchNorm statistics, as the final ones do");
        assertEquals(report.get("star_test_accuracy").asDouble(), metrics.doubleValue(last, "test_accuracy"), 1e-9);
        JsonNode eval = json(CliTest.run(args("eval", "--model", out.resolve("model.safetensors").toString(), "--json")));
        assertEquals(report.get("star_test_accuracy").asDouble(), eval.get("accuracy").asDouble(), 1e-9,
                "the saved star network carries the statistics it was evaluated with");
    }
}
