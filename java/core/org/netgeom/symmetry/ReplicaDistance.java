package org.netgeom.symmetry;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.tensor.InvalidInputException;

/**
 * The replica metric of docs/methods/symmetry.md (Replica metric). For each layer: the mean
 * Wasserstein-1 distance between the trained weight distributions of all replica pairs, divided by
 * the standard deviation of that layer's weights at initialization (pooled over replicas), so
 * layers of different scale compare; and the mean over replicas of the W1 distance between a
 * replica's initial and trained weights, divided by the same standard deviation.
 */
public final class ReplicaDistance {
    /** One layer: replica_distance and init_distance as the JSON reports them. */
    public record Layer(String name, double replicaDistance, double initDistance, double initStd) {}

    /** Per layer, then the mean replica distance over layers. */
    public record Result(List<Layer> layers, double meanReplicaDistance, int replicas) {}

    private ReplicaDistance() {}

    /**
     * @param names   layer names, one per layer
     * @param initial initial[replica][layer] weights
     * @param trained trained[replica][layer] weights
     */
    public static Result compute(List<String> names, float[][][] initial, float[][][] trained) {
        int replicas = trained.length;
        if (replicas < 2) throw new InvalidInputException("the replica metric needs at least 2 replicas, got " + replicas);
        if (initial.length != replicas) throw new InvalidInputException("initial and trained weights differ in replica count");
        List<Layer> layers = new ArrayList<>();
        for (int layer = 0; layer < names.size(); layer++) {
            double std = pooledStd(initial, layer);
            if (!(std > 0)) {
                throw InvalidInputException.forField("initialization", "layer " + names.get(layer) + " starts with constant"
                        + " weights (std 0): the replica metric is undefined for a symmetric initialization such as"
                        + " {initialization} zeros");
            }
            double pairSum = 0;
            int pairs = 0;
            for (int a = 0; a < replicas; a++) {
                for (int b = a + 1; b < replicas; b++) {
                    pairSum += Wasserstein.distance(trained[a][layer], trained[b][layer]);
                    pairs++;
                }
            }
            double moved = 0;
            for (int r = 0; r < replicas; r++) moved += Wasserstein.distance(initial[r][layer], trained[r][layer]);
            layers.add(new Layer(names.get(layer), pairSum / pairs / std, moved / replicas / std, std));
        }
        double mean = layers.stream().mapToDouble(Layer::replicaDistance).average().orElse(Double.NaN);
        return new Result(layers, mean, replicas);
    }

    private static double pooledStd(float[][][] initial, int layer) {
        double sum = 0, squares = 0;
        long count = 0;
        for (float[][] replica : initial) {
            for (float w : replica[layer]) {
                sum += w;
                squares += (double) w * w;
                count++;
            }
        }
        double mean = sum / count;
        return Math.sqrt(Math.max(0, squares / count - mean * mean));
    }
}
