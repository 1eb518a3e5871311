package org.netgeom.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;

class NetworkTest {
    private static final ImageShape CIFAR = new ImageShape(3, 32, 32);
    private static final ImageShape FASHION = new ImageShape(1, 28, 28);

    @Test
    void resnet18HasThePublishedParameterCount() {
        assertEquals(11_173_962, NetworkDescription.of(Network.parse("resnet18", 10), CIFAR).parameters());
    }

    @Test
    void allCnnCHasItsPaperParameterCount() {
        // Springenberg et al. 2015, All-CNN-C on CIFAR-10: 1.37M parameters.
        NetworkDescription allcnn = NetworkDescription.of(Network.parse("allcnn", 10), CIFAR);
        assertEquals(1_369_738, allcnn.parameters());
        assertEquals(List.of(10), allcnn.output().dimensions());
    }

    @Test
    void layerListTokensParseAndPrintCanonically() {
        Network network = Network.parse("conv:32k3p1,ReLU,maxpool:2,conv:64K5S2,bn,flatten,dropout:0.25,linear:10", 10);
        assertEquals("conv:32p1,relu,maxpool:2,conv:64k5s2,bn,flatten,dropout:0.25,linear:10", network.architecture());
        assertEquals(new Layer.Conv2d(64, 5, 2, 0, true), network.layers().get(3).layer());
        assertEquals("layers.7", network.layers().get(7).name());
        assertEquals(network, Network.parse(network.architecture(), 10));
    }

    @Test
    void shapesParametersAndFlopsOfASmallCnn() {
        NetworkDescription d = NetworkDescription.of(
                Network.parse("conv:32k3p1,relu,maxpool:2,conv:64k3p1,relu,maxpool:2,flatten,linear:128,relu,linear:10", 10),
                FASHION);
        assertEquals(List.of(32, 28, 28), d.rows().get(0).output().dimensions());
        assertEquals(List.of(3136), d.rows().get(6).output().dimensions());
        assertEquals(320 + 18_496 + 401_536 + 1_290, d.parameters());
        // 2 x MACs: conv1 28*28*32*9*1, conv2 14*14*64*9*32, fc 3136*128 + 128*10.
        assertEquals(2L * (28 * 28 * 32 * 9 + 14 * 14 * 64 * 9 * 32 + 3136 * 128 + 128 * 10), d.flops());
    }

    @Test
    void batchNormIsTwoDimensionalOnImagesAndOneDimensionalOnFeaturesWithBuffers() {
        NetworkDescription d = NetworkDescription.of(Network.parse("conv:4,bn,flatten,bn,linear:3", 3), new ImageShape(1, 5, 5));
        assertEquals("BatchNorm2d", d.rows().get(1).torchType());
        assertEquals("BatchNorm1d", d.rows().get(3).torchType());
        List<String> keys = d.state().stream().map(StateEntry::key).toList();
        assertTrue(keys.containsAll(List.of("layers.1.running_mean", "layers.1.running_var", "layers.1.num_batches_tracked")), keys.toString());
        StateEntry counter = d.state().stream().filter(e -> e.key().equals("layers.3.num_batches_tracked")).findFirst().orElseThrow();
        assertEquals(List.of(), counter.shape());
        assertFalse(counter.parameter());
        // conv 4*1*9+4, bn2d 2*4, bn1d 2*36, linear 36*3+3
        assertEquals(40 + 8 + 72 + 111, d.parameters());
    }

    @Test
    void aBlockProjectsOnlyWhenTheShapeChanges() {
        NetworkDescription d = NetworkDescription.of(Network.parse("conv:8p1,block:8,block:16s2", 10), new ImageShape(3, 9, 9));
        List<String> keys = d.state().stream().map(StateEntry::key).toList();
        assertFalse(keys.contains("layers.1.downsample.0.weight"), keys.toString());
        assertTrue(keys.contains("layers.2.downsample.0.weight") && keys.contains("layers.2.downsample.1.running_var"), keys.toString());
        assertEquals(List.of(16, 5, 5), d.output().dimensions());
    }

    @Test
    void widthMultipliersScaleChannelsNotClasses() {
        NetworkDescription half = NetworkDescription.of(Network.parse("resnet18:w0.5", 7), CIFAR);
        assertEquals("resnet18:w0.5", half.network().architecture());
        assertEquals(List.of(32, 3, 3, 3), half.state().getFirst().shape());
        assertEquals(List.of(7), half.output().dimensions());
        assertEquals("resnet20:w2", Network.parse("resnet20:w2.0", 10).architecture());
    }

    @Test
    void mistakesNameTheLayerAndTheFix() {
        InvalidInputException noFlatten = assertThrows(InvalidInputException.class,
                () -> NetworkDescription.of(Network.parse("conv:4,linear:10", 10), FASHION));
        assertTrue(noFlatten.getMessage().contains("layers.1") && noFlatten.getMessage().contains("flatten"), noFlatten.getMessage());
        InvalidInputException tooSmall = assertThrows(InvalidInputException.class,
                () -> NetworkDescription.of(Network.parse("conv:4k5,conv:4k5", 10), new ImageShape(1, 6, 6)));
        assertTrue(tooSmall.getMessage().contains("layers.1") && tooSmall.getMessage().contains("2x2"), tooSmall.getMessage());
        InvalidInputException unknownToken = assertThrows(InvalidInputException.class, () -> Network.parse("conv:4,pool:2", 10));
        assertTrue(unknownToken.getMessage().contains("layer 1 'pool:2'"), unknownToken.getMessage());
        InvalidInputException unknownName = assertThrows(InvalidInputException.class, () -> Network.parse("resnet50", 10));
        assertTrue(unknownName.getMessage().contains("resnet18"), unknownName.getMessage());
        assertThrows(InvalidInputException.class, () -> Network.parse("conv:4k3k5", 10));
        assertThrows(InvalidInputException.class, () -> Network.parse("dropout:1", 10));
        assertThrows(InvalidInputException.class, () -> Network.parse("gap:2", 10));
    }

    @Test
    void theMlpFormIsNotANetworkSpec() {
        assertFalse(Network.isNetworkSpec("784-256-10"));
        assertFalse(Network.isNetworkSpec("rf:40"));
        assertTrue(Network.isNetworkSpec("resnet18"));
        assertTrue(Network.isNetworkSpec("conv:8,flatten,linear:10"));
        assertEquals(new ImageShape(3, 32, 32), ImageShape.parse("3X32x32"));
        assertThrows(InvalidInputException.class, () -> ImageShape.parse("28x28"));
    }
}
