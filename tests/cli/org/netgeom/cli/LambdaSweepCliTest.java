package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.InputBinarization;
import org.netgeom.data.SafeTensors;
import org.netgeom.io.CsvTable;

/** double-descent --lambda with a list of penalties, and the MLP sweep's --binarize, --label-noise and --save-models. */
class LambdaSweepCliTest {
    @TempDir Path dir;

    @Test
    void aListOfPenaltiesRunsOneSweepEachAndReportsWhereTheBmdPeaks() throws IOException {
        Path out = dir.resolve("sweep");
        CliTest.Result r = CliTest.run("double-descent", "--model", "rf", "--data", "teacher:sign", "--input-dim", "10",
                "--train-size", "30", "--test-size", "100", "--validation-size", "20", "--width-ratio", "0.2:5:5",
                "--lambda", "1e-6,1e-1,optimal", "--samples", "40", "--seeds", "2", "--backend", "cpu", "--progress", "quiet",
                "--json", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out().strip());
        assertEquals(3, json.get("lambdas").size());
        assertEquals(10, json.get("input_dim").asInt());
        JsonNode optimal = json.get("lambdas").get(2);
        assertEquals("optimal", optimal.get("lambda_mode").asText());
        for (String key : new String[] {"bmd_peak", "test_error_peak", "test_error_monotone", "bmd_interior_peak", "bmd_peak_margin",
                "bmd_peak_p_over_n", "bmd_peak_p_over_d", "lambda_at_bmd_peak"}) {
            assertTrue(optimal.has(key), key + " in " + optimal);
        }
        assertEquals(optimal.get("bmd_peak").get("width").asDouble() / 10, optimal.get("bmd_peak_p_over_d").asDouble(), 1e-12);
        CsvTable rows = CsvTable.read(out.resolve("results.csv"));
        assertEquals(3 * 5 * 2, rows.rowCount(), "3 penalties x 5 widths x 2 seeds in one table");
        Set<String> modes = new HashSet<>();
        for (int i = 0; i < rows.rowCount(); i++) modes.add(rows.value(i, "lambda_mode"));
        assertEquals(Set.of("1.0E-6", "0.1", "optimal"), modes);
        assertTrue(Files.size(out.resolve("bmd_peaks.png")) > 0 && Files.size(out.resolve("twin_peaks.png")) > 0);
    }

    @Test
    void aPenaltyListedTwiceOrAPenaltyListForMlpsIsBadInput() {
        CliTest.Result twice = CliTest.run("double-descent", "--data", "teacher:sign", "--train-size", "20", "--widths", "5,20",
                "--lambda", "1e-2,0.01", "--backend", "cpu", "--out", dir.resolve("a").toString());
        assertEquals(2, twice.exitCode(), twice.err());
        assertTrue(twice.errLines().contains("--lambda lists 0.01 twice"), twice.errLines());
        CliTest.Result mlp = CliTest.run("double-descent", "--model", "mlp", "--data", "teacher:sign", "--train-size", "20",
                "--widths", "5", "--lambda", "1e-2,optimal", "--backend", "cpu", "--out", dir.resolve("b").toString());
        assertEquals(2, mlp.exitCode(), mlp.err());
        assertTrue(mlp.errLines().contains("--model rf"), mlp.errLines());
    }

    @Test
    void anMlpSweepOnBinarizedNoisyLabelsRecordsTrainErrorAndBmdOnTheTrainingRows() throws IOException {
        Path out = dir.resolve("mlp");
        CliTest.Result r = CliTest.run("double-descent", "--model", "mlp", "--data", "fashion-mnist", "--train-size", "60",
                "--test-size", "100", "--widths", "2,32", "--epochs", "60", "--batch", "60", "--lr", "0.01", "--binarize",
                "--label-noise", "0.2", "--samples", "20", "--seeds", "1", "--backend", "cpu", "--progress", "quiet", "--json",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        CsvTable rows = CsvTable.read(out.resolve("results.csv"));
        assertEquals(2, rows.rowCount());
        assertEquals(0.0, rows.doubleValue(1, "train_error"), "width 32 interpolates 60 noisy labels");
        assertTrue(rows.doubleValue(1, "bmd_data") > 0, "BMD on the +-1 training rows");
        assertTrue(rows.doubleValue(1, "bmd") >= 1, "uniform points on the cube");
        CliTest.Result both = CliTest.run("double-descent", "--model", "mlp", "--data", "fashion-mnist", "--train-size", "60",
                "--widths", "2", "--label-noise", "0.2", "--noise", "0.1", "--backend", "cpu", "--out", dir.resolve("c").toString());
        assertEquals(2, both.exitCode(), both.err());
        assertTrue(both.errLines().contains("--label-noise and --noise"), both.errLines());
    }

    @Test
    void savedModelsScoreAsTheirRowsSayAndCarryTheirStartAndBinarization() throws IOException {
        Path out = dir.resolve("saved");
        String[] data = {"--data", "fashion-mnist", "--train-size", "60", "--test-size", "100"};
        CliTest.Result r = CliTest.run(concat(new String[] {"double-descent", "--model", "mlp", "--widths", "2,16", "--epochs", "8",
                "--batch", "30", "--lr", "0.01", "--binarize", "--label-noise", "0.2", "--init", "adversarial", "--adversarial-epochs", "2",
                "--samples", "20", "--seeds", "1", "--save-models", "--backend", "cpu", "--progress", "quiet", "--out", out.toString()}, data));
        assertEquals(0, r.exitCode(), r.err());
        CsvTable rows = CsvTable.read(out.resolve("results.csv"));
        assertEquals(2, rows.rowCount());
        for (int row = 0; row < rows.rowCount(); row++) {
            Path model = out.resolve("models").resolve("width-" + rows.value(row, "width") + "-seed-1.safetensors");
            Map<String, String> metadata = SafeTensors.read(model).metadata();
            assertEquals("0.5", metadata.get(InputBinarization.METADATA_KEY), "binarized data: " + metadata);
            assertEquals("adversarial", metadata.get("netgeom.init"));
            assertEquals("1", metadata.get("netgeom.seed"));
            CliTest.Result eval = CliTest.run(concat(new String[] {"eval", "--model", model.toString(), "--backend", "cpu", "--json"}, data));
            assertEquals(0, eval.exitCode(), eval.err());
            double accuracy = new ObjectMapper().readTree(eval.out().strip()).get("accuracy").asDouble();
            assertEquals(rows.doubleValue(row, "test_error"), 1 - accuracy, 1e-9, "the saved model is the one measured: " + model);
        }
        Path study = dir.resolve("study");
        CliTest.Result robust = CliTest.run(concat(new String[] {"robustness-study", "--models", out.resolve("models").toString(),
                "--attack", "greedy-flip", "--flips", "0,16", "--samples", "20", "--permutations", "99", "--backend", "cpu",
                "--progress", "quiet", "--out", study.toString()}, data));
        assertEquals(0, robust.exitCode(), robust.err());
        CsvTable measured = CsvTable.read(study.resolve("models.csv"));
        assertEquals(2, measured.rowCount(), "both saved models studied");
        for (int row = 0; row < 2; row++) {
            assertEquals(measured.doubleValue(row, "clean_accuracy"), measured.doubleValue(row, "greedy_accuracy_k0"), 0.0);
        }
        CliTest.Result sharded = CliTest.run(concat(new String[] {"double-descent", "--model", "mlp", "--widths", "2", "--epochs", "1",
                "--save-models", "--shard", "0/2", "--backend", "cpu", "--progress", "quiet", "--out", dir.resolve("s").toString()}, data));
        assertEquals(2, sharded.exitCode(), sharded.err());
        assertTrue(sharded.errLines().contains("--save-models") && sharded.errLines().contains("--shard"), sharded.errLines());
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
