package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.Npy;
import org.netgeom.tensor.Matrix;

/** The command line as a user meets it: exit codes, one-line errors, the files and JSON it promises. */
class CliTest {
    @TempDir Path dir;

    record Result(int exitCode, String out, String err) {
        /** stderr without the JVM's incubator warning and the informational backend line. */
        String errLines() {
            return err.lines().filter(l -> !l.startsWith("WARNING") && !l.startsWith("netgeom: backend: "))
                    .reduce("", (a, b) -> a + b + "\n");
        }
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static JsonNode readJsonQuietly(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static void assertBadInput(Result result, String expectedInMessage) {
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        String lines = result.errLines().strip();
        assertFalse(lines.contains("\tat "), "no stack trace without --verbose: " + lines);
        assertTrue(lines.startsWith("netgeom: "), lines);
        assertTrue(lines.contains(expectedInMessage), "message should mention '" + expectedInMessage + "': " + lines);
        assertEquals(1, lines.lines().count(), "one line: " + lines);
    }

    @Test
    void unknownOptionIsBadInput() {
        assertBadInput(run("train", "--no-such-option"), "--no-such-option");
    }

    @Test
    void trainOnTeacherDataWritesEverythingPromised() throws IOException {
        Path out = dir.resolve("run");
        Result result = run("train", "--data", "teacher:sign", "--input-dim", "20", "--train-size", "300", "--test-size", "200",
                "--model", "20-16-2", "--epochs", "2", "--batch", "32", "--backend", "cpu", "--progress", "quiet",
                "--out", out.toString(), "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out().strip());
        for (String key : new String[] {"test_accuracy", "test_loss", "train_loss", "samples_per_second", "backend", "seconds"}) {
            assertTrue(json.has(key), "JSON key " + key + " in " + json);
        }
        assertEquals("cpu", json.get("backend").asText());
        assertTrue(json.get("test_accuracy").asDouble() > 0.6, "learned the sign teacher: " + json);
        for (String file : new String[] {"model.safetensors", "metrics.csv", "run.json", "loss.png"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertTrue(run.path("provenance").has("seed"), "run.json provenance: " + run);
        assertEquals("20-16-2", run.path("config").path("model").asText());
        assertTrue(run.path("config").path("epochs").isInt() && run.path("config").path("json").isBoolean(),
                "numbers and flags typed in run.json: " + run.path("config"));
    }

    @Test
    void predictWritesProbabilitiesThatSumToOne() {
        Path out = dir.resolve("run");
        assertEquals(0, run("train", "--data", "teacher:mlp", "--input-dim", "12", "--train-size", "200", "--test-size", "50",
                "--model", "12-8-10", "--epochs", "1", "--backend", "cpu", "--progress", "quiet", "--out", out.toString()).exitCode());
        Path predictions = dir.resolve("p.npy");
        Result result = run("predict", "--model", out.resolve("model.safetensors").toString(), "--data", "teacher:mlp",
                "--input-dim", "12", "--train-size", "200", "--test-size", "50", "--backend", "cpu", "--out", predictions.toString(),
                "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = readJsonQuietly(result.out().strip());
        assertEquals("[50,10]", json.get("shape").toString());
        assertTrue(json.get("provenance").has("seed"), json.toString());
        Matrix p = Npy.readMatrix(predictions);
        assertEquals(50, p.rows());
        assertEquals(10, p.cols());
        for (int r = 0; r < p.rows(); r++) {
            double sum = 0;
            for (int c = 0; c < p.cols(); c++) sum += p.get(r, c);
            assertEquals(1.0, sum, 1e-5, "row " + r);
        }
    }

    @Test
    void modelWhoseInputSizeDiffersFromTheDataIsBadInput() {
        assertBadInput(run("train", "--data", "teacher:sign", "--input-dim", "30", "--model", "784-10", "--backend", "cpu",
                "--progress", "quiet"), "784");
    }

    @Test
    void missingNpyFileIsBadInput() {
        assertBadInput(run("train", "--data", "npy", "--inputs", dir.resolve("absent.npy").toString(), "--labels",
                dir.resolve("absent-labels.npy").toString(), "--model", "3-2", "--backend", "cpu"), "absent");
    }

    @Test
    void nanInInputsIsBadInput() {
        Matrix x = new Matrix(10, 3);
        x.set(4, 1, Float.NaN);
        Npy.write(dir.resolve("x.npy"), x);
        Npy.write(dir.resolve("y.npy"), new Matrix(10, 1));
        assertBadInput(run("train", "--data", "npy", "--inputs", dir.resolve("x.npy").toString(), "--labels",
                dir.resolve("y.npy").toString(), "--model", "3-2", "--backend", "cpu"), "NaN");
    }

    @Test
    void corruptModelFileIsBadInput() throws IOException {
        Path model = dir.resolve("broken.safetensors");
        Files.write(model, new byte[] {(byte) 0xff, 0x7f, 0, 0, 0, 0, 0, 0, '{'});
        assertBadInput(run("eval", "--model", model.toString(), "--data", "teacher:sign", "--backend", "cpu"), "broken.safetensors");
    }

    @Test
    void cudaWithoutAGpuIsBadInputNamingWhatIsMissing() {
        Result result = run("train", "--data", "teacher:sign", "--model", "100-2", "--backend", "cuda", "--epochs", "1");
        org.junit.jupiter.api.Assumptions.assumeTrue(result.exitCode() != 0, "a GPU is present here, so --backend cuda works");
        assertBadInput(result, "lib");
    }

    @Test
    void autoBackendSaysWhichItChose() {
        Result result = run("train", "--data", "teacher:sign", "--input-dim", "10", "--train-size", "64", "--test-size", "16",
                "--model", "10-2", "--epochs", "1", "--backend", "auto", "--progress", "quiet");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("backend: "), result.err());
    }

    @Test
    void expansionIsRecordedAndReappliedByEval() {
        Path out = dir.resolve("expanded");
        assertEquals(0, run("train", "--data", "teacher:sign", "--input-dim", "16", "--train-size", "200", "--test-size", "50",
                "--model", "64-8-2", "--expand-input", "2", "--epochs", "1", "--backend", "cpu", "--progress", "quiet",
                "--out", out.toString()).exitCode());
        Result eval = run("eval", "--model", out.resolve("model.safetensors").toString(), "--data", "teacher:sign",
                "--input-dim", "16", "--train-size", "200", "--test-size", "50", "--backend", "cpu", "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("\"accuracy\""), eval.out());
    }

    @Test
    void wassersteinReportsEveryLayerAndRejectsDifferentArchitectures() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c");
        for (Object[] m : new Object[][] {{a, "1", "10-6-2"}, {b, "2", "10-6-2"}, {c, "3", "10-5-2"}}) {
            assertEquals(0, run("train", "--data", "teacher:sign", "--input-dim", "10", "--train-size", "64", "--test-size", "16",
                    "--model", (String) m[2], "--epochs", "1", "--seed", (String) m[1], "--backend", "cpu", "--progress", "quiet",
                    "--out", m[0].toString()).exitCode());
        }
        Result result = run("wasserstein", "--a", a.resolve("model.safetensors").toString(), "--b",
                b.resolve("model.safetensors").toString(), "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode layers = new ObjectMapper().readTree(result.out().strip()).get("layers");
        assertEquals(2, layers.size());
        assertEquals("layers.0.weight", layers.get(0).get("name").asText());
        assertTrue(layers.get(0).get("w1").asDouble() > 0, "different seeds give different weights");
        assertBadInput(run("wasserstein", "--a", a.resolve("model.safetensors").toString(), "--b",
                c.resolve("model.safetensors").toString()), "different architectures");
    }

    @Test
    void expansionFactorBelowOneIsBadInput() {
        assertBadInput(run("train", "--data", "teacher:sign", "--model", "100-2", "--expand-input", "0", "--backend", "cpu"),
                "--expand-input");
    }

    @Test
    void corruptIdxFilesAreBadInput() throws IOException {
        Path data = Files.createDirectories(dir.resolve("fmnist"));
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            Files.write(data.resolve(name), new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        }
        assertBadInput(run("train", "--data", "fashion-mnist", "--data-dir", data.toString(), "--backend", "cpu"),
                "train-");
    }

    @Test
    void truncatedNpyIsBadInput() throws IOException {
        Npy.write(dir.resolve("x.npy"), new Matrix(10, 3));
        byte[] whole = Files.readAllBytes(dir.resolve("x.npy"));
        Files.write(dir.resolve("x.npy"), java.util.Arrays.copyOf(whole, whole.length - 7));
        Npy.write(dir.resolve("y.npy"), new Matrix(10, 1));
        assertBadInput(run("train", "--data", "npy", "--inputs", dir.resolve("x.npy").toString(), "--labels",
                dir.resolve("y.npy").toString(), "--model", "3-2", "--backend", "cpu"), "x.npy");
    }

    @Test
    void negativeLabelIsBadInput() {
        Npy.write(dir.resolve("x.npy"), new Matrix(10, 3));
        Matrix labels = new Matrix(10, 1);
        labels.set(3, 0, -1f);
        Npy.write(dir.resolve("y.npy"), labels);
        Result result = run("train", "--data", "npy", "--inputs", dir.resolve("x.npy").toString(), "--labels",
                dir.resolve("y.npy").toString(), "--model", "3-2", "--backend", "cpu");
        assertBadInput(result, "not class indices");
    }

    @Test
    void symmetryReportsTheReplicaMetricWithTheSpecKeys() throws IOException {
        Path out = dir.resolve("sym");
        Result result = run("symmetry", "--data", "teacher:mlp", "--input-dim", "16", "--train-size", "200", "--test-size", "50",
                "--model-config", "--model 16-12-10 --batch-norm --dropout 0.1", "--replicas", "3", "--epochs", "1",
                "--backend", "cpu", "--progress", "quiet", "--json", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out().strip());
        assertEquals(3, json.get("replicas").asInt());
        assertEquals(1, json.get("epochs").asInt());
        assertEquals(2, json.get("layers").size());
        for (JsonNode layer : json.get("layers")) {
            assertTrue(layer.get("replica_distance").asDouble() > 0, "replicas differ: " + layer);
            assertTrue(layer.has("init_distance") && layer.has("name"), layer.toString());
        }
        assertTrue(json.get("mean_replica_distance").asDouble() > 0);
        assertEquals("cpu", json.path("provenance").path("backend").asText(), "provenance records the backend: " + json);
        assertTrue(Files.exists(out.resolve("symmetry.json")) && Files.exists(out.resolve("replicas.csv")));
    }

    @Test
    void symmetryWithOneReplicaIsBadInput() {
        assertBadInput(run("symmetry", "--data", "teacher:mlp", "--input-dim", "8", "--train-size", "50", "--test-size", "10",
                "--model-config", "--model 8-4-10", "--replicas", "1", "--backend", "cpu", "--progress", "quiet"), "--replicas");
    }

    @Test
    void barrierReappliesTheModelsInputExpansion() {
        Path a = dir.resolve("ea"), b = dir.resolve("eb");
        for (Object[] m : new Object[][] {{a, "1"}, {b, "2"}}) {
            assertEquals(0, run("train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "100", "--test-size", "40",
                    "--model", "11-6-2", "--expand-dims", "3", "--epochs", "1", "--seed", (String) m[1], "--backend", "cpu",
                    "--progress", "quiet", "--out", m[0].toString()).exitCode());
        }
        Result result = run("barrier", "--a", a.resolve("model.safetensors").toString(), "--b", b.resolve("model.safetensors").toString(),
                "--data", "teacher:sign", "--input-dim", "8", "--train-size", "100", "--test-size", "40", "--points", "3",
                "--backend", "cpu", "--json");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("barrier_loss"), result.out());
    }
}
