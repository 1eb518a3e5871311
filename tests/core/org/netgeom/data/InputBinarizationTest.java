package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class InputBinarizationTest {
    private static Dataset pixels(float... values) {
        return new Dataset("pixels", new Matrix(1, values.length, values), new Matrix(1, 1), 2);
    }

    @Test
    void pixelsAtOrAboveOneHalfBecomePlusOneAndTheRestMinusOne() {
        Dataset binarized = InputBinarization.standard().apply(pixels(0f, 0.25f, 0.4999f, 0.5f, 0.75f, 1f));
        assertArrayEquals(new float[] {-1, -1, -1, 1, 1, 1}, binarized.inputs().data());
        assertTrue(InputBinarization.isBinary(binarized.inputs()));
        assertTrue(binarized.name().endsWith("(binarized)"), binarized.name());
    }

    @Test
    void binarizingTwiceChangesNothing() {
        Dataset once = InputBinarization.standard().apply(pixels(0.1f, 0.9f, 0.6f));
        assertSame(once, InputBinarization.standard().apply(once), "+-1 inputs are already on the cube");
    }

    @Test
    void valuesOutsideTheUnitIntervalAreRefusedNamingTheOption() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> InputBinarization.standard().apply(pixels(0.2f, -0.3f)));
        assertEquals(List.of("binarize"), e.fields());
        assertTrue(e.getMessage().contains("-0.3") && e.getMessage().contains("standardize"), e.getMessage());
    }

    @Test
    void metadataRoundTripsAndRawModelsHaveNone() {
        InputBinarization b = InputBinarization.standard();
        assertEquals(Map.of("netgeom.binarize", "0.5"), b.toMetadata());
        assertEquals(b, InputBinarization.fromMetadata(b.toMetadata()));
        assertNull(InputBinarization.fromMetadata(Map.of("netgeom.model", "mlp")));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> InputBinarization.fromMetadata(Map.of("netgeom.binarize", "yes")));
        assertTrue(e.getMessage().contains("netgeom.binarize"), e.getMessage());
    }

    @Test
    void standardizingOrPaddingWithNonSignValuesContradictsBinarizing() {
        InvalidInputException standardize = assertThrows(InvalidInputException.class,
                () -> InputBinarization.requireCompatible(true, InputExpansion.none()));
        assertEquals(List.of("binarize", "standardize"), standardize.fields());
        InvalidInputException padded = assertThrows(InvalidInputException.class,
                () -> InputBinarization.requireCompatible(false, new InputExpansion(2, 0.5f, 0)));
        assertEquals(List.of("binarize", "value"), padded.fields());
        InputBinarization.requireCompatible(false, new InputExpansion(2, -1f, 0)); // -1 padding stays on the cube
        assertFalse(InputBinarization.isBinary(new InputExpansion(2, 0.5f, 0).apply(new Matrix(1, 4, new float[] {1, -1, 1, 1}))));
    }
}
