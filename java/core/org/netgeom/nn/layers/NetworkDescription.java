package org.netgeom.nn.layers;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.tensor.ImageShape;

/**
 * A network applied to one input shape: each layer's output shape, parameters and cost, and
 * the whole state_dict (keys and shapes as PyTorch has them). {@code parameters} counts what
 * PyTorch's {@code sum(p.numel() for p in model.parameters())} counts: weights and biases,
 * not BatchNorm's running statistics.
 */
public record NetworkDescription(Network network, ImageShape input, List<Row> rows, List<StateEntry> state) {

    /** One layer: its module name, PyTorch type, token, output shape, parameters and FLOPs per sample. */
    public record Row(String name, String torchType, String token, FeatureShape output, long parameters, long flops) {}

    public NetworkDescription {
        rows = List.copyOf(rows);
        state = List.copyOf(state);
    }

    /** Walks the network over {@code input}; a layer that does not fit its input throws, naming it. */
    public static NetworkDescription of(Network network, ImageShape input) {
        FeatureShape shape = FeatureShape.of(input);
        List<Row> rows = new ArrayList<>();
        List<StateEntry> state = new ArrayList<>();
        for (NamedLayer named : network.layers()) {
            Layer layer = named.layer();
            FeatureShape output = layer.output(shape, named.name());
            List<StateEntry> entries = layer.state(named.name(), shape);
            long parameters = entries.stream().filter(StateEntry::parameter).mapToLong(StateEntry::size).sum();
            rows.add(new Row(named.name(), layer.torchName(shape), layer.token(), output, parameters, layer.flops(shape, output)));
            state.addAll(entries);
            shape = output;
        }
        return new NetworkDescription(network, input, rows, state);
    }

    /** Trainable values, as PyTorch counts them. */
    public long parameters() { return rows.stream().mapToLong(Row::parameters).sum(); }

    /** Floating-point operations of one forward pass per sample (2 per multiply-accumulate). */
    public long flops() { return rows.stream().mapToLong(Row::flops).sum(); }

    /** The last layer's output shape. */
    public FeatureShape output() { return rows.getLast().output(); }

    /** Number of outputs per sample (classes for a classifier). */
    public long outputs() { return output().size(); }
}
