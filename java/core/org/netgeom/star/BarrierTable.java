package org.netgeom.star;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.nn.Loss;
import org.netgeom.nn.TrainableModel;
import org.netgeom.train.ResidentData;

/**
 * The evaluation of docs/methods/star.md (Evaluation on held-out models): barriers between held-out
 * pairs, from the star model to each held-out model and to each source, and from each source
 * (anchor) to each held-out model (the paper's comparison), raw and with the second model aligned
 * to the first. Each kind keeps every curve; {@link Summary} gives mean and sample
 * standard deviation.
 */
public final class BarrierTable {
    /** Kind: barriers between pairs of held-out models. */
    public static final String HELD_OUT_PAIRS = "held_out_pairs";
    /** Kind: barriers from the star model to each held-out model. */
    public static final String STAR_TO_HELD_OUT = "star_to_held_out";
    /** Kind: barriers from the star model to each source. */
    public static final String STAR_TO_SOURCE = "star_to_source";
    /**
     * Kind: barriers from each source (the paper's "anchor") to each held-out model: what the
     * paper sets the star-to-held-out barrier against (docs/methods/star.md).
     */
    public static final String ANCHOR_TO_HELD_OUT = "anchor_to_held_out";

    /** Mean and sample standard deviation (0 for one curve) of the loss and error barriers of one kind. */
    public record Summary(String kind, boolean aligned, int count, double lossMean, double lossSd, double errorMean,
                          double errorSd) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("aligned", aligned);
            m.put("count", count);
            m.put("barrier_loss_mean", lossMean);
            m.put("barrier_loss_sd", lossSd);
            m.put("barrier_error_mean", errorMean);
            m.put("barrier_error_sd", errorSd);
            return m;
        }
    }

    private final Map<String, List<BarrierCurve>> curves = new LinkedHashMap<>();
    private final BatchNormRecompute recompute;

    private BarrierTable(BatchNormRecompute recompute) { this.recompute = recompute; }

    /**
     * Evaluates every pair on {@code data}; {@code star} may be null (only held-out pairs then).
     * Alignment uses weight matching with {@code seed}.
     */
    public static BarrierTable evaluate(TrainableModel star, List<? extends TrainableModel> sources, List<? extends TrainableModel> heldOut,
                                        ResidentData data, Loss loss, int points, long seed, Runnable afterEachPair) {
        return evaluate(star, sources, heldOut, data, loss, points, seed, true, null, afterEachPair);
    }

    /**
     * {@link #evaluate(TrainableModel, List, List, ResidentData, Loss, int, long, Runnable)}, leaving out the
     * pairs without the star model (held-out pairs, anchor to held-out) unless {@code referencePairs}:
     * a second star model on the same models needs only its own.
     */
    public static BarrierTable evaluate(TrainableModel star, List<? extends TrainableModel> sources, List<? extends TrainableModel> heldOut,
                                        ResidentData data, Loss loss, int points, long seed, boolean referencePairs,
                                        Runnable afterEachPair) {
        return evaluate(star, sources, heldOut, data, loss, points, seed, referencePairs, null, afterEachPair);
    }

    /**
     * {@link #evaluate(TrainableModel, List, List, ResidentData, Loss, int, long, boolean, Runnable)} with
     * each point's BatchNorm statistics recomputed by {@code recompute} (null: interpolated;
     * models without BatchNorm ignore it).
     */
    public static BarrierTable evaluate(TrainableModel star, List<? extends TrainableModel> sources, List<? extends TrainableModel> heldOut,
                                        ResidentData data, Loss loss, int points, long seed, boolean referencePairs,
                                        BatchNormRecompute recompute, Runnable afterEachPair) {
        BarrierTable table = new BarrierTable(recompute);
        try (TrainableModel aligned = StarModels.sameShape(heldOut.isEmpty() ? sources.get(0) : heldOut.get(0))) {
            for (int i = 0; referencePairs && i < heldOut.size(); i++) {
                for (int j = i + 1; j < heldOut.size(); j++) {
                    table.addPair(HELD_OUT_PAIRS, heldOut.get(i), heldOut.get(j), aligned, data, loss, points, seed);
                    afterEachPair.run();
                }
            }
            if (star != null) {
                for (TrainableModel h : heldOut) {
                    table.addPair(STAR_TO_HELD_OUT, star, h, aligned, data, loss, points, seed);
                    afterEachPair.run();
                }
                for (TrainableModel s : sources) {
                    table.addPair(STAR_TO_SOURCE, star, s, aligned, data, loss, points, seed);
                    afterEachPair.run();
                }
            }
            for (TrainableModel s : referencePairs ? sources : List.<TrainableModel>of()) {
                for (TrainableModel h : heldOut) {
                    table.addPair(ANCHOR_TO_HELD_OUT, s, h, aligned, data, loss, points, seed);
                    afterEachPair.run();
                }
            }
        }
        return table;
    }

    /** Pairs {@link #evaluate} computes for the given counts (for progress reports). */
    public static int pairCount(int sources, int heldOut, boolean withStar) {
        return pairCount(sources, heldOut, withStar, true);
    }

    /** Pairs {@link #evaluate} computes, with or without the pairs that leave out the star model. */
    public static int pairCount(int sources, int heldOut, boolean withStar, boolean referencePairs) {
        return (referencePairs ? heldOut * (heldOut - 1) / 2 + sources * heldOut : 0) + (withStar ? heldOut + sources : 0);
    }

    private void addPair(String kind, TrainableModel first, TrainableModel second, TrainableModel scratch, ResidentData data, Loss loss,
                         int points, long seed) {
        curves.computeIfAbsent(key(kind, false), k -> new ArrayList<>())
                .add(BarrierCurve.compute(first, second, data, loss, points, recompute));
        ModelAlignment.align(first, second, seed, 100).applyTo(scratch);
        curves.computeIfAbsent(key(kind, true), k -> new ArrayList<>())
                .add(BarrierCurve.compute(first, scratch, data, loss, points, recompute));
    }

    private static String key(String kind, boolean aligned) { return kind + (aligned ? "/aligned" : "/raw"); }

    /** Every curve of one kind, raw or aligned (empty when none was measured). */
    public List<BarrierCurve> curves(String kind, boolean aligned) { return curves.getOrDefault(key(kind, aligned), List.of()); }

    /** One summary per kind and alignment that has curves, raw before aligned. */
    public List<Summary> summaries() {
        List<Summary> list = new ArrayList<>();
        for (String kind : List.of(HELD_OUT_PAIRS, STAR_TO_HELD_OUT, STAR_TO_SOURCE, ANCHOR_TO_HELD_OUT)) {
            for (boolean aligned : new boolean[] {false, true}) {
                List<BarrierCurve> group = curves(kind, aligned);
                if (group.isEmpty()) continue;
                double[] losses = group.stream().mapToDouble(BarrierCurve::barrierLoss).toArray();
                double[] errors = group.stream().mapToDouble(BarrierCurve::barrierError).toArray();
                list.add(new Summary(kind, aligned, group.size(), mean(losses), sd(losses), mean(errors), sd(errors)));
            }
        }
        return list;
    }

    /** The mean loss over a kind's curves at each t (all curves share the grid). */
    public double[] meanLossCurve(String kind, boolean aligned) {
        List<BarrierCurve> group = curves(kind, aligned);
        double[] mean = new double[group.get(0).points().size()];
        for (BarrierCurve c : group) for (int k = 0; k < mean.length; k++) mean[k] += c.points().get(k).loss() / group.size();
        return mean;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    static double sd(double[] values) {
        if (values.length < 2) return 0;
        double m = mean(values), sum = 0;
        for (double v : values) sum += (v - m) * (v - m);
        return Math.sqrt(sum / (values.length - 1));
    }

}
