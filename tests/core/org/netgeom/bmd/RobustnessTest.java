package org.netgeom.bmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.Dataset;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class RobustnessTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    @AfterAll
    static void closeBackend() { CPU.close(); }

    /** All sign patterns of 4 +-1 inputs (column means exactly 0), labelled by the sign of x0. */
    private static Dataset signOfFirstInput() {
        Matrix inputs = new Matrix(16, 4);
        Matrix labels = new Matrix(16, 1);
        for (int r = 0; r < 16; r++) {
            for (int j = 0; j < 4; j++) inputs.set(r, j, (r >>> j & 1) == 0 ? 1f : -1f);
            labels.set(r, 0, inputs.get(r, 0) > 0 ? 1f : 0f);
        }
        return new Dataset("cube", inputs, labels, 2);
    }

    @Test
    void flippingEveryInputChangesEveryPredictionOfASignModel() {
        FunctionModel sign = FunctionModel.scalar(CPU, 4, x -> x[0]);
        Robustness.Result r = Robustness.measure(sign, signOfFirstInput(), new int[] {0, 1, 4}, 3);
        assertEquals(1.0, r.cleanAccuracy(), 0.0, "the model is the labelling");
        assertEquals(0.0, r.points().get(0).changedFraction(), 0.0, "no flips, no changes");
        assertEquals(1.0, r.points().get(2).changedFraction(), 0.0, "x0 always flips when all 4 do");
        assertEquals(1.0, r.points().get(2).accuracyDrop(), 0.0, "every prediction becomes wrong");
        double oneFlip = r.points().get(1).changedFraction();
        assertTrue(oneFlip > 0 && oneFlip < 1, "one random flip hits x0 sometimes: " + oneFlip);
    }

    @Test
    void regressionDataIsRefused() {
        Dataset regression = new Dataset("r", new Matrix(3, 4), new Matrix(3, 1), 0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Robustness.measure(FunctionModel.scalar(CPU, 4, x -> x[0]), regression, new int[] {1}, 1));
        assertTrue(e.getMessage().contains("class labels"), e.getMessage());
    }

    @Test
    void moreFlipsThanInputsIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Robustness.measure(FunctionModel.scalar(CPU, 4, x -> x[0]), signOfFirstInput(), new int[] {5}, 1));
        assertTrue(e.getMessage().contains("[0, 4]"), e.getMessage());
    }
}
