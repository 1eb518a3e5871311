package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.Dataset;
import org.netgeom.data.InputBinarization;
import org.netgeom.data.SafeTensors;
import org.netgeom.nn.Loss;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.train.Evaluator;

/** train --binarize and the commands that read its model file: the binarization round trip and its errors. */
class BinarizeCliTest {
    @TempDir Path dir;

    private static final String[] DATA = {"--data", "fashion-mnist", "--train-size", "300", "--test-size", "200"};

    private Path trained(String name, boolean binarize) {
        Path out = dir.resolve(name);
        String[] args = {"train", "--model", "784-8-10", "--epochs", "2", "--batch", "50", "--backend", "cpu", "--progress", "quiet",
                "--out", out.toString(), DATA[0], DATA[1], DATA[2], DATA[3], DATA[4], DATA[5]};
        if (binarize) {
            args = java.util.Arrays.copyOf(args, args.length + 1);
            args[args.length - 1] = "--binarize";
        }
        CliTest.Result r = CliTest.run(args);
        assertEquals(0, r.exitCode(), r.err());
        return out;
    }

    private static JsonNode json(CliTest.Result r) throws IOException {
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out().strip());
    }

    private static String[] with(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + DATA.length);
        System.arraycopy(DATA, 0, all, args.length, DATA.length);
        return all;
    }

    @Test
    void aBinarizedModelRecordsItAndEvalBmdBinarizeTheirDataAgain() throws IOException {
        Path model = trained("binarized", true);
        assertEquals("0.5", SafeTensors.read(ModelFiles.locate(model)).metadata().get(InputBinarization.METADATA_KEY));
        double accuracy = json(CliTest.run(with("eval", "--model", model.toString(), "--backend", "cpu", "--json")))
                .get("accuracy").asDouble();
        Dataset test = DataSets.load("fashion-mnist", DataOptions.defaults().withTrainSize(300).withTestSize(200).withSeed(1)).test();
        try (CpuBackend cpu = new CpuBackend(1); TrainableModel loaded = ModelFiles.load(cpu, model)) {
            double byHand = Evaluator.evaluate(loaded, Loss.CROSS_ENTROPY, InputBinarization.standard().apply(test)).accuracy();
            double raw = Evaluator.evaluate(loaded, Loss.CROSS_ENTROPY, test).accuracy();
            assertEquals(byHand, accuracy, 1e-12, "eval binarizes the test set as training did");
            assertTrue(byHand != raw || byHand < 0.2, "raw pixels score differently (" + raw + "), so the test could fail");
        }
        JsonNode data = json(CliTest.run(with("bmd", "--model", model.toString(), "--distribution", "data", "--samples", "40",
                "--backend", "cpu", "--progress", "quiet", "--json")));
        assertEquals("data", data.get("distribution").asText());
        assertTrue(data.get("bmd").asDouble() > 0, data.toString());
        JsonNode uniform = json(CliTest.run("bmd", "--model", model.toString(), "--samples", "40", "--backend", "cpu",
                "--progress", "quiet", "--json"));
        assertTrue(uniform.get("bmd").asDouble() >= 1, "uniform points of the cube: " + uniform);
        JsonNode robust = json(CliTest.run(with("robustness", "--model", model.toString(), "--flips", "0", "--backend", "cpu", "--json")));
        assertEquals(accuracy, robust.get("clean_accuracy").asDouble(), 1e-12, "robustness binarizes too");
    }

    @Test
    void gradientAttacksOnABinarizedModelMoveItsPlusMinusOneInputsWithinTheCube() throws IOException {
        Path model = trained("attacked", true);
        double accuracy = json(CliTest.run(with("eval", "--model", model.toString(), "--backend", "cpu", "--json")))
                .get("accuracy").asDouble();
        JsonNode pgd = json(CliTest.run(with("robustness", "--model", model.toString(), "--attack", "pgd", "--epsilon", "0,2",
                "--steps", "5", "--backend", "cpu", "--progress", "quiet", "--json")));
        assertEquals(accuracy, pgd.get("clean_accuracy").asDouble(), 1e-12, "the attack sees the binarized test set, as eval does");
        assertEquals(-1.0, pgd.get("valid_range").get("lower").asDouble(), 0.0, "auto range of +-1 inputs: " + pgd);
        assertEquals(1.0, pgd.get("valid_range").get("upper").asDouble(), 0.0, "auto range of +-1 inputs: " + pgd);
        assertEquals(accuracy, pgd.get("points").get(0).get("robust_accuracy").asDouble(), 1e-12, "epsilon 0 moves nothing");
        assertTrue(pgd.get("points").get(1).get("robust_accuracy").asDouble() < accuracy,
                "a budget that spans the cube breaks the model: " + pgd);
        JsonNode greedy = json(CliTest.run(with("robustness", "--model", model.toString(), "--attack", "greedy-flip", "--flips", "0,64",
                "--backend", "cpu", "--progress", "quiet", "--json")));
        assertEquals(accuracy, greedy.get("clean_accuracy").asDouble(), 1e-12);
        assertTrue(greedy.get("points").get(1).get("robust_accuracy").asDouble() < accuracy, "64 chosen sign flips hurt: " + greedy);
    }

    @Test
    void dataFlipsOnARawModelPointToBinarizeAndTheReflectionIsNotCalledBmd() throws IOException {
        Path model = trained("raw", false);
        CliTest.Result refused = CliTest.run(with("bmd", "--model", model.toString(), "--distribution", "data", "--samples", "20",
                "--backend", "cpu", "--progress", "quiet"));
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.errLines().contains("--binarize") && refused.errLines().contains("data-reflect"), refused.errLines());
        JsonNode reflect = json(CliTest.run(with("bmd", "--model", model.toString(), "--distribution", "data-reflect",
                "--samples", "20", "--backend", "cpu", "--progress", "quiet", "--json")));
        assertFalse(reflect.has("bmd"), reflect.toString());
        assertTrue(reflect.has("reflection_sensitivity"), reflect.toString());
    }

    @Test
    void contradictoryOptionsAreOneLineErrorsNamingBothOptions() {
        CliTest.Result standardized = CliTest.run(with("train", "--binarize", "--standardize", "--model", "784-4-10", "--backend", "cpu",
                "--out", dir.resolve("s").toString()));
        assertEquals(2, standardized.exitCode(), standardized.err());
        assertTrue(standardized.errLines().contains("--binarize") && standardized.errLines().contains("--standardize"),
                standardized.errLines());
        CliTest.Result teacher = CliTest.run("train", "--binarize", "--data", "teacher:sign", "--model", "100-4-2", "--backend", "cpu",
                "--out", dir.resolve("t").toString());
        assertEquals(2, teacher.exitCode(), teacher.err());
        assertTrue(teacher.errLines().contains("--binarize") && teacher.errLines().contains("Gaussian"), teacher.errLines());
        CliTest.Result padded = CliTest.run(with("train", "--binarize", "--expand-input", "2", "--model", "3136-4-10", "--backend", "cpu",
                "--out", dir.resolve("p").toString()));
        assertEquals(2, padded.exitCode(), padded.err());
        assertTrue(padded.errLines().contains("--expand-value"), padded.errLines());
    }
}
