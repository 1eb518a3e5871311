package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
import org.netgeom.data.InputBinarization;
import org.netgeom.data.Npy;
import org.netgeom.data.Python;
import org.netgeom.data.SafeTensor;
import org.netgeom.data.SafeTensors;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;

class ModelFilesTest {
    @TempDir Path dir;

    @Test
    void aFolderIsReadAsItsModelFileAndAnOldNamedFolderStillIs() throws IOException {
        try (CpuBackend backend = new CpuBackend(1);
             Mlp mlp = new Mlp(backend, Architecture.of(3, 4, 2), Activation.RELU).initialize(Initialization.PYTORCH, 5)) {
            Path current = Files.createDirectories(dir.resolve("current")), old = Files.createDirectories(dir.resolve("old"));
            ModelFiles.save(mlp, ModelFiles.target(current), Map.of());
            ModelFiles.save(mlp, old.resolve("star.safetensors"), Map.of()); // a starlight folder of an earlier version
            assertEquals(current.resolve(ModelFiles.FILE_NAME), ModelFiles.locate(current));
            assertEquals(old.resolve("star.safetensors"), ModelFiles.locate(old));
            try (TrainableModel loaded = ModelFiles.load(backend, old)) {
                assertArrayEquals(backend.download(mlp.parameters()).data(), backend.download(loaded.parameters()).data());
            }
            Path empty = Files.createDirectories(dir.resolve("empty"));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFiles.load(backend, empty));
            assertTrue(e.getMessage().contains("holds no model.safetensors"), e.getMessage());
            assertEquals(dir.resolve("b.safetensors"), ModelFiles.target(dir.resolve("b.safetensors")), "a file name is kept");
        }
    }

    @Test
    void aModelTrainedOnBinarizedInputsGetsItsDataBinarizedAgain() {
        try (CpuBackend backend = new CpuBackend(1);
             Mlp mlp = new Mlp(backend, Architecture.of(3, 4, 2), Activation.RELU).initialize(Initialization.PYTORCH, 5)) {
            Path binarized = dir.resolve("binarized.safetensors"), raw = dir.resolve("raw.safetensors");
            ModelFiles.save(mlp, binarized, InputBinarization.standard().toMetadata());
            ModelFiles.save(mlp, raw, Map.of());
            Dataset pixels = new Dataset("pixels", new Matrix(2, 3, new float[] {0.1f, 0.5f, 0.9f, 0.7f, 0f, 0.49f}), new Matrix(2, 1), 2);
            assertArrayEquals(new float[] {-1, 1, 1, 1, -1, -1}, ModelFiles.matchInputs(binarized, pixels).inputs().data());
            assertSame(pixels, ModelFiles.matchInputs(raw, pixels), "a raw model's data stay as they are");
            assertEquals(InputBinarization.standard(), ModelFiles.inputBinarization(binarized));
        }
    }

    @Test
    void mlpRoundTripsWithPyTorchNamesAndShapes() {
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, Architecture.of(6, 5, 3), Activation.TANH).initialize(Initialization.PYTORCH, 2)) {
            Path file = dir.resolve("m.safetensors");
            ModelFiles.save(mlp, file, Map.of("netgeom.seed", "2"));
            var contents = SafeTensors.read(file);
            assertEquals(List.of("layers.0.bias", "layers.0.weight", "layers.1.bias", "layers.1.weight"),
                    contents.tensors().keySet().stream().sorted().toList());
            assertArrayEquals(new long[] {5, 6}, contents.tensor("layers.0.weight").shape());
            assertArrayEquals(new long[] {3}, contents.tensor("layers.1.bias").shape());
            assertEquals("mlp", contents.metadata().get("netgeom.model"));
            assertEquals("6-5-3", contents.metadata().get("netgeom.architecture"));
            try (TrainableModel loaded = ModelFiles.load(backend, file)) {
                assertArrayEquals(backend.download(mlp.parameters()).data(), backend.download(loaded.parameters()).data());
            }
        }
    }

    @Test
    void batchNormAndDropoutModelRoundTripsWithRunningStatistics() {
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, Architecture.of(6, 5, 4, 3), List.of(Activation.RELU), new MlpOptions(0.25f, true))
                     .initialize(Initialization.PYTORCH, 2);
             MemoryScope scope = new MemoryScope(backend)) {
            mlp.forward(scope.upload(new org.netgeom.tensor.Matrix(7, 6, randomValues(7))), true); // moves running statistics
            Path file = dir.resolve("bn.safetensors");
            ModelFiles.save(mlp, file, Map.of());
            var contents = SafeTensors.read(file);
            assertArrayEquals(new long[] {5}, contents.tensor("layers.0.bn.running_var").shape());
            assertEquals("true", contents.metadata().get(ModelFiles.BATCH_NORM_KEY));
            try (TrainableModel loaded = ModelFiles.load(backend, file)) {
                Mlp back = (Mlp) loaded;
                assertEquals(mlp.options(), back.options());
                assertArrayEquals(backend.download(mlp.parameters()).data(), backend.download(back.parameters()).data());
                var x = scope.upload(new org.netgeom.tensor.Matrix(4, 6, randomValues(4)));
                assertArrayEquals(backend.download(mlp.forward(x, false)).data(), backend.download(back.forward(x, false)).data(),
                        "eval-mode outputs use the saved running statistics");
            }
        }
    }

    private static float[] randomValues(int rows) {
        java.util.Random random = new java.util.Random(rows);
        float[] values = new float[rows * 6];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        return values;
    }

    @Test
    void randomFeaturesRoundTrip() {
        try (CpuBackend backend = new CpuBackend(); RandomFeatures rf = new RandomFeatures(backend, 4, 7, 2, Activation.ERF, 9)) {
            backend.fillNormal(rf.readout(), 1, 1, 0f, 1f);
            Path file = dir.resolve("rf.safetensors");
            ModelFiles.save(rf, file, Map.of());
            try (TrainableModel loaded = ModelFiles.load(backend, file)) {
                RandomFeatures back = (RandomFeatures) loaded;
                assertArrayEquals(backend.download(rf.featureMatrix()).data(), backend.download(back.featureMatrix()).data());
                assertArrayEquals(backend.download(rf.readout()).data(), backend.download(back.readout()).data());
            }
        }
    }

    @Test
    void fileWithoutNetgeomMetadataIsRejectedClearly() {
        Path file = dir.resolve("other.safetensors");
        SafeTensors.write(file, Map.of("w", SafeTensor.vector(1f, 2f)), Map.of());
        try (CpuBackend backend = new CpuBackend()) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFiles.load(backend, file));
            assertTrue(e.getMessage().contains("netgeom reads its own model files and plain PyTorch state_dicts"), e.getMessage());
        }
    }

    /** The saved model, read by examples/check_model.py with numpy, gives netgeom's own accuracy. */
    @Test
    void savedModelGivesTheSameAccuracyInNumpy() throws IOException, InterruptedException {
        Python.assumeNumpy();
        DataSplit data = DataSets.load("teacher:mlp", DataOptions.defaults().withInputDim(20).withTrainSize(600)
                .withTestSize(400).withSeed(3));
        TrainConfig config = new TrainConfig(3, 32, 1, Loss.CROSS_ENTROPY, OptimizerConfig.adam(3e-3f, 0f),
                LearningRateSchedule.constant(), 10);
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, Architecture.of(20, 32, 10), Activation.GELU).initialize(Initialization.PYTORCH, 1);
             MemoryScope scope = new MemoryScope(backend)) {
            new Trainer(config, List.of()).train(mlp, data.train(), null);
            double accuracy = Evaluator.evaluate(mlp, Loss.CROSS_ENTROPY, scope.upload(data.test().inputs()),
                    scope.upload(data.test().targets()), 128).accuracy();
            Path model = dir.resolve("model.safetensors");
            ModelFiles.save(mlp, model, Map.of());
            Npy.write(dir.resolve("x.npy"), data.test().inputs());
            Npy.write(dir.resolve("y.npy"), data.test().targets());
            Process process = new ProcessBuilder("python3", Path.of("examples/check_model.py").toAbsolutePath().toString(),
                    model.toString(), "--inputs", dir.resolve("x.npy").toString(), "--labels", dir.resolve("y.npy").toString(),
                    "--numpy").redirectErrorStream(true).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "check_model.py did not finish");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            double numpyAccuracy = Double.parseDouble(output.replaceAll("(?s).*\"accuracy\": ([0-9.]+).*", "$1"));
            assertTrue(accuracy > 0.3, "the model learned something: " + accuracy);
            assertEquals(accuracy, numpyAccuracy, 1e-9, "numpy accuracy vs netgeom's");
        }
    }

    /** A tiny 2-2-1 MLP's tensors under the given metadata (netgeom.model mlp unless overridden). */
    private Path tinyMlp(String name, Map<String, String> metadata, float firstWeight) {
        Map<String, SafeTensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("layers.0.weight", SafeTensor.f32(new long[] {2, 2}, new float[] {firstWeight, 0.5f, -1, 2}));
        tensors.put("layers.0.bias", SafeTensor.vector(0, 0.25f));
        tensors.put("layers.1.weight", SafeTensor.f32(new long[] {1, 2}, new float[] {1, -1}));
        tensors.put("layers.1.bias", SafeTensor.vector(0.5f));
        Map<String, String> all = new java.util.HashMap<>(Map.of(ModelFiles.MODEL_KEY, "mlp",
                ModelFiles.ARCHITECTURE_KEY, "2-2-1", ModelFiles.ACTIVATION_KEY, "relu"));
        all.putAll(metadata);
        Path file = dir.resolve(name);
        SafeTensors.write(file, tensors, all);
        return file;
    }

    private static InvalidInputException loadFails(Path file) {
        try (CpuBackend backend = new CpuBackend()) {
            return assertThrows(InvalidInputException.class, () -> ModelFiles.load(backend, file));
        }
    }

    private static void assertMessageContains(Throwable e, String... parts) {
        for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
    }

    /** Issue 15 item 6: a small file whose metadata declares 10^10 parameters used to allocate them (OutOfMemoryError). */
    @Test
    void aSmallFileDeclaringAHugeArchitectureIsRefusedBeforeAnythingIsAllocated() {
        Path file = tinyMlp("huge.safetensors", Map.of(ModelFiles.ARCHITECTURE_KEY, "100-100000-100000-2"), 1);
        long allocated = org.netgeom.fuzz.ParserProperty.allocatedBy(() -> assertMessageContains(loadFails(file),
                "huge.safetensors", "layers.0.weight", "[2, 2]", "[100000, 100]"));
        assertTrue(allocated < 16 << 20, "refusing the file allocated " + allocated + " bytes");
    }

    @Test
    void badMetadataValuesAreRefusedNamingTheKeyTheValueAndWhatIsAllowed() {
        String[][] cases = {
                {ModelFiles.DROPOUT_KEY, "lots", "a number in [0, 1)"},
                {ModelFiles.DROPOUT_KEY, "NaN", "a number in [0, 1)"},
                {ModelFiles.BATCH_NORM_KEY, "lots", "true or false"},
                {ModelFiles.ACTIVATION_KEY, "sigmoid", "identity, relu, tanh, erf or gelu"},
                {ModelFiles.ACTIVATION_KEY, "relu,relu,relu", "one per hidden layer (1 for 2-2-1)"},
                {ModelFiles.ARCHITECTURE_KEY, "2-x-1", "layer widths >= 1 joined by '-'"},
                {ModelFiles.ARCHITECTURE_KEY, "2-2-1-", "layer widths >= 1 joined by '-'"},
        };
        for (String[] c : cases) {
            Path file = tinyMlp("bad.safetensors", Map.of(c[0], c[1]), 1);
            assertMessageContains(loadFails(file), "bad.safetensors", "metadata " + c[0], "'" + c[1] + "'", c[2]);
        }
    }

    @Test
    void aRandomFeaturesSeedThatIsNotANumberIsRefusedNamingTheKey() {
        Path file = dir.resolve("rf.safetensors");
        SafeTensors.write(file, Map.of("features.weight", SafeTensor.f32(new long[] {3, 2}, new float[6]),
                "readout.weight", SafeTensor.f32(new long[] {1, 3}, new float[3])), Map.of(ModelFiles.MODEL_KEY,
                "random-features", ModelFiles.ARCHITECTURE_KEY, "2-3-1", ModelFiles.FEATURE_SEED_KEY, "seven"));
        assertMessageContains(loadFails(file), "metadata " + ModelFiles.FEATURE_SEED_KEY, "'seven'", "a whole number");
    }

    @Test
    void anUnknownTrainingLossIsRefusedNamingTheKey() {
        Path file = tinyMlp("loss.safetensors", Map.of(ModelFiles.LOSS_KEY, "hinge"), 1);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> ModelFiles.trainingLoss(file, 10)),
                "metadata " + ModelFiles.LOSS_KEY, "'hinge'", "cross-entropy or mse");
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheTensor() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Path file = tinyMlp("nan.safetensors", Map.of(), bad);
            assertMessageContains(loadFails(file), "nan.safetensors", "tensor layers.0.weight", "holds " + bad,
                    "element 0", "must be finite");
        }
    }
}
