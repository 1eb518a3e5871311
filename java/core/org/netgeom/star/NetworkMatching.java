package org.netgeom.star;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.nn.ConvNet;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/**
 * Weight matching for convolutional networks (docs/methods/star.md, Weight matching for
 * networks; Git Re-Basin's weight_matching over a permutation spec): the permutations of a
 * {@link PermutationSpec} are chosen to maximize sum over tensors of &lt;W^ref, pi(W^other)&gt;,
 * by coordinate descent over the permutations in a seeded random order, each step an exact
 * linear assignment on score[i][k] = sum over the tensors that permutation p touches (on axis a)
 * of &lt;W^ref with index i on axis a, W^other with index k on axis a and every other axis
 * permuted&gt;. The score counts the trained parameters only, as Git Re-Basin does; BatchNorm's
 * running statistics follow the permutations so that the aligned network computes what the
 * other one did.
 */
public final class NetworkMatching {

    /**
     * Each permutation by name (aligned unit i is the other network's unit p[i]), the aligned
     * parameters (1 x P) and running statistics (1 x S, {@link ConvNet#runningStatistics()}'s
     * layout), the rounds run and whether the last round changed nothing.
     */
    public record Alignment(Map<String, int[]> permutations, Matrix alignedParameters, Matrix alignedStatistics, int rounds,
                            boolean converged) {
        /** Units whose position changed, over every permutation. */
        public int unitsMoved() {
            int moved = 0;
            for (int[] permutation : permutations.values()) for (int i = 0; i < permutation.length; i++) if (permutation[i] != i) moved++;
            return moved;
        }
    }

    private NetworkMatching() {}

    /** Aligns {@code other} to {@code reference}; neither network changes. */
    public static Alignment align(ConvNet reference, ConvNet other, long seed, int maxRounds) {
        StarModels.requireCompatible(reference, "the reference model", other, "the model to align");
        if (maxRounds < 1) throw new InvalidInputException("weight matching needs at least 1 round, got " + maxRounds);
        PermutationSpec spec = PermutationSpec.of(reference.network(), reference.inputShape());
        Backend backend = reference.backend();
        float[] referenceFlat = backend.download(reference.parameters()).data();
        Matrix otherFlat = backend.download(other.parameters());
        Map<String, int[]> permutations = new LinkedHashMap<>();
        spec.sizes().forEach((name, size) -> permutations.put(name, WeightMatching.identity(size)));
        List<String> names = new ArrayList<>(spec.sizes().keySet());
        int rounds = 0;
        boolean converged = names.isEmpty();
        try (MemoryScope scope = new MemoryScope(backend)) {
            while (!converged && rounds < maxRounds) {
                int[] order = Philox.permutation(names.size(), seed, StarStreams.WEIGHT_MATCHING_ORDER_BASE + rounds);
                rounds++;
                boolean changed = false;
                for (int p : order) {
                    String name = names.get(p);
                    double[][] score = score(scope, spec, name, referenceFlat, otherFlat.data(), permutations);
                    int[] best = LinearAssignment.maximize(score);
                    double before = total(score, permutations.get(name)), after = total(score, best);
                    if (after > before + 1e-9 * Math.max(1, Math.abs(before))) {
                        permutations.put(name, best);
                        changed = true;
                    }
                }
                converged = !changed;
            }
        }
        Matrix[] aligned = spec.apply(permutations, otherFlat, other.runningStatistics());
        return new Alignment(java.util.Collections.unmodifiableMap(permutations), aligned[0], aligned[1], rounds, converged);
    }

    /** score[i][k]: how well the other network's unit k of permutation {@code name} matches the reference's unit i. */
    private static double[][] score(MemoryScope scope, PermutationSpec spec, String name, float[] reference, float[] other,
                                    Map<String, int[]> permutations) {
        Backend backend = scope.backend();
        int size = spec.sizes().get(name);
        try (MemoryScope local = new MemoryScope(backend)) {
            DeviceMatrix product = local.allocate(size, size);
            boolean first = true;
            for (PermutationSpec.TensorAxes tensor : spec.tensors()) {
                int axis = tensor.axes().indexOf(name);
                if (axis < 0 || tensor.store() != PermutationSpec.Store.PARAMETERS) continue;
                int[][] orders = new int[tensor.shape().size()][];
                for (int a = 0; a < orders.length; a++) {
                    String acting = tensor.axes().get(a);
                    orders[a] = a == axis || acting == null ? null : permutations.get(acting);
                }
                float[] permuted = new float[tensor.size()];
                PermutationSpec.permuteInto(other, tensor, orders, permuted, 0);
                DeviceMatrix a = local.upload(unitsFirst(reference, tensor.offset(), tensor, axis));
                DeviceMatrix b = local.upload(unitsFirst(permuted, 0, tensor, axis));
                backend.gemm(false, true, 1f, a, b, first ? 0f : 1f, product);
                first = false;
            }
            Matrix host = backend.download(product);
            double[][] score = new double[size][size];
            for (int i = 0; i < size; i++) for (int k = 0; k < size; k++) score[i][k] = host.get(i, k);
            return score;
        }
    }

    /** The tensor as a matrix with one row per index on {@code axis} and the other axes, in order, as columns. */
    private static Matrix unitsFirst(float[] store, int offset, PermutationSpec.TensorAxes tensor, int axis) {
        int units = tensor.shape().get(axis), size = tensor.size(), inner = 1;
        for (int a = axis + 1; a < tensor.shape().size(); a++) inner *= tensor.shape().get(a);
        int columns = size / units;
        Matrix result = new Matrix(units, columns);
        float[] target = result.data();
        for (int e = 0; e < size; e++) {
            int outer = e / (units * inner), unit = (e / inner) % units, within = e % inner;
            target[unit * columns + outer * inner + within] = store[offset + e];
        }
        return result;
    }

    private static double total(double[][] score, int[] assignment) {
        double sum = 0;
        for (int i = 0; i < assignment.length; i++) sum += score[i][assignment[i]];
        return sum;
    }
}
