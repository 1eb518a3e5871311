package org.netgeom.star;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/**
 * Permutation alignment of MLPs by weight matching (Git Re-Basin; docs/methods/star.md, Weight
 * matching). Hidden layer l of the other model is permuted by p_l (aligned unit i is other's unit
 * p_l[i]), chosen to maximize sum_l &lt;W_l^ref, P_l W_l^other P_{l-1}^T&gt; + &lt;b_l^ref, P_l b_l^other&gt;
 * by coordinate descent over layers in a seeded random order, each step an exact linear assignment.
 * The cost matrices are products of weight matrices, computed on the models' backend.
 */
public final class WeightMatching {
    /** Philox stream of the layer visiting order; round r uses stream base + r ({@link StarStreams}). */
    private static final long ORDER_STREAM_BASE = StarStreams.WEIGHT_MATCHING_ORDER_BASE;

    /** The permutation of each hidden layer, the aligned parameters (1 x P), and the rounds run. */
    public record Alignment(List<int[]> permutations, Matrix alignedParameters, int rounds, boolean converged) {}

    private WeightMatching() {}

    /** Aligns {@code other} to {@code reference}; neither model changes. */
    public static Alignment align(Mlp reference, Mlp other, long seed, int maxRounds) {
        StarModels.requireCompatible(reference, "the reference model", other, "the model to align");
        StarModels.requireSupported(other, "the model to align");
        if (maxRounds < 1) throw new InvalidInputException("weight matching needs at least 1 round, got " + maxRounds);
        Backend backend = reference.backend();
        Architecture architecture = reference.architecture();
        Matrix referenceFlat = backend.download(reference.parameters());
        Matrix otherFlat = backend.download(other.parameters());
        int hidden = architecture.layerCount() - 1;
        List<int[]> permutations = new ArrayList<>();
        for (int l = 0; l < hidden; l++) permutations.add(identity(architecture.fanOut(l)));
        int rounds = 0;
        boolean converged = hidden == 0;
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix[] referenceWeights = new DeviceMatrix[architecture.layerCount()];
            for (int l = 0; l < architecture.layerCount(); l++) {
                referenceWeights[l] = scope.upload(weight(architecture, referenceFlat, l));
            }
            while (!converged && rounds < maxRounds) {
                int[] order = Philox.permutation(hidden, seed, ORDER_STREAM_BASE + rounds);
                rounds++;
                boolean changed = false;
                for (int l : order) {
                    double[][] score = score(scope, architecture, referenceWeights, referenceFlat, otherFlat, permutations, l);
                    int[] best = LinearAssignment.maximize(score);
                    double before = total(score, permutations.get(l)), after = total(score, best);
                    if (after > before + 1e-9 * Math.max(1, Math.abs(before))) {
                        permutations.set(l, best);
                        changed = true;
                    }
                }
                converged = !changed;
            }
        }
        return new Alignment(List.copyOf(permutations), permute(architecture, otherFlat, permutations), rounds, converged);
    }

    /**
     * The parameters of the same function with hidden units reordered: aligned unit i of hidden
     * layer l is unit permutations[l][i] of {@code flat}. Only the linear layers' parameters.
     */
    public static Matrix permute(Architecture architecture, Matrix flat, List<int[]> permutations) {
        if (permutations.size() != architecture.layerCount() - 1) {
            throw new InvalidInputException(architecture + " has " + (architecture.layerCount() - 1)
                    + " hidden layers, got " + permutations.size() + " permutations");
        }
        Matrix result = flat.copy();
        float[] source = flat.data(), target = result.data();
        for (int l = 0; l < architecture.layerCount(); l++) {
            int in = architecture.fanIn(l), out = architecture.fanOut(l);
            int[] rows = l < permutations.size() ? permutations.get(l) : identity(out);
            int[] cols = l > 0 ? permutations.get(l - 1) : identity(in);
            int w = (int) architecture.weightOffset(l), b = (int) architecture.biasOffset(l);
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < in; j++) target[w + i * in + j] = source[w + rows[i] * in + cols[j]];
                target[b + i] = source[b + rows[i]];
            }
        }
        return result;
    }

    /** score[i][k]: how well other's unit k of hidden layer l matches reference unit i, given the other layers' permutations. */
    private static double[][] score(MemoryScope scope, Architecture architecture, DeviceMatrix[] referenceWeights,
                                    Matrix referenceFlat, Matrix otherFlat, List<int[]> permutations, int l) {
        Backend backend = scope.backend();
        int width = architecture.fanOut(l);
        int[] inputOrder = l > 0 ? permutations.get(l - 1) : identity(architecture.fanIn(l));
        int[] nextOrder = l + 1 < permutations.size() ? permutations.get(l + 1) : identity(architecture.fanOut(l + 1));
        try (MemoryScope local = new MemoryScope(backend)) {
            DeviceMatrix incoming = local.upload(permutedColumns(weight(architecture, otherFlat, l), inputOrder));
            DeviceMatrix outgoing = local.upload(permutedRows(weight(architecture, otherFlat, l + 1), nextOrder));
            DeviceMatrix product = local.allocate(width, width);
            backend.gemm(false, true, 1f, referenceWeights[l], incoming, 0f, product);
            backend.gemm(true, false, 1f, referenceWeights[l + 1], outgoing, 1f, product);
            Matrix host = backend.download(product);
            int referenceBias = (int) architecture.biasOffset(l), otherBias = referenceBias;
            double[][] score = new double[width][width];
            for (int i = 0; i < width; i++) {
                double bi = referenceFlat.data()[referenceBias + i];
                for (int k = 0; k < width; k++) score[i][k] = host.get(i, k) + bi * otherFlat.data()[otherBias + k];
            }
            return score;
        }
    }

    private static Matrix weight(Architecture architecture, Matrix flat, int layer) {
        int in = architecture.fanIn(layer), out = architecture.fanOut(layer);
        int offset = (int) architecture.weightOffset(layer);
        return new Matrix(out, in, Arrays.copyOfRange(flat.data(), offset, offset + out * in));
    }

    private static Matrix permutedColumns(Matrix m, int[] order) {
        Matrix result = new Matrix(m.rows(), m.cols());
        for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.cols(); c++) result.set(r, c, m.get(r, order[c]));
        return result;
    }

    private static Matrix permutedRows(Matrix m, int[] order) {
        Matrix result = new Matrix(m.rows(), m.cols());
        for (int r = 0; r < m.rows(); r++) System.arraycopy(m.data(), order[r] * m.cols(), result.data(), r * m.cols(), m.cols());
        return result;
    }

    private static double total(double[][] score, int[] assignment) {
        double sum = 0;
        for (int i = 0; i < assignment.length; i++) sum += score[i][assignment[i]];
        return sum;
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }
}
