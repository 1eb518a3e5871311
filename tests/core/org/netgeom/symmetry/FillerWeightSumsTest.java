package org.netgeom.symmetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FillerWeightSumsTest {
    @Test
    void denseSumsAddEachRowsWeightsOnTheFillerFeatures() {
        float[] weight = {1, 2, 3, 4, -1, -2, -3, -4}; // 2 units x 4 inputs
        assertArrayEquals(new double[] {6, -6}, FillerWeightSums.dense(weight, 2, 4, new int[] {1, 3}), 0);
    }

    @Test
    void convolutionSumsTheTapsOffTheLatticePerPositionClass() {
        float[] kernel = {1, 2, 3, 4, 5, 6, 7, 8, 9}; // one channel in and out, 3 x 3, total 45
        List<String> classes = new ArrayList<>();
        // Padding 1, stride 1, K = 2: output rows start at input offset -1 (odd) or 0 (even).
        double[] sums = FillerWeightSums.convolution(kernel, 1, 1, 3, 1, 1, 4, 2, classes);
        assertEquals(List.of("0,0", "0,1", "1,0", "1,1"), classes);
        // (0,0): corners 1+3+7+9 sit on the lattice; (0,1): 2+8; (1,0): 4+6; (1,1): only the centre 5.
        assertArrayEquals(new double[] {45 - 20, 45 - 10, 45 - 10, 45 - 5}, sums, 0);
    }

    @Test
    void driftIsTheMeanAbsoluteChangeAndTheScaleIsTheInitialRms() {
        FillerWeightSums.Sums before = new FillerWeightSums.Sums(new int[] {0, 1}, List.of("all", "all"), new double[] {1, -2});
        FillerWeightSums.Sums after = new FillerWeightSums.Sums(new int[] {0, 1}, List.of("all", "all"), new double[] {1.5, -3});
        FillerWeightSums.Drift drift = FillerWeightSums.drift(before, after);
        assertEquals(0.75, drift.meanAbsolute(), 1e-12);
        assertEquals(Math.sqrt(2.5), drift.initialRms(), 1e-12);
        assertEquals(Double.NaN, FillerWeightSums.drift(null, null).meanAbsolute());
    }
}
