package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.SafeTensor;
import org.netgeom.data.SafeTensors;
import org.netgeom.data.SafeTensorsFile;

/** eval, bmd and barrier read a plain PyTorch state_dict (no netgeom metadata) as the model it is. */
class PlainStateDictCliTest {
    @TempDir Path dir;

    private static final List<String> DATA = List.of("--data", "teacher:sign", "--input-dim", "8", "--train-size", "64",
            "--test-size", "64", "--backend", "cpu");

    private Path trained(String name, String activation, long seed) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--model", "8-6-5-2", "--activation", activation, "--epochs", "3",
                "--seed", Long.toString(seed), "--progress", "quiet", "--out", out.toString()));
        args.addAll(DATA);
        CliTest.Result result = CliTest.run(args.toArray(new String[0]));
        assertEquals(0, result.exitCode(), result.err());
        return out.resolve("model.safetensors");
    }

    /** The same weights as nn.Sequential(Linear, act, Linear, act, Linear).state_dict() would name them, without metadata. */
    private Path asPlainStateDict(Path netgeomModel, String name) {
        SafeTensorsFile contents = SafeTensors.read(netgeomModel);
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        for (int i = 0; contents.tensors().containsKey("layers." + i + ".weight"); i++) {
            tensors.put((2 * i) + ".weight", contents.tensor("layers." + i + ".weight"));
            tensors.put((2 * i) + ".bias", contents.tensor("layers." + i + ".bias"));
        }
        Path plain = dir.resolve(name);
        SafeTensors.write(plain, tensors, Map.of());
        return plain;
    }

    private static JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(DATA);
        all.add("--json");
        CliTest.Result result = CliTest.run(all.toArray(new String[0]));
        assertEquals(0, result.exitCode(), result.err());
        return new ObjectMapper().readTree(result.out().strip());
    }

    @Test
    void aPlainStateDictEvaluatesAndMeasuresLikeTheModelItHolds() throws IOException {
        Path model = trained("tanh", "tanh", 1);
        Path plain = asPlainStateDict(model, "plain.safetensors");
        JsonNode expected = json("eval", "--model", model.toString());
        JsonNode actual = json("eval", "--model", plain.toString(), "--activation", "tanh");
        assertEquals(expected.get("accuracy").asDouble(), actual.get("accuracy").asDouble(), 0.0);
        assertEquals(expected.get("loss").asDouble(), actual.get("loss").asDouble(), 0.0);
        assertNotEquals(expected.get("loss").asDouble(), json("eval", "--model", plain.toString()).get("loss").asDouble(),
                "--activation is used (relu by default)");
        assertEquals(json("bmd", "--model", model.toString(), "--samples", "64").get("bmd").asDouble(),
                json("bmd", "--model", plain.toString(), "--activation", "tanh", "--samples", "64").get("bmd").asDouble(), 0.0);
    }

    @Test
    void aBarrierBetweenPlainStateDictsEqualsTheBarrierBetweenTheirNetgeomFiles() throws IOException {
        Path a = trained("a", "relu", 1), b = trained("b", "relu", 2);
        Path plainA = asPlainStateDict(a, "a.safetensors"), plainB = asPlainStateDict(b, "b.safetensors");
        JsonNode expected = json("barrier", "--a", a.toString(), "--b", b.toString(), "--points", "5");
        JsonNode actual = json("barrier", "--a", plainA.toString(), "--b", plainB.toString(), "--points", "5");
        assertEquals(expected.get("barrier_loss").asDouble(), actual.get("barrier_loss").asDouble(), 0.0);
    }
}
