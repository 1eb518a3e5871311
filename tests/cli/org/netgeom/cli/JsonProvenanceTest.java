package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's --json output carries the run's provenance (version, Java, machine, backend,
 * command line, seed, times), so a number read off stdout traces like one in a file. Covers the
 * one-shot commands, a sweep and the commands that use no backend.
 */
class JsonProvenanceTest {
    private static final String[] DATA = {"--data", "teacher:mlp", "--input-dim", "10", "--teacher-classes", "4",
        "--train-size", "200", "--test-size", "100", "--backend", "cpu"};
    @TempDir Path dir;

    @Test
    void everyCommandsJsonCarriesItsProvenance() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        JsonNode trainA = json(true, "train", "--model", "10-8-4", "--epochs", "1", "--seed", "3", "--out", a.toString());
        assertEquals(3, trainA.get("provenance").get("seed").asLong(), "train records its --seed");
        json(true, "train", "--model", "10-8-4", "--epochs", "1", "--seed", "4", "--out", b.toString());
        json(true, "eval", "--model", a.toString());
        json(true, "bmd", "--model", a.toString(), "--samples", "32");
        json(true, "robustness", "--model", a.toString(), "--flips", "0,2");
        json(true, "robustness", "--model", a.toString(), "--attack", "pgd", "--epsilon", "0.1", "--steps", "2", "--progress", "quiet");
        json(true, "robustness-study", "--models", a.toString() + "," + b.toString(), "--out", dir.resolve("study").toString(),
                "--epsilon", "0.1", "--steps", "2", "--samples", "20", "--permutations", "50", "--progress", "quiet");
        json(true, "barrier", "--a", a.toString(), "--b", b.toString(), "--points", "5");
        json(true, "align", "--a", a.toString(), "--b", b.toString(), "--out", dir.resolve("aligned").toString());
        json(true, "predict", "--model", a.toString(), "--out", dir.resolve("p.npy").toString());
        json(true, "symmetry", "--model-config", "--model 10-8-4", "--replicas", "2", "--epochs", "1");
        json(true, "zoo", "--model", "10-4-4", "--count", "2", "--epochs", "1", "--out", dir.resolve("zoo").toString());
        json(false, "wasserstein", "--a", a.toString(), "--b", b.toString());
        json(false, "describe", "--model", "lenet5", "--input-shape", "1x28x28");
        json(false, "info");
    }

    /** Runs {@code command} with --json (and the teacher data when {@code withData}); checks the provenance. */
    private static JsonNode json(boolean withData, String command, String... rest) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        if (withData) args.addAll(List.of(DATA));
        args.addAll(List.of(rest));
        args.add("--json");
        CliTest.Result result = CliTest.run(args.toArray(new String[0]));
        assertEquals(0, result.exitCode(), command + ": " + result.err());
        String[] lines = result.out().strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        JsonNode provenance = json.get("provenance");
        assertTrue(provenance != null && provenance.isObject(), command + " --json has no provenance: " + json);
        for (String key : List.of("netgeom_version", "java_version", "backend", "command_line", "seed", "start_time")) {
            assertTrue(provenance.has(key), command + "'s provenance lacks " + key + ": " + provenance);
        }
        assertEquals(command, provenance.get("command_line").get(1).asText(), command + "'s provenance names the command");
        if (withData) assertEquals("cpu", provenance.get("backend").asText(), command + " ran on the cpu");
        return json;
    }
}
