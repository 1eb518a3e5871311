package org.netgeom.star;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * The BMA table of docs/methods/star.md (Averaging over the star domain) on one labelled split: a
 * single source model, the deep ensemble of the sources, the uniform weight average of the sources
 * aligned to the star model, the star model, and the star BMA (mean softmax over t in
 * {@link #BMA_GRID} on every segment from the star model to an aligned source).
 */
public final class StarAveraging {
    /** Positions on each segment the star BMA averages over (both ends included). */
    public static final double[] BMA_GRID = {0, 0.25, 0.5, 0.75, 1};

    /**
     * One row of the table: a method (a single source, the ensemble, an average, the star model,
     * the star BMA) and its predictive metrics.
     */
    public record Row(String method, PredictiveMetrics metrics) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.putAll(metrics.toMap());
            return m;
        }
    }

    private StarAveraging() {}

    /**
     * The table's rows on {@code inputs} with class {@code labels}; {@code seed} drives the
     * alignment's randomness.
     */
    public static List<Row> table(TrainableModel star, List<? extends TrainableModel> sources, DeviceMatrix inputs, Matrix labels,
                                  long seed) {
        return table(star, sources, inputs, labels, seed, null);
    }

    /**
     * {@link #table(TrainableModel, List, DeviceMatrix, Matrix, long)} for networks with
     * BatchNorm: every model evaluated (sources, averages, the star model, each BMA member) gets
     * its running statistics from {@code recompute} (null: interpolated models would use the
     * probe's fresh ones, so give one for such networks).
     */
    public static List<Row> table(TrainableModel star, List<? extends TrainableModel> sources, DeviceMatrix inputs, Matrix labels,
                                  long seed, BatchNormRecompute recompute) {
        Backend backend = star.backend();
        List<Row> rows = new ArrayList<>();
        try (MemoryScope scope = new MemoryScope(backend); TrainableModel probe = StarModels.sameShape(star)) {
            List<DeviceMatrix> raw = new ArrayList<>(), aligned = new ArrayList<>();
            for (TrainableModel source : sources) {
                raw.add(source.parameters());
                aligned.add(scope.upload(ModelAlignment.align(star, source, seed, 100).parameters()));
            }
            rows.add(row("single model", Predictions.probabilities(probe, raw.get(0), inputs, recompute), labels));
            rows.add(row("ensemble of sources", Predictions.ensemble(probe, raw, inputs, recompute), labels));
            rows.add(row("uniform weight average",
                    Predictions.probabilities(probe, Predictions.weightAverage(scope, aligned), inputs, recompute), labels));
            rows.add(row("star model", Predictions.probabilities(probe, star.parameters(), inputs, recompute), labels));
            rows.add(row("star BMA", Predictions.starAverage(probe, star.parameters(), aligned, BMA_GRID, inputs, recompute), labels));
        }
        return rows;
    }

    private static Row row(String method, Matrix probabilities, Matrix labels) {
        return new Row(method, PredictiveMetrics.of(probabilities, labels));
    }
}
