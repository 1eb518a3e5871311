package org.netgeom.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The shared argument checks of every backend: what they accept, and messages naming the operation, the operand and both shapes. */
class ShapesTest {
    /** Only a shape: the checks read nothing else. */
    private record Shaped(int rows, int cols) implements DeviceMatrix {
        @Override public Backend backend() { return null; }
        @Override public boolean isView() { return false; }
        @Override public void close() {}
    }

    private static DeviceMatrix m(int rows, int cols) { return new Shaped(rows, cols); }

    @Test
    void gemmReturnsTheDimensionsOfEveryTransposeCase() {
        assertArrayEquals(new int[] {3, 5, 4}, Shapes.gemmDimensions(false, false, m(3, 4), m(4, 5), m(3, 5)));
        assertArrayEquals(new int[] {3, 5, 4}, Shapes.gemmDimensions(true, true, m(4, 3), m(5, 4), m(3, 5)));
    }

    @Test
    void gemmNamesTheDisagreeingOperandsAndTheirShapes() {
        assertMessage(() -> Shapes.gemmDimensions(false, true, m(3, 4), m(6, 5), m(3, 6)),
                "gemm: ", "op(A) 3x4", "op(B) 5x6 (B 6x5 transposed)", "4 columns", "5 rows");
        assertMessage(() -> Shapes.gemmDimensions(false, false, m(3, 4), m(4, 5), m(5, 3)),
                "gemm: C is 5x3 but must be 3x5", "op(A) 3x4", "op(B) 4x5");
    }

    @Test
    void aLayerOperandThatDoesNotFitNamesTheOperationItsShapeAndTheOneItMustMatch() {
        assertMessage(() -> Shapes.requireBiasActivationShapes(m(3, 5), m(1, 4), m(3, 5)),
                "biasActivation: the bias (1x4) must be 1x5 to match the preactivation 3x5");
        assertMessage(() -> Shapes.requireCrossEntropyShapes(m(8, 10), m(8, 1), null, m(2, 1)),
                "softmaxCrossEntropy: the loss stats (2x1) must be 1x2");
        assertMessage(() -> Shapes.requireBatchNormBackwardShapes(m(4, 6), m(4, 6), m(1, 6), m(1, 6), m(6, 4), m(1, 6), m(1, 6)),
                "batchNormBackward: the input gradient (6x4) must be 4x6 to match the output gradient 4x6");
    }

    @Test
    void elementWiseOperationsNeedEqualCountsNotEqualShapes() {
        Shapes.requireElementwiseShapes("multiply", m(2, 3), m(3, 2), m(6, 1));
        assertMessage(() -> Shapes.requireElementwiseShapes("addScaled", m(2, 3), m(2, 3), m(2, 2)),
                "addScaled: the output (2x2, 4 elements) must have the 6 elements of a 2x3");
        assertMessage(() -> Shapes.requireAdamShapes(m(2, 3), m(2, 3), m(2, 3), m(1, 5)),
                "adamUpdate: the second moment (1x5, 5 elements)", "parameters 2x3");
    }

    @Test
    void sgdWithMomentumNeedsAVelocityOfTheParametersSize() {
        Shapes.requireSgdShapes(m(2, 3), m(3, 2), null, 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shapes.requireSgdShapes(m(2, 3), m(2, 3), null, 0.9f));
        assertTrue(e.getMessage().contains("momentum 0.9") && e.getMessage().contains("velocity"), e.getMessage());
        assertMessage(() -> Shapes.requireSgdShapes(m(2, 3), m(2, 3), m(2, 2), 0.9f), "sgdUpdate: the velocity (2x2");
    }

    @Test
    void gatherRowsNeedsAVectorOfIndicesCoveringTheOutput() {
        Shapes.requireGatherRowsShapes(m(10, 4), m(1, 8), 3, m(5, 4));
        assertMessage(() -> Shapes.requireGatherRowsShapes(m(10, 4), m(2, 4), 0, m(2, 4)), "gatherRows: the indices are 2x4");
        assertMessage(() -> Shapes.requireGatherRowsShapes(m(10, 4), m(1, 8), 4, m(5, 4)), "gatherRows: indices [4, 9)", "1x8");
        assertMessage(() -> Shapes.requireGatherRowsShapes(m(10, 4), m(1, 8), 0, m(5, 3)), "the output is 5x3", "source 10x4");
    }

    @Test
    void memoryOperationsNameBothShapes() {
        assertMessage(() -> Shapes.requireUploadShapes(new Matrix(3, 2), m(2, 3)), "upload: the target is 2x3 but must be 3x2");
        assertMessage(() -> Shapes.requireViewFits(m(4, 3), 10, 1, 3), "view: a 1x3 view at offset 10", "4x3");
        assertMessage(() -> Shapes.requireViewFits(m(4, 3), -1, 1, 1), "offset -1");
        Shapes.requireViewFits(m(4, 3), 9, 1, 3);
        assertMessage(() -> Shapes.requireCholeskyShapes(m(3, 3), m(4, 2)), "choleskySolve: the right-hand side is 4x2", "system 3x3");
    }

    private static void assertMessage(Executable check, String... parts) {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, check);
        for (String part : parts) assertTrue(e.getMessage().contains(part), "\"" + part + "\" in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }
}
