package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class InputExpansionTest {

    @Test
    void imageExpansionPlacesEveryPixelAtIKJKAndTheConstantElsewhere() {
        int side = 4, k = 3;
        Matrix images = new Matrix(2, side * side);
        for (int i = 0; i < images.size(); i++) images.data()[i] = i + 1;
        Matrix expanded = new InputExpansion(k, 0.5f, 0).apply(images);
        int wide = side * k;
        assertEquals(wide * wide, expanded.cols());
        for (int r = 0; r < 2; r++) {
            for (int y = 0; y < wide; y++) {
                for (int x = 0; x < wide; x++) {
                    float expected = y % k == 0 && x % k == 0 ? images.get(r, (y / k) * side + x / k) : 0.5f;
                    assertEquals(expected, expanded.get(r, y * wide + x), "row " + r + " pixel (" + y + ", " + x + ")");
                }
            }
        }
    }

    @Test
    void vectorExpansionAppendsConstantDimensions() {
        Matrix x = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        Matrix expanded = new InputExpansion(1, -1f, 3).apply(x);
        assertEquals(5, expanded.cols());
        assertEquals(2f, expanded.get(0, 1));
        assertEquals(-1f, expanded.get(1, 4));
    }

    @Test
    void metadataRoundTrips() {
        InputExpansion e = new InputExpansion(2, 0.25f, 0);
        assertEquals(e, InputExpansion.fromMetadata(e.toMetadata()));
        assertEquals(InputExpansion.none(), InputExpansion.fromMetadata(java.util.Map.of()));
    }

    @Test
    void factorBelowOneAndNonSquareImagesAreRejected() {
        assertThrows(InvalidInputException.class, () -> new InputExpansion(0, 0.5f, 0));
        assertThrows(InvalidInputException.class, () -> new InputExpansion(2, 0.5f, 0).apply(new Matrix(1, 10)));
    }

    @Test
    void malformedMetadataIsRefusedNamingTheKeyAndValue() {
        String[][] cases = {
                {InputExpansion.FACTOR_KEY, "lots", "a whole number >= 1"},
                {InputExpansion.FACTOR_KEY, "0", "a whole number >= 1"},
                {InputExpansion.VALUE_KEY, "Infinity", "a finite number"},
                {InputExpansion.DIMS_KEY, "-3", "a whole number >= 0"},
        };
        for (String[] c : cases) {
            java.util.Map<String, String> metadata = new java.util.HashMap<>(new InputExpansion(2, 0.25f, 0).toMetadata());
            metadata.put(c[0], c[1]);
            Messages.assertMessageContains(assertThrows(InvalidInputException.class, () -> InputExpansion.fromMetadata(metadata)),
                    "metadata " + c[0], "'" + c[1] + "'", c[2]);
        }
    }

    @Test
    void anExpansionBeyondOneRowIsRefusedNotWrapped() {
        InputExpansion huge = new InputExpansion(100_000, 0.5f, 0);
        Messages.assertMessageContains(assertThrows(InvalidInputException.class, () -> huge.expandedDim(784)),
                "100000x per side", "7840000000000 features", "more than one row holds");
    }
}
