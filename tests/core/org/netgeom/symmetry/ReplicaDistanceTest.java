package org.netgeom.symmetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;

class ReplicaDistanceTest {

    @Test
    void identicalReplicasHaveZeroDistanceAndShiftsAreMeasuredInInitStd() {
        float[] init = {-1f, 1f, -1f, 1f};          // std 1
        float[] trained = {0f, 2f, 0f, 2f};          // init shifted by +1
        float[] other = {1f, 3f, 1f, 3f};            // init shifted by +2
        ReplicaDistance.Result same = ReplicaDistance.compute(List.of("l0"), new float[][][] {{init}, {init}},
                new float[][][] {{trained}, {trained.clone()}});
        assertEquals(0.0, same.layers().get(0).replicaDistance(), 0.0);
        assertEquals(1.0, same.layers().get(0).initDistance(), 1e-12);
        ReplicaDistance.Result apart = ReplicaDistance.compute(List.of("l0"), new float[][][] {{init}, {init}, {init}},
                new float[][][] {{trained}, {other}, {trained.clone()}});
        // pairs: (t, o) = 1, (t, t) = 0, (o, t) = 1 -> mean 2/3, init std 1
        assertEquals(2.0 / 3.0, apart.meanReplicaDistance(), 1e-12);
        assertEquals(3, apart.replicas());
    }

    @Test
    void distanceIsDividedByTheInitialStd() {
        float[] init = {-2f, 2f};                    // std 2
        ReplicaDistance.Result r = ReplicaDistance.compute(List.of("l"), new float[][][] {{init}, {init}},
                new float[][][] {{new float[] {0f, 0f}}, {new float[] {1f, 1f}}});
        assertEquals(0.5, r.layers().get(0).replicaDistance(), 1e-12);
    }

    @Test
    void fewerThanTwoReplicasOrConstantInitIsRejected() {
        float[] w = {1f, 2f};
        assertThrows(InvalidInputException.class, () -> ReplicaDistance.compute(List.of("l"), new float[][][] {{w}}, new float[][][] {{w}}));
        float[] zeros = {0f, 0f};
        assertThrows(InvalidInputException.class, () -> ReplicaDistance.compute(List.of("l"), new float[][][] {{zeros}, {zeros}},
                new float[][][] {{w}, {w}}));
    }
}
