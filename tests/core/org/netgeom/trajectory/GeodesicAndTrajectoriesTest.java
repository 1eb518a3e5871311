package org.netgeom.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;

class GeodesicAndTrajectoriesTest {

    @Test
    void progressOfAPointOnTheGeodesicIsItsParameter() {
        Random random = new Random(5);
        int samples = 40, classes = 6;
        int[] labels = random.ints(samples, 0, classes).toArray();
        double[] ts = {0, 0.2, 0.55, 0.9, 1};
        List<PredictionSet.Point> points = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (double t : ts) {
            points.add(new PredictionSet.Point("t" + t, "geodesic", 0, t, Math.round(100 * t)));
            rows.add(Geodesic.pointAt(t, labels, classes));
        }
        double[] progress = Geodesic.progress(new PredictionSet(points, rows, samples, classes, labels));
        for (int i = 0; i < ts.length; i++) assertEquals(ts[i], progress[i], 1e-4, "progress of g(" + ts[i] + ")");
    }

    @Test
    void geodesicPointsAreUnitVectorsPerSample() {
        int[] labels = {0, 2, 1};
        float[] row = Geodesic.pointAt(0.37, labels, 3);
        for (int s = 0; s < labels.length; s++) {
            double norm = 0;
            for (int c = 0; c < 3; c++) norm += row[c * labels.length + s] * (double) row[c * labels.length + s];
            assertEquals(1, norm, 1e-6, "sample " + s);
        }
    }

    @Test
    void trajectoryDistanceIsSymmetricZeroForItselfAndMatchesNearestProgressRule() {
        Random random = new Random(6);
        PredictionSet set = TrajectoryFixtures.toSet(TrajectoryFixtures.randomProbabilities(random, 9, 25, 3), null);
        double[][] d;
        try (CpuBackend backend = new CpuBackend(1)) {
            d = new BhattacharyyaDistances(backend).pairwise(set);
        }
        // configs 0, 1, 2 each own points k with k % 3 == config; give them made-up progress values
        double[] progress = {0.0, 0.1, 0.05, 0.5, 0.45, 0.6, 1.0, 0.9, 0.95};
        List<Trajectories.Trajectory> trajectories = Trajectories.group(set, progress);
        assertEquals(3, trajectories.size());
        double[][] td = Trajectories.distanceMatrix(trajectories, d);
        for (int a = 0; a < 3; a++) {
            assertEquals(0, td[a][a], 0.0);
            assertEquals(0, Trajectories.distance(trajectories.get(a), trajectories.get(a), d), 0.0, "self distance");
            for (int b = 0; b < 3; b++) assertEquals(td[a][b], td[b][a], 1e-15, "symmetric");
        }
        // config0 = points 0, 3, 6 (progress 0, .5, 1); config1 = 1, 4, 7 (.1, .45, .9): overlap [.1, .9]
        double expected = 0;
        for (int level = 0; level < Trajectories.LEVELS; level++) {
            double t = 0.1 + 0.8 * level / (Trajectories.LEVELS - 1);
            int a = nearest(new int[] {0, 3, 6}, new double[] {0, 0.5, 1}, t);
            int b = nearest(new int[] {1, 4, 7}, new double[] {0.1, 0.45, 0.9}, t);
            expected += d[a][b] / Trajectories.LEVELS;
        }
        assertEquals(expected, td[0][1], 1e-12);
    }

    @Test
    void separationComparesWithinAndBetweenGroupMeans() {
        double[][] td = {{0, 1, 5, 5}, {1, 0, 5, 5}, {5, 5, 0, 3}, {5, 5, 3, 0}};
        Trajectories.Separation s = Trajectories.separation(td, List.of("relu", "relu", "tanh", "tanh"));
        assertEquals(2, s.within(), 1e-15);
        assertEquals(5, s.between(), 1e-15);
        assertEquals(2, s.withinPairs());
        assertEquals(4, s.betweenPairs());
        assertTrue(s.ratio() > 1);
    }

    /** Of the 3 ways to split 4 trajectories into pairs only the observed one separates them: p near 1/3. */
    @Test
    void permutationPValueIsTheShareOfRelabelingsThatSeparateAtLeastAsWell() {
        double[][] td = {{0, 1, 5, 5}, {1, 0, 5, 5}, {5, 5, 0, 3}, {5, 5, 3, 0}};
        List<String> labels = List.of("relu", "relu", "tanh", "tanh");
        double p = Trajectories.permutationPValue(td, labels, 999, 7);
        assertTrue(p > 0.28 && p < 0.39, "p = " + p + ", expected about 1/3");
        assertEquals(p, Trajectories.permutationPValue(td, labels, 999, 7), 0, "same seed, same p-value");
        assertTrue(Double.isNaN(Trajectories.permutationPValue(td, List.of("a", "b", "c", "d"), 99, 7)), "no within-group pair");
    }

    /** Two tight clusters of 6: labels that follow them are significant, labels across them are not. */
    @Test
    void permutationPValueSeparatesAClusteredFactorFromAnUnrelatedOne() {
        Random random = new Random(11);
        int n = 12;
        double[][] td = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) td[a][b] = td[b][a] = (a < 6) == (b < 6) ? 1 + 0.1 * random.nextDouble() : 4 + random.nextDouble();
        }
        List<String> cluster = new ArrayList<>(), alternating = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            cluster.add(t < 6 ? "a" : "b");
            alternating.add(t % 2 == 0 ? "x" : "y");
        }
        // Only 2 of the 924 splits into 6 + 6 match the clusters: p about 3/1000.
        assertTrue(Trajectories.permutationPValue(td, cluster, 999, 3) < 0.02);
        assertTrue(Trajectories.permutationPValue(td, alternating, 999, 3) > 0.2);
    }

    private static int nearest(int[] points, double[] progress, double t) {
        int best = 0;
        for (int k = 1; k < points.length; k++) if (Math.abs(progress[k] - t) < Math.abs(progress[best] - t)) best = k;
        return points[best];
    }
}
