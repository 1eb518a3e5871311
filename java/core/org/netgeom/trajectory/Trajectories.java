package org.netgeom.trajectory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.tensor.Philox;

/**
 * Training trajectories in prediction space (docs/methods/trajectory.md, Trajectories): the points
 * of one config, ordered by step, with their progress along the ignorance-to-truth geodesic.
 *
 * <p>Trajectory distance, the rule: take {@link #LEVELS} progress values evenly spaced over the
 * overlap of the two trajectories' progress ranges (over the union when they do not overlap);
 * at each level each trajectory is represented by its snapshot whose progress is nearest (ties:
 * the earlier step); the distance is the mean d between the two representatives. Swapping the
 * trajectories swaps the arguments of a symmetric d, so the result is symmetric.
 */
public final class Trajectories {
    /** Number of progress levels the trajectory distance compares the trajectories at. */
    public static final int LEVELS = 20;

    /** One config's snapshots: indices into the point set, by step; progress and epoch of each. */
    public record Trajectory(String config, int[] points, double[] progress, double[] epochs) {
        /** Progress per epoch from the first snapshot to the last (NaN without elapsed epochs). */
        public double speed() {
            int last = points.length - 1;
            double epochs = this.epochs[last] - this.epochs[0];
            return epochs > 0 ? (progress[last] - progress[0]) / epochs : Double.NaN;
        }

        public int finalPoint() { return points[points.length - 1]; }
    }

    private Trajectories() {}

    /** The trajectories of every config in {@code set} (points with step >= 0), in order of first appearance. */
    public static List<Trajectory> group(PredictionSet set, double[] progress) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < set.size(); i++) {
            if (set.point(i).step() < 0) continue;
            members.computeIfAbsent(set.point(i).config(), unused -> new ArrayList<>()).add(i);
        }
        List<Trajectory> trajectories = new ArrayList<>();
        members.forEach((config, indices) -> {
            indices.sort(Comparator.comparingLong(i -> set.point(i).step()));
            int[] points = indices.stream().mapToInt(Integer::intValue).toArray();
            double[] p = new double[points.length], e = new double[points.length];
            for (int k = 0; k < points.length; k++) {
                p[k] = progress[points[k]];
                e[k] = set.point(points[k]).epoch();
            }
            trajectories.add(new Trajectory(config, points, p, e));
        });
        return trajectories;
    }

    /** The symmetric matrix of {@link #distance} between every pair. */
    public static double[][] distanceMatrix(List<Trajectory> trajectories, double[][] pointDistances) {
        int n = trajectories.size();
        double[][] out = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                out[a][b] = out[b][a] = distance(trajectories.get(a), trajectories.get(b), pointDistances);
            }
        }
        return out;
    }

    /** The trajectory distance (see the class comment) given the point distance matrix. */
    public static double distance(Trajectory a, Trajectory b, double[][] pointDistances) {
        double aLow = min(a.progress), aHigh = max(a.progress), bLow = min(b.progress), bHigh = max(b.progress);
        double low = Math.max(aLow, bLow), high = Math.min(aHigh, bHigh);
        if (!(high > low)) {
            low = Math.min(aLow, bLow);
            high = Math.max(aHigh, bHigh);
        }
        double sum = 0;
        for (int level = 0; level < LEVELS; level++) {
            double t = low + (high - low) * level / (LEVELS - 1);
            sum += pointDistances[nearest(a, t)][nearest(b, t)];
        }
        return sum / LEVELS;
    }

    private static int nearest(Trajectory trajectory, double t) {
        int best = 0;
        for (int k = 1; k < trajectory.points.length; k++) {
            if (Math.abs(trajectory.progress[k] - t) < Math.abs(trajectory.progress[best] - t)) best = k;
        }
        return trajectory.points[best];
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) m = Math.min(m, v);
        return m;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) m = Math.max(m, v);
        return m;
    }

    /** Mean trajectory distance between pairs in the same group and in different groups. */
    public record Separation(double within, double between, int withinPairs, int betweenPairs) {
        /** between / within: above 1 means the grouping separates trajectories. */
        public double ratio() { return between / within; }
    }

    /**
     * Permutation p-value of a grouping's separation: the fraction of random relabelings (the
     * group sizes kept, labels shuffled over trajectories) whose between/within ratio is at least
     * the observed one, counting the observed labeling itself: (1 + hits) / (1 + permutations).
     * NaN when the labels have no within-group or no between-group pair. Relabeling j is
     * Philox's permutation of stream j under {@code seed}, so the p-value does not depend on
     * threads or call order.
     */
    public static double permutationPValue(double[][] trajectoryDistances, List<String> groupLabels, int permutations, long seed) {
        if (permutations < 1) throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
        double observed = separation(trajectoryDistances, groupLabels).ratio();
        if (!Double.isFinite(observed)) return Double.NaN;
        // A relative tolerance: a relabeling that only reorders equal groups gives the same ratio up to rounding.
        double threshold = observed * (1 - 1e-12);
        List<String> shuffled = new ArrayList<>(groupLabels);
        int hits = 0;
        for (int j = 0; j < permutations; j++) {
            int[] order = Philox.permutation(groupLabels.size(), seed, j);
            for (int i = 0; i < order.length; i++) shuffled.set(i, groupLabels.get(order[i]));
            if (separation(trajectoryDistances, shuffled).ratio() >= threshold) hits++;
        }
        return (1.0 + hits) / (1.0 + permutations);
    }

    /** How well the labels (one per trajectory, e.g. each config's activation) separate trajectories. */
    public static Separation separation(double[][] trajectoryDistances, List<String> groupLabels) {
        double within = 0, between = 0;
        int withinPairs = 0, betweenPairs = 0;
        for (int a = 0; a < groupLabels.size(); a++) {
            for (int b = a + 1; b < groupLabels.size(); b++) {
                if (groupLabels.get(a).equals(groupLabels.get(b))) {
                    within += trajectoryDistances[a][b];
                    withinPairs++;
                } else {
                    between += trajectoryDistances[a][b];
                    betweenPairs++;
                }
            }
        }
        return new Separation(withinPairs == 0 ? Double.NaN : within / withinPairs,
                betweenPairs == 0 ? Double.NaN : between / betweenPairs, withinPairs, betweenPairs);
    }
}
