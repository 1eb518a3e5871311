package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.nn.ModelSpec;
import org.netgeom.tensor.InvalidInputException;

/** The trajectory sweep's configs with networks, and reproduce's grids per scale. */
class TrajectoryGridTest {
    @TempDir Path dir;

    private List<TrajectoryConfig> grid(Reproduction.Scale scale) throws IOException {
        return TrajectoryConfig.read(Files.writeString(dir.resolve(scale.label() + ".csv"), Reproduction.trajectoryConfigs(scale)));
    }

    private static Set<String> families(List<TrajectoryConfig> configs) {
        Set<String> families = new TreeSet<>();
        for (TrajectoryConfig c : configs) families.add(c.factors().get("family"));
        return families;
    }

    @Test
    void standardAndFullGridsHoldConvolutionalFamiliesNextToTheMlps() throws IOException {
        assertEquals(Set.of("allcnn", "cnn", "mlp", "random-features", "resnet"), families(grid(Reproduction.Scale.STANDARD)));
        assertEquals(Set.of("allcnn", "cnn", "mlp", "random-features", "resnet"), families(grid(Reproduction.Scale.FULL)));
        assertEquals(Set.of("cnn", "mlp"), families(grid(Reproduction.Scale.QUICK)));
        assertEquals(Set.of("cnn", "mlp"), families(grid(Reproduction.Scale.TINY)));
        List<TrajectoryConfig> standard = grid(Reproduction.Scale.STANDARD);
        assertEquals("mlp", standard.getFirst().factors().get("family"), "the list starts with the narrowest family");
        for (TrajectoryConfig c : standard) {
            boolean network = c.modelSpec() instanceof ModelSpec.NetworkSpec;
            assertEquals(network ? "1x28x28" : null, c.inputShape(), c.name());
        }
        assertTrue(standard.stream().anyMatch(c -> c.seed() == 2), "two seeds, so the seed factor has groups");
    }

    @Test
    void networkFactorsCountWeightLayersAndChannels() {
        NetworkFactors small = NetworkFactors.of("conv:8k3p1,relu,maxpool:2,conv:16k3p1,tanh,maxpool:2,flatten,linear:10");
        assertEquals(new NetworkFactors("cnn", 3, 16, "relu+tanh"), small);
        NetworkFactors resnet = NetworkFactors.of("resnet20:w0.5");
        assertEquals(new NetworkFactors("resnet", 20, 32, "relu"), resnet, "stem + 9 blocks of 2 + fc");
        NetworkFactors allcnn = NetworkFactors.of("allcnn:w0.25");
        assertEquals("allcnn", allcnn.family());
        assertEquals(9, allcnn.depth());
        assertEquals(48, allcnn.width());
        assertEquals("resnet", NetworkFactors.of("conv:8k3p1,block:8,gap,flatten,linear:10").family());
    }

    @Test
    void configsReadNetworkSpecsAndInputShapesAndRefuseAShapeForAnMlp() throws IOException {
        Path file = Files.writeString(dir.resolve("configs.csv"), """
                name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed,input_shape
                c,"conv:4k3p1,relu,flatten,linear:3",relu,adam,0.01,16,0,0,false,1,1,1x4x4
                m,16-8-3,relu,sgd,0.1,16,0,0,false,1,1,
                """);
        List<TrajectoryConfig> configs = TrajectoryConfig.read(file);
        assertEquals("1x4x4", configs.get(0).inputShape());
        assertEquals("cnn", configs.get(0).factors().get("family"));
        assertTrue(configs.get(0).modelSpec() instanceof ModelSpec.NetworkSpec);
        assertEquals(null, configs.get(1).inputShape());
        Path bad = Files.writeString(dir.resolve("bad.csv"), """
                name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed,input_shape
                m,16-8-3,relu,sgd,0.1,16,0,0,false,1,1,1x4x4
                """);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrajectoryConfig.read(bad));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("input_shape"), e.getMessage());
    }
}
