package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netgeom.data.Dataset;
import org.netgeom.data.SafeTensors;
import org.netgeom.io.AtomicFiles;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.star.BatchNormRecompute;
import org.netgeom.star.ModelAlignment;
import org.netgeom.star.StarModels;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;

/**
 * {@code netgeom align}: permutes model b's hidden units (an MLP's) or channels (a convolutional
 * network's, BatchNorm running statistics included) to match model a by weight matching
 * (docs/methods/star.md) and writes the aligned copy of b, its metadata kept and the reference
 * recorded; with test data, the loss barrier between a and b before and after (networks with
 * BatchNorm recompute each point's statistics on training data when it is given).
 */
public final class AlignmentRun {
    /** Metadata key of the aligned file: the model it was aligned to. */
    public static final String ALIGNED_TO_KEY = "netgeom.aligned_to";

    /** Where the aligned model went, how weight matching ended, and the barriers (null without test data). */
    public record Outcome(Path out, int rounds, boolean converged, int unitsMoved, BarrierRun.Outcome before, BarrierRun.Outcome after) {
        /** What align --json prints: out, rounds, converged, units_moved and, with test data, barrier_before and barrier_after. */
        public Map<String, Object> toMap() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("out", out.toString());
            result.put("rounds", rounds);
            result.put("converged", converged);
            result.put("units_moved", unitsMoved);
            if (before != null) {
                result.put("barrier_before", before.toMap());
                result.put("barrier_after", after.toMap());
            }
            return result;
        }
    }

    private AlignmentRun() {}

    /**
     * Aligns {@code b} to {@code a} (layer order drawn with {@code seed}) and writes the result
     * to {@code out} (a .safetensors file, or a folder to write model.safetensors into; a and b
     * may be folders too, see {@link ModelFiles#locate}); with {@code test} (may be null), measures both barriers on it at {@code points} points.
     */
    public static Outcome run(Backend backend, Path a, Path b, Path out, long seed, Dataset test, int points) {
        return run(backend, a, b, out, seed, test, null, points);
    }

    /**
     * {@link #run(Backend, Path, Path, Path, long, Dataset, int)}; with {@code train} (may be
     * null), networks with BatchNorm recompute the barrier curves' statistics on its first
     * {@link BatchNormRecompute#DEFAULT_BATCHES} batches of {@link BatchNormRecompute#DEFAULT_BATCH_SIZE} rows.
     */
    public static Outcome run(Backend backend, Path a, Path b, Path out, long seed, Dataset test, Dataset train, int points) {
        ModelAlignment alignment;
        Path target;
        try (TrainableModel reference = StarModels.loadModel(backend, a, Activation.RELU);
             TrainableModel other = StarModels.loadModel(backend, b, Activation.RELU)) {
            alignment = ModelAlignment.align(reference, other, seed, BarrierRun.ALIGNMENT_ROUNDS);
            alignment.applyTo(other);
            Map<String, String> metadata = new LinkedHashMap<>(SafeTensors.read(ModelFiles.locate(b)).metadata());
            metadata.put(ALIGNED_TO_KEY, a.toString());
            target = ModelFiles.target(out);
            AtomicFiles.removeStaleTemporariesOf(target);
            ModelFiles.save(other, target, metadata);
        }
        BarrierRun.Outcome before = null, after = null;
        if (test != null) {
            int batches = BatchNormRecompute.DEFAULT_BATCHES, batchSize = BatchNormRecompute.DEFAULT_BATCH_SIZE;
            before = BarrierRun.run(backend, a, b, test, "test", points, false, seed, Activation.RELU, train, batches, batchSize);
            after = BarrierRun.run(backend, a, target, test, "test", points, false, seed, Activation.RELU, train, batches, batchSize);
        }
        return new Outcome(target, alignment.rounds(), alignment.converged(), alignment.unitsMoved(), before, after);
    }
}
