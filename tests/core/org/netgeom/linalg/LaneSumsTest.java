package org.netgeom.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

class LaneSumsTest {
    @Test
    void addsLanesLeftToRight() {
        Random random = new Random(5);
        double[] values = new double[VectorFloat64Kernels.LANES];
        for (int trial = 0; trial < 1000; trial++) {
            // Magnitudes 1e-8 .. 1e8 with both signs: orders of addition give different roundings.
            for (int i = 0; i < values.length; i++) values[i] = random.nextGaussian() * Math.pow(10, random.nextInt(17) - 8);
            double expected = values[0];
            for (int i = 1; i < values.length; i++) expected += values[i];
            assertEquals(expected, LaneSums.inOrder(DoubleVector.fromArray(VectorFloat64Kernels.SPECIES, values, 0)), 0.0);
        }
    }
}
