package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.SafeTensors;
import org.netgeom.fuzz.ParserProperty;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/** Network model files: a round trip keeps parameters, running statistics and predictions; a small file cannot ask for a huge model. */
class NetworkFilesTest {
    @TempDir Path dir;

    @Test
    void aSavedNetworkLoadsWithTheSameParametersStatisticsAndPredictions() {
        ImageShape shape = new ImageShape(2, 7, 7);
        Matrix inputs = new Matrix(5, shape.size());
        Random random = new Random(3);
        for (int i = 0; i < inputs.data().length; i++) inputs.data()[i] = (float) random.nextGaussian();
        Path file = dir.resolve("model.safetensors");
        try (CpuBackend backend = new CpuBackend(1);
             ConvNet net = new ConvNet(backend, Network.parse("conv:4p1,bn,relu,block:6s2,gap,flatten,bn,linear:3", 3), shape)
                     .initialize(2);
             DeviceMatrix x = backend.upload(inputs)) {
            net.forward(x, true); // moves the running statistics away from 0 and 1
            float[] expected = backend.download(net.forward(x, false)).data();
            ModelFiles.save(net, file, Map.of());
            try (TrainableModel loaded = ModelFiles.load(backend, file)) {
                assertArrayEquals(backend.download(net.parameters()).data(), backend.download(loaded.parameters()).data());
                assertArrayEquals(expected, backend.download(loaded.forward(x, false)).data(), "eval mode uses the saved statistics");
            }
        }
    }

    @Test
    void metadataAskingForAHugeNetworkIsRefusedBeforeItsParametersAreAllocated() throws Exception {
        // resnet18:w2 has 44.7 million parameters (179 MB); the file holds none of them.
        Path file = dir.resolve("huge.safetensors");
        SafeTensors.write(file, Map.of(), Map.of(ModelFiles.MODEL_KEY, "network", ModelFiles.ARCHITECTURE_KEY, "resnet18:w2",
                NetworkFiles.INPUT_SHAPE_KEY, "3x32x32", NetworkFiles.CLASSES_KEY, "10"));
        byte[] bytes = Files.readAllBytes(file);
        try (CpuBackend backend = new CpuBackend(1)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFiles.load(backend, file));
            assertTrue(e.getMessage().contains("no tensor conv1.weight"), e.getMessage());
            ParserProperty.parsesOrRefuses(bytes.length, 64, () -> ModelFiles.load(backend, SafeTensors.parse(bytes, file), file));
            assertEquals(0, backend.liveBytes(), "nothing left allocated on the backend");
        }
    }
}
