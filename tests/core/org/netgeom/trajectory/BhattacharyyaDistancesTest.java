package org.netgeom.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.ShapeMismatchException;

class BhattacharyyaDistancesTest {
    private static final double FLOOR = BhattacharyyaDistances.COEFFICIENT_FLOOR;
    private static CpuBackend backend;

    @BeforeAll static void open() { backend = new CpuBackend(2); }

    @AfterAll static void close() { backend.close(); }

    @Test
    void pairwiseMatrixMatchesFloat64ReferenceWithZerosAndOneHotRows() {
        Random random = new Random(11);
        double[][][] p = TrajectoryFixtures.randomProbabilities(random, 9, 37, 5);
        PredictionSet set = TrajectoryFixtures.toSet(p, null);
        double[][] d = new BhattacharyyaDistances(backend, 4).pairwise(set);
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                double expected = i == j ? 0 : TrajectoryFixtures.reference(p[i], p[j], FLOOR);
                assertEquals(expected, d[i][j], 2e-6 * Math.max(1, expected), "d(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void distancesToTruthAndIgnoranceMatchReferenceAndStayFinite() {
        Random random = new Random(12);
        int samples = 50, classes = 4;
        double[][][] p = TrajectoryFixtures.randomProbabilities(random, 5, samples, classes);
        int[] labels = random.ints(samples, 0, classes).toArray();
        PredictionSet set = TrajectoryFixtures.toSet(p, labels);
        BhattacharyyaDistances distances = new BhattacharyyaDistances(backend);
        double[] toTruth = distances.toReference(set, set.truthRow());
        double[] toIgnorance = distances.toReference(set, set.ignoranceRow());
        for (int k = 0; k < p.length; k++) {
            double truth = TrajectoryFixtures.reference(p[k], TrajectoryFixtures.oneHot(labels, classes), FLOOR);
            double ignorance = TrajectoryFixtures.reference(p[k], TrajectoryFixtures.uniform(samples, classes), FLOOR);
            assertTrue(Double.isFinite(toTruth[k]), "distance to truth is finite");
            assertEquals(truth, toTruth[k], 2e-6 * Math.max(1, truth), "point " + k + " to truth");
            assertEquals(ignorance, toIgnorance[k], 2e-6, "point " + k + " to ignorance");
        }
    }

    @Test
    void zeroCoefficientContributesMinusLogFloorOverSamples() {
        int samples = 10, classes = 3;
        int[] labels = new int[samples];
        double[][][] p = {TrajectoryFixtures.oneHot(labels, classes)};
        p[0][3] = new double[] {0, 1, 0};   // the true class 0 gets probability exactly 0 on sample 3
        PredictionSet set = TrajectoryFixtures.toSet(p, labels);
        double d = new BhattacharyyaDistances(backend).toReference(set, set.truthRow())[0];
        assertEquals(-Math.log(FLOOR) / samples, d, 1e-5);
    }

    @Test
    void tilingDoesNotChangeTheMatrixAndBetweenMatchesPairwise() {
        Random random = new Random(13);
        PredictionSet set = TrajectoryFixtures.toSet(TrajectoryFixtures.randomProbabilities(random, 11, 20, 3), null);
        double[][] whole = new BhattacharyyaDistances(backend, 256).pairwise(set);
        double[][] tiled = new BhattacharyyaDistances(backend, 3).pairwise(set);
        PredictionSet rows = set.subset(List.of(2, 7, 9));
        double[][] between = new BhattacharyyaDistances(backend, 2).between(rows, set);
        for (int i = 0; i < set.size(); i++) {
            for (int j = 0; j < set.size(); j++) {
                assertEquals(whole[i][j], tiled[i][j], 1e-6, "tile 3 vs 256 at (" + i + ", " + j + ")");
                assertEquals(whole[j][i], whole[i][j], 0.0, "symmetric at (" + i + ", " + j + ")");
            }
        }
        int[] picked = {2, 7, 9};
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < set.size(); j++) {
                if (picked[r] != j) assertEquals(whole[picked[r]][j], between[r][j], 1e-6, "between row " + r + " col " + j);
            }
        }
    }

    @Test
    void manyClassesAndSamplesNotAMultipleOfTheVectorWidth() {
        Random random = new Random(14);
        double[][][] p = TrajectoryFixtures.randomProbabilities(random, 3, 19, 131);
        double[][] d = new BhattacharyyaDistances(backend).pairwise(TrajectoryFixtures.toSet(p, null));
        assertEquals(TrajectoryFixtures.reference(p[0], p[2], FLOOR), d[0][2], 2e-6);
    }

    @Test
    void backendRejectsColumnsThatAreNotWholeSamples() {
        try (DeviceMatrix a = backend.upload(new Matrix(2, 10)); DeviceMatrix out = backend.allocate(2, 2)) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> backend.bhattacharyyaDistances(a, a, 3, 1e-12f, out));
            assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
        }
    }
}
