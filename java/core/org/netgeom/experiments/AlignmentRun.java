package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netgeom.data.Dataset;
import org.netgeom.data.SafeTensors;
import org.netgeom.io.AtomicFiles;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.star.StarModels;
import org.netgeom.star.WeightMatching;
import org.netgeom.tensor.Backend;

/**
 * {@code netgeom align}: permutes model b's hidden units to match model a by weight matching
 * (docs/methods/star.md) and writes the aligned copy of b, its metadata kept and the reference
 * recorded; with test data, the loss barrier between a and b before and after.
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
        WeightMatching.Alignment alignment;
        Path target;
        try (Mlp reference = StarModels.load(backend, a); Mlp other = StarModels.load(backend, b)) {
            alignment = WeightMatching.align(reference, other, seed, BarrierRun.ALIGNMENT_ROUNDS);
            other.loadParameters(alignment.alignedParameters());
            Map<String, String> metadata = new LinkedHashMap<>(SafeTensors.read(ModelFiles.locate(b)).metadata());
            metadata.put(ALIGNED_TO_KEY, a.toString());
            target = ModelFiles.target(out);
            AtomicFiles.removeStaleTemporariesOf(target);
            ModelFiles.save(other, target, metadata);
        }
        int moved = 0;
        for (int[] permutation : alignment.permutations()) {
            for (int i = 0; i < permutation.length; i++) if (permutation[i] != i) moved++;
        }
        BarrierRun.Outcome before = null, after = null;
        if (test != null) {
            before = BarrierRun.run(backend, a, b, test, "test", points, false, seed);
            after = BarrierRun.run(backend, a, target, test, "test", points, false, seed);
        }
        return new Outcome(target, alignment.rounds(), alignment.converged(), moved, before, after);
    }
}
