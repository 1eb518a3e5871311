package org.netgeom.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class PredictionSetFromProbabilitiesTest {
    private static PredictionSet.Point point(String name) { return new PredictionSet.Point(name, "model", 1, 1.0, 10); }

    @Test
    void probabilitiesBecomeSquareRootedClassMajorRowsAndMeasureAsUsual() {
        Matrix sure = new Matrix(2, 2, new float[] {1, 0, 0, 1});
        Matrix unsure = new Matrix(2, 2, new float[] {0.5f, 0.5f, 0.5f, 0.5f});
        PredictionSet set = PredictionSet.fromProbabilities(List.of(point("sure"), point("unsure")), List.of(sure, unsure),
                new int[] {0, 1});
        assertEquals(2, set.samples());
        // class-major: class 0 of both samples, then class 1
        assertArrayEquals(new float[] {1, 0, 0, 1}, set.sqrtRow(0));
        assertEquals((float) Math.sqrt(0.5), set.sqrtRow(1)[0]);
        try (CpuBackend backend = new CpuBackend(1)) {
            double[][] d = new BhattacharyyaDistances(backend).pairwise(set);
            assertEquals(0.0, d[0][0], 0.0);
            // per sample -log(sqrt(1 * 0.5)) = log(2) / 2, averaged over the samples
            assertEquals(Math.log(2) / 2, d[0][1], 1e-6);
        }
    }

    @Test
    void rowsThatAreNotProbabilitiesOrShapesThatDifferAreRefused() {
        Matrix bad = new Matrix(1, 2, new float[] {0.7f, 0.7f});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PredictionSet.fromProbabilities(List.of(point("bad")), List.of(bad), null));
        assertTrue(e.getMessage().contains("point bad row 0 sums to"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> PredictionSet.fromProbabilities(List.of(point("a"), point("b")),
                List.of(new Matrix(1, 2, new float[] {1, 0}), new Matrix(2, 2, new float[] {1, 0, 0, 1})), null));
    }
}
