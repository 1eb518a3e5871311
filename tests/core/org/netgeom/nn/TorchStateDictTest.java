package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.SafeTensor;
import org.netgeom.data.SafeTensors;
import org.netgeom.data.SafeTensorsFile;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/** Plain PyTorch state_dicts (no netgeom metadata) load as the MLP their shapes describe. */
class TorchStateDictTest {
    @TempDir Path dir;

    /** The same weights as {@code mlp}, under nn.Sequential's keys: Linear at 0, 2, 4 with activations between. */
    private static Map<String, SafeTensor> sequentialKeys(CpuBackend backend, Path netgeomFile, String prefix, boolean biases) {
        SafeTensorsFile contents = SafeTensors.read(netgeomFile);
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        for (int i = 0; contents.tensors().containsKey("layers." + i + ".weight"); i++) {
            tensors.put(prefix + (2 * i) + ".weight", contents.tensor("layers." + i + ".weight"));
            if (biases) tensors.put(prefix + (2 * i) + ".bias", contents.tensor("layers." + i + ".bias"));
        }
        return tensors;
    }

    private static float[] outputs(CpuBackend backend, TrainableModel model, Matrix inputs) {
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix out = scope.allocate(inputs.rows(), model.outputDim());
            model.predict(scope.upload(inputs), out);
            return backend.download(out).data();
        }
    }

    @Test
    void aSequentialStateDictComputesWhatTheSameNetgeomModelComputes() {
        Matrix inputs = new Matrix(7, 6);
        for (int i = 0; i < inputs.data().length; i++) inputs.data()[i] = (float) Math.sin(i * 0.7);
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, Architecture.of(6, 5, 4, 3), Activation.TANH).initialize(Initialization.PYTORCH, 3)) {
            Path netgeomFile = dir.resolve("netgeom.safetensors");
            ModelFiles.save(mlp, netgeomFile, Map.of());
            for (String prefix : new String[] {"", "layers."}) {
                Path plain = dir.resolve("plain.safetensors");
                SafeTensors.write(plain, sequentialKeys(backend, netgeomFile, prefix, true), Map.of());
                try (TrainableModel loaded = ModelFiles.load(backend, plain, Activation.TANH)) {
                    assertEquals(Architecture.of(6, 5, 4, 3), ((Mlp) loaded).architecture(), prefix);
                    assertArrayEquals(outputs(backend, mlp, inputs), outputs(backend, loaded, inputs), prefix);
                }
            }
        }
    }

    @Test
    void linearLayersWithoutBiasGetZeroBiases() {
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, Architecture.of(4, 3, 2), Activation.RELU).initialize(Initialization.PYTORCH, 5)) {
            Path netgeomFile = dir.resolve("netgeom.safetensors");
            ModelFiles.save(mlp, netgeomFile, Map.of());
            Path plain = dir.resolve("no-bias.safetensors");
            SafeTensors.write(plain, sequentialKeys(backend, netgeomFile, "", false), Map.of());
            try (TrainableModel loaded = ModelFiles.load(backend, plain)) {
                Matrix parameters = backend.download(loaded.parameters());
                Architecture a = ((Mlp) loaded).architecture();
                for (int layer = 0; layer < a.layerCount(); layer++) {
                    for (int j = 0; j < a.fanOut(layer); j++) assertEquals(0f, parameters.data()[(int) a.biasOffset(layer) + j]);
                }
            }
        }
    }

    @Test
    void layoutsOtherThanLinearLayersAreRefusedSayingWhatIsRead() {
        Path conv = dir.resolve("conv.safetensors");
        SafeTensors.write(conv, Map.of("0.weight", SafeTensor.f32(new long[] {2, 1, 3, 3}, new float[18])), Map.of());
        assertMessage(conv, "has 4 dimensions");
        Path batchNorm = dir.resolve("bn.safetensors");
        SafeTensors.write(batchNorm, Map.of("0.weight", SafeTensor.f32(new long[] {2, 3}, new float[6]),
                "1.running_mean", SafeTensor.vector(0f, 0f)), Map.of());
        assertMessage(batchNorm, "'1.running_mean' is not a Linear layer");
        Path unchained = dir.resolve("unchained.safetensors");
        SafeTensors.write(unchained, Map.of("0.weight", SafeTensor.f32(new long[] {2, 3}, new float[6]),
                "2.weight", SafeTensor.f32(new long[] {2, 5}, new float[10])), Map.of());
        assertMessage(unchained, "do not chain");
    }

    private static void assertMessage(Path file, String expected) {
        try (CpuBackend backend = new CpuBackend()) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFiles.load(backend, file));
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
    }
}
