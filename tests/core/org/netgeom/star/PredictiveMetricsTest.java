package org.netgeom.star;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.netgeom.tensor.Matrix;

class PredictiveMetricsTest {

    @Test
    void matchesHandComputedValuesOnThreeRows() {
        double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.5, 0.4}, {0.34, 0.33, 0.33}};
        int[] labels = {0, 2, 0};
        Matrix labelMatrix = new Matrix(3, 1);
        for (int r = 0; r < 3; r++) labelMatrix.set(r, 0, labels[r]);
        PredictiveMetrics m = PredictiveMetrics.of(Matrix.of(p), labelMatrix);
        double nll = -(Math.log(0.7) + Math.log(0.4) + Math.log(0.34)) / 3;
        double brier = (sq(0.3) + sq(0.2) + sq(0.1) + sq(0.1) + sq(0.5) + sq(0.6) + sq(0.66) + sq(0.33) + sq(0.33)) / 3;
        // Bins of width 1/15: 0.7 -> bin 10 (right), 0.5 -> bin 7 (wrong), 0.34 -> bin 5 (right).
        double ece = (Math.abs(1 - 0.7) + Math.abs(0 - 0.5) + Math.abs(1 - 0.34)) / 3;
        assertEquals(2.0 / 3, m.accuracy(), 1e-12);
        assertEquals(nll, m.nll(), 1e-6);
        assertEquals(brier, m.brier(), 1e-6);
        assertEquals(ece, m.ece(), 1e-6);
    }

    @Test
    void confidentCorrectPredictionsAreCalibrated() {
        Matrix p = Matrix.of(new double[][] {{1, 0}, {0, 1}});
        Matrix labels = Matrix.of(new double[][] {{0}, {1}});
        PredictiveMetrics m = PredictiveMetrics.of(p, labels);
        assertEquals(1.0, m.accuracy(), 0);
        assertEquals(0.0, m.ece(), 1e-12);
        assertEquals(0.0, m.brier(), 1e-12);
    }

    private static double sq(double x) { return x * x; }
}
