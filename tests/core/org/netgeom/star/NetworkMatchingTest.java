package org.netgeom.star;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

class NetworkMatchingTest {
    /** Conv, BatchNorm2d, pooling, flatten into a linear layer (channel blocks of 4x4), BatchNorm1d, a hidden linear layer. */
    static final String PLAIN = "conv:8p1,bn,relu,maxpool:2,conv:6p1,bn,relu,flatten,linear:12,bn,relu,linear:3";
    /** A stem stream shared by an identity block, then a projection block opening a new stream. */
    static final String RESIDUAL = "conv:8p1nb,bn,relu,block:8,block:12s2,gap,flatten,linear:4";

    /** A network with every parameter and running statistic drawn at random (BatchNorm's too), so each tensor matters. */
    static ConvNet randomNetwork(Backend backend, String spec, ImageShape shape, long seed) {
        ConvNet net = new ConvNet(backend, Network.parse(spec, 3), shape);
        Matrix flat = new Matrix(1, (int) net.parameters().size());
        Philox.fillNormal(flat.data(), 0, flat.size(), seed, 0, 0f, 0.4f);
        Matrix statistics = net.runningStatistics();
        Philox.fillUniform(statistics.data(), 0, statistics.size(), seed, 1, 0.5f, 2f);
        return net.loadParameters(flat).loadRunningStatistics(statistics);
    }

    static Map<String, int[]> randomPermutations(PermutationSpec spec, long seed) {
        Map<String, int[]> permutations = new LinkedHashMap<>();
        int stream = 0;
        for (var entry : spec.sizes().entrySet()) permutations.put(entry.getKey(), Philox.permutation(entry.getValue(), seed, stream++));
        return permutations;
    }

    static Matrix predict(Backend backend, ConvNet net, Matrix inputs) {
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix out = scope.allocate(inputs.rows(), net.outputDim());
            net.predict(scope.upload(inputs), out);
            return backend.download(out);
        }
    }

    static Matrix images(int rows, ImageShape shape, long seed) {
        Matrix x = new Matrix(rows, shape.size());
        Philox.fillNormal(x.data(), 0, x.size(), seed, 2, 0.5f, 1f);
        return x;
    }

    @Test
    void permutedNetworkComputesTheSameFunction() {
        for (String spec : List.of(PLAIN, RESIDUAL)) {
            ImageShape shape = spec == PLAIN ? new ImageShape(2, 8, 8) : new ImageShape(3, 8, 8);
            try (Backend backend = new CpuBackend(1); ConvNet a = randomNetwork(backend, spec, shape, 3);
                 ConvNet b = new ConvNet(backend, a.network(), shape)) {
                PermutationSpec permutations = PermutationSpec.of(a.network(), shape);
                Matrix[] permuted = permutations.apply(randomPermutations(permutations, 9), backend.download(a.parameters()),
                        a.runningStatistics());
                b.loadParameters(permuted[0]).loadRunningStatistics(permuted[1]);
                assertFalse(Arrays.equals(backend.download(a.parameters()).data(), permuted[0].data()), spec + ": parameters moved");
                Matrix x = images(7, shape, 4);
                Matrix ya = predict(backend, a, x), yb = predict(backend, b, x);
                for (int i = 0; i < ya.size(); i++) {
                    assertEquals(ya.data()[i], yb.data()[i], 1e-4 * Math.max(1, Math.abs(ya.data()[i])), spec + ": output " + i);
                }
            }
        }
    }

    @Test
    void recoversTheChannelPermutationsOfANetworkWithBatchNormExactly() {
        for (String spec : List.of(PLAIN, RESIDUAL)) {
            ImageShape shape = spec == PLAIN ? new ImageShape(2, 8, 8) : new ImageShape(3, 8, 8);
            try (Backend backend = new CpuBackend(1); ConvNet a = randomNetwork(backend, spec, shape, 5);
                 ConvNet b = new ConvNet(backend, a.network(), shape)) {
                PermutationSpec permutationSpec = PermutationSpec.of(a.network(), shape);
                Map<String, int[]> hidden = randomPermutations(permutationSpec, 11);
                Matrix original = backend.download(a.parameters()), statistics = a.runningStatistics();
                Matrix[] permuted = permutationSpec.apply(hidden, original, statistics);
                b.loadParameters(permuted[0]).loadRunningStatistics(permuted[1]);

                NetworkMatching.Alignment alignment = NetworkMatching.align(a, b, 1, 50);
                assertArrayEquals(original.data(), alignment.alignedParameters().data(), spec + ": aligned parameters");
                assertArrayEquals(statistics.data(), alignment.alignedStatistics().data(), spec + ": aligned running statistics");
                assertTrue(alignment.converged(), spec + ": stopped because nothing changed");
                for (var entry : hidden.entrySet()) {
                    int[] recovered = alignment.permutations().get(entry.getKey());
                    for (int i = 0; i < recovered.length; i++) assertEquals(i, entry.getValue()[recovered[i]], entry.getKey() + " unit " + i);
                }
                new ModelAlignment(alignment.alignedParameters(), alignment.alignedStatistics(), 0, true, 0).applyTo(b);
                Matrix x = images(5, shape, 6);
                assertArrayEquals(predict(backend, a, x).data(), predict(backend, b, x).data(), spec + ": predictions identical");
            }
        }
    }

    @Test
    void residualStreamsShareOnePermutationAndTheOutputsHaveNone() {
        PermutationSpec spec = PermutationSpec.of(Network.parse("resnet20:w0.25", 10), new ImageShape(3, 32, 32));
        List<String> expected = new java.util.ArrayList<>(List.of("conv1"));
        for (int stage = 1; stage <= 3; stage++) {
            for (int block = 0; block < 3; block++) {
                expected.add("layer" + stage + "." + block + ".conv1");
                if (stage > 1 && block == 0) expected.add("layer" + stage + ".0.downsample");
            }
        }
        assertEquals(expected, List.copyOf(spec.sizes().keySet()));
        Map<String, PermutationSpec.TensorAxes> byKey = new LinkedHashMap<>();
        for (var tensor : spec.tensors()) byKey.put(tensor.key(), tensor);
        assertEquals(Arrays.asList("conv1", "layer1.0.conv1", null, null), byKey.get("layer1.0.conv2.weight").axes(), "identity block: conv2 writes the stem's stream");
        assertEquals(Arrays.asList("layer2.0.downsample", "conv1", null, null), byKey.get("layer2.0.downsample.0.weight").axes());
        assertEquals(Arrays.asList("layer2.0.downsample"), byKey.get("layer2.1.bn2.running_var").axes());
        assertEquals(PermutationSpec.Store.STATISTICS, byKey.get("layer2.1.bn2.running_var").store());
        assertEquals(Arrays.asList(null, "layer3.0.downsample"), byKey.get("fc.weight").axes(), "the classes are never permuted");
        assertNull(byKey.get("fc.bias").axes().get(0));
    }

    @Test
    void flattenMakesEachChannelABlockOfTheLinearLayersInputs() {
        PermutationSpec spec = PermutationSpec.of(Network.parse(PLAIN, 3), new ImageShape(2, 8, 8));
        PermutationSpec.TensorAxes linear = spec.tensors().stream().filter(t -> t.key().equals("layers.8.weight")).findFirst().orElseThrow();
        assertEquals(List.of(12, 6, 16), linear.shape());
        assertEquals(Arrays.asList("layers.8", "layers.4", null), linear.axes());
        assertEquals(Map.of("layers.0", 8, "layers.4", 6, "layers.8", 12), Map.copyOf(spec.sizes()));
    }
}
