package org.netgeom.star;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.nn.layers.FeatureShape;
import org.netgeom.nn.layers.Layer;
import org.netgeom.nn.layers.NamedLayer;
import org.netgeom.nn.layers.Network;
import org.netgeom.nn.layers.NetworkDescription;
import org.netgeom.nn.layers.StateEntry;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Which axes of which tensors each permutation of a network acts on (docs/methods/star.md, Weight
 * matching for networks), in the sense of Git Re-Basin's permutation specs: a convolution's output
 * channels permute its weight's axis 0, its bias, the BatchNorm after it (weight, bias,
 * running_mean, running_var) and the next convolution's input axis; after {@code flatten} a
 * channel is a block of H*W features of the first linear layer; a linear layer's hidden units
 * permute its rows and the next layer's columns. A residual stream is one permutation: the block
 * that opens it (the stem, or a block with a projection shortcut) names it, and every block on it
 * uses it for conv2, bn2 and the projection, as Git Re-Basin's ResNet spec does. The permutation
 * that reaches the outputs (the classes) is left out.
 *
 * <p>A permutation is named by the layer whose output channels define it: {@code layers.0},
 * {@code layer1.0.conv1} (a block's inner channels), {@code conv1} (the stem's stream),
 * {@code layer2.0.downsample} (the stream a projection opens).
 *
 * @param sizes   every permutation's name and size, in the order the network meets them
 * @param tensors every tensor the permutations touch, in state_dict order
 */
public record PermutationSpec(Map<String, Integer> sizes, List<TensorAxes> tensors) {
    /** Where a tensor lives: the flat parameter vector, or the vector of BatchNorm running statistics. */
    public enum Store { PARAMETERS, STATISTICS }

    /**
     * One tensor: its state_dict key, where its values start in its store, its shape as the
     * permutations see it (a linear layer after flatten is [out, C, H*W]) and, per axis, the name
     * of the permutation acting on it (null: none).
     */
    public record TensorAxes(String key, Store store, int offset, List<Integer> shape, List<String> axes) {
        public TensorAxes {
            shape = List.copyOf(shape);
            axes = java.util.Collections.unmodifiableList(new ArrayList<>(axes));
        }

        public int size() {
            int size = 1;
            for (int dimension : shape) size *= dimension;
            return size;
        }
    }

    public PermutationSpec {
        sizes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        tensors = List.copyOf(tensors);
    }

    /** The spec of {@code network} on inputs of {@code input}'s shape. */
    public static PermutationSpec of(Network network, ImageShape input) {
        Builder builder = new Builder();
        FeatureShape shape = FeatureShape.of(input);
        String current = null; // the permutation of the features flowing now; null: the input's, never permuted
        int block = 1;         // features per channel after flatten
        for (NamedLayer named : network.layers()) {
            String name = named.name();
            FeatureShape output = named.layer().output(shape, name);
            switch (named.layer()) {
                case Layer.Conv2d conv -> current = builder.convolution(name, conv, shape.channels(), name, current);
                case Layer.Linear linear -> {
                    builder.declare(name, linear.outFeatures());
                    builder.features(name + ".weight", List.of(linear.outFeatures()), List.of(name), shape.channels(), block, current);
                    builder.add(name + ".bias", List.of(linear.outFeatures()), List.of(name));
                    current = name;
                    block = 1;
                }
                case Layer.BatchNorm norm -> builder.norm(name, shape.channels() / block, block, current);
                case Layer.Flatten flatten -> block = shape.spatial() ? shape.height() * shape.width() : block;
                case Layer.BasicBlock basic -> current = builder.basicBlock(name, basic, shape, current);
                // activations, pools, dropout: the same operation on every channel
                case Layer.Nonlinearity n -> {}
                case Layer.MaxPool2d p -> {}
                case Layer.AvgPool2d p -> {}
                case Layer.GlobalAvgPool p -> {}
                case Layer.Dropout d -> {}
            }
            shape = output;
        }
        if (current != null) builder.remove(current);
        return builder.build(network, input);
    }

    /**
     * The tensors with every permutation applied: aligned unit i of permutation p is unit
     * {@code permutations.get(p)[i]} of the given ones (permutations not named stay the identity).
     * Returns {parameters, statistics}, new matrices.
     */
    public Matrix[] apply(Map<String, int[]> permutations, Matrix parameters, Matrix statistics) {
        for (var entry : permutations.entrySet()) {
            Integer size = sizes.get(entry.getKey());
            if (size == null) throw new InvalidInputException("the network has no permutation named " + entry.getKey());
            if (entry.getValue().length != size) {
                throw new InvalidInputException("permutation " + entry.getKey() + " needs " + size + " entries, got " + entry.getValue().length);
            }
        }
        Matrix[] result = {parameters.copy(), statistics.copy()};
        for (TensorAxes tensor : tensors) {
            Matrix source = tensor.store() == Store.PARAMETERS ? parameters : statistics;
            Matrix target = result[tensor.store().ordinal()];
            int[][] orders = new int[tensor.shape().size()][];
            for (int a = 0; a < orders.length; a++) {
                String name = tensor.axes().get(a);
                orders[a] = name == null ? null : permutations.get(name);
            }
            permuteInto(source.data(), tensor, orders, target.data(), tensor.offset());
        }
        return result;
    }

    /**
     * target[at + (i_0..i_d)] = source[tensor at orders[0][i_0]..orders[d][i_d]] (null order:
     * identity), the indices taken row-major over the tensor's shape.
     */
    static void permuteInto(float[] source, TensorAxes tensor, int[][] orders, float[] target, int at) {
        int dims = tensor.shape().size();
        int[] shape = new int[dims], stride = new int[dims], index = new int[dims];
        for (int a = dims - 1, s = 1; a >= 0; a--) {
            shape[a] = tensor.shape().get(a);
            stride[a] = s;
            s *= shape[a];
        }
        int size = tensor.size(), offset = tensor.offset();
        for (int e = 0; e < size; e++) {
            int from = 0;
            for (int a = 0; a < dims; a++) from += (orders[a] == null ? index[a] : orders[a][index[a]]) * stride[a];
            target[at + e] = source[offset + from];
            for (int a = dims - 1; a >= 0 && ++index[a] == shape[a]; a--) index[a] = 0;
        }
    }

    /** Collects tensors and permutations while walking the network, then places them in the stores. */
    private static final class Builder {
        private final Map<String, Integer> sizes = new LinkedHashMap<>();
        private final List<String> keys = new ArrayList<>();
        private final List<List<Integer>> shapes = new ArrayList<>();
        private final List<List<String>> axes = new ArrayList<>();

        void declare(String permutation, int size) { sizes.put(permutation, size); }

        void add(String key, List<Integer> shape, List<String> permutations) {
            keys.add(key);
            shapes.add(List.copyOf(shape));
            axes.add(new ArrayList<>(permutations));
        }

        /** A tensor whose last axis is the incoming features: C channels of {@code block} values each. */
        void features(String key, List<Integer> leading, List<String> leadingAxes, int features, int block, String incoming) {
            List<Integer> shape = new ArrayList<>(leading);
            List<String> names = new ArrayList<>(leadingAxes);
            if (block > 1) {
                shape.addAll(List.of(features / block, block));
                names.add(incoming);
                names.add(null);
            } else {
                shape.add(features);
                names.add(incoming);
            }
            add(key, shape, names);
        }

        /** A convolution whose outputs carry {@code outgoing} (null: not permuted); returns it. */
        String convolution(String name, Layer.Conv2d conv, int inChannels, String outgoing, String incoming) {
            if (outgoing != null) declare(outgoing, conv.outChannels());
            List<String> weightAxes = new ArrayList<>();
            weightAxes.add(outgoing);
            weightAxes.add(incoming);
            weightAxes.add(null);
            weightAxes.add(null);
            add(name + ".weight", List.of(conv.outChannels(), inChannels, conv.kernel(), conv.kernel()), weightAxes);
            if (conv.bias()) add(name + ".bias", List.of(conv.outChannels()), java.util.Arrays.asList(outgoing));
            return outgoing;
        }

        void norm(String name, int channels, int block, String permutation) {
            for (String tensor : new String[] {"weight", "bias", "running_mean", "running_var"}) {
                features(name + "." + tensor, List.of(), List.of(), channels * block, block, permutation);
            }
        }

        /** torchvision's BasicBlock on the stream {@code stream}; returns the stream after it. */
        String basicBlock(String name, Layer.BasicBlock block, FeatureShape input, String stream) {
            String inner = name + ".conv1";
            convolution(name + ".conv1", block.conv1(), input.channels(), inner, stream);
            norm(name + ".bn1", block.outChannels(), 1, inner);
            String next = block.projects(input) ? name + ".downsample" : stream;
            convolution(name + ".conv2", block.conv2(), block.outChannels(), next, inner);
            norm(name + ".bn2", block.outChannels(), 1, next);
            if (block.projects(input)) {
                convolution(name + ".downsample.0", block.projection(), input.channels(), next, stream);
                norm(name + ".downsample.1", block.outChannels(), 1, next);
            }
            return next;
        }

        void remove(String permutation) {
            sizes.remove(permutation);
            for (List<String> names : axes) names.replaceAll(n -> permutation.equals(n) ? null : n);
        }

        /** Places every tensor by its state_dict key; a key the network does not have is a bug here. */
        PermutationSpec build(Network network, ImageShape input) {
            Map<String, TensorAxes> placed = new HashMap<>();
            int parameterOffset = 0, statisticsOffset = 0;
            Map<String, int[]> where = new HashMap<>();
            for (StateEntry entry : NetworkDescription.of(network, input).state()) {
                boolean statistic = entry.key().endsWith(".running_mean") || entry.key().endsWith(".running_var");
                if (entry.parameter()) {
                    where.put(entry.key(), new int[] {Store.PARAMETERS.ordinal(), parameterOffset, (int) entry.size()});
                    parameterOffset += (int) entry.size();
                } else if (statistic) {
                    where.put(entry.key(), new int[] {Store.STATISTICS.ordinal(), statisticsOffset, (int) entry.size()});
                    statisticsOffset += (int) entry.size();
                }
            }
            List<TensorAxes> tensors = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                int[] place = where.get(keys.get(i));
                TensorAxes tensor = new TensorAxes(keys.get(i), Store.values()[place == null ? 0 : place[0]],
                        place == null ? 0 : place[1], shapes.get(i), axes.get(i));
                if (place == null || place[2] != tensor.size()) {
                    throw new IllegalStateException("permutation spec of " + network.architecture() + ": " + keys.get(i)
                            + " does not match the state_dict");
                }
                placed.put(tensor.key(), tensor);
                tensors.add(tensor);
            }
            if (placed.size() != where.size()) {
                throw new IllegalStateException("permutation spec of " + network.architecture() + " misses tensors of the state_dict");
            }
            return new PermutationSpec(sizes, tensors);
        }
    }
}
