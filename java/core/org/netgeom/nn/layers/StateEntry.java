package org.netgeom.nn.layers;

import java.util.List;

/**
 * One tensor of a model's state, named and shaped exactly as the equivalent PyTorch module's
 * {@code state_dict()} has it. Parameters are trained; buffers (BatchNorm's running statistics
 * and {@code num_batches_tracked}, an int64 scalar in PyTorch) are not counted as parameters.
 */
public record StateEntry(String key, List<Integer> shape, boolean parameter) {
    public StateEntry {
        shape = List.copyOf(shape);
    }

    /** Number of values (1 for a scalar). */
    public long size() {
        long size = 1;
        for (int dimension : shape) size *= dimension;
        return size;
    }
}
