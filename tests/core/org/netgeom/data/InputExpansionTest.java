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

    private static final Matrix TWO_BY_TWO = Matrix.of(new double[][] {{1, 2, 3, 4}});

    private static void assertImage(double[][] expected, Matrix actual) {
        int wide = expected.length;
        assertEquals(wide * wide, actual.cols());
        for (int y = 0; y < wide; y++) {
            for (int x = 0; x < wide; x++) assertEquals(expected[y][x], actual.get(0, y * wide + x), 1e-6, "pixel (" + y + ", " + x + ")");
        }
    }

    @Test
    void expansionOfATwoByTwoImageWithHalfKeepsPixelsOnTheEvenLattice() {
        assertImage(new double[][] {{1, .5, 2, .5}, {.5, .5, .5, .5}, {3, .5, 4, .5}, {.5, .5, .5, .5}},
                new InputExpansion(2, 0.5f, 0).apply(TWO_BY_TWO));
    }

    @Test
    void expansionWithZeroHasTheSameShapeAndZerosBetween() {
        assertImage(new double[][] {{1, 0, 2, 0}, {0, 0, 0, 0}, {3, 0, 4, 0}, {0, 0, 0, 0}},
                new InputExpansion(2, 0f, 0).apply(TWO_BY_TWO));
    }

    @Test
    void nearestUpsamplingRepeatsEachPixelInAKByKBlock() {
        // F.interpolate(x, scale_factor=2, mode="nearest") on [[1, 2], [3, 4]]
        assertImage(new double[][] {{1, 1, 2, 2}, {1, 1, 2, 2}, {3, 3, 4, 4}, {3, 3, 4, 4}},
                InputExpansion.upsampling(2, InputExpansion.Fill.NEAREST).apply(TWO_BY_TWO));
    }

    @Test
    void bilinearUpsamplingMatchesPyTorchWithoutAlignedCorners() {
        // By hand: target centre (t + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (upper
        // neighbour clamped); PyTorch's F.interpolate(..., mode="bilinear", align_corners=False) agrees.
        assertImage(new double[][] {{1, 1.25, 1.75, 2}, {1.5, 1.75, 2.25, 2.5}, {2.5, 2.75, 3.25, 3.5}, {3, 3.25, 3.75, 4}},
                InputExpansion.upsampling(2, InputExpansion.Fill.BILINEAR).apply(TWO_BY_TWO));
        Matrix three = new Matrix(1, 9);
        for (int i = 0; i < 9; i++) three.data()[i] = i;
        Matrix up = InputExpansion.upsampling(3, InputExpansion.Fill.BILINEAR).apply(three);
        double[] firstRow = {0, 0, 1 / 3.0, 2 / 3.0, 1, 4 / 3.0, 5 / 3.0, 2, 2}; // PyTorch's, scale_factor=3
        for (int x = 0; x < 9; x++) assertEquals(firstRow[x], up.get(0, x), 1e-6, "x = " + x);
    }

    @Test
    void threeChannelImagesAreExpandedChannelByChannel() {
        Matrix rgb = Matrix.of(new double[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}});
        Matrix expanded = new InputExpansion(2, -1f, 0).apply(rgb);
        assertEquals(48, expanded.cols());
        assertEquals(5f, expanded.get(0, 16), "channel 1 starts with its own (0, 0) pixel");
        assertEquals(12f, expanded.get(0, 32 + 2 * 4 + 2));
        assertEquals(-1f, expanded.get(0, 32 + 1));
        Matrix nearest = InputExpansion.upsampling(2, InputExpansion.Fill.NEAREST).apply(rgb);
        assertEquals(9f, nearest.get(0, 32 + 5), "channel 2, pixel (1, 1) copies its (0, 0)");
    }

    @Test
    void fillerFeaturesAreThePositionsOffTheLattice() {
        InputExpansion e = new InputExpansion(2, 0.5f, 0);
        int[] fillers = e.fillerFeatures(4);
        assertEquals(12, fillers.length);
        Matrix expanded = e.apply(Matrix.of(new double[][] {{7, 7, 7, 7}}));
        for (int f : fillers) assertEquals(0.5f, expanded.get(0, f));
        assertEquals(java.util.List.of(5, 6), java.util.Arrays.stream(new InputExpansion(1, 0f, 2).fillerFeatures(5)).boxed().toList());
        assertEquals(0, InputExpansion.none().fillerFeatures(784).length);
    }

    @Test
    void upsamplingNeedsAFactorAndRoundTripsThroughMetadata() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> InputExpansion.upsampling(1, InputExpansion.Fill.NEAREST));
        assertEquals(java.util.List.of("fill", "factor"), e.fields());
        InputExpansion bilinear = InputExpansion.upsampling(2, InputExpansion.Fill.BILINEAR);
        assertEquals(bilinear, InputExpansion.fromMetadata(bilinear.toMetadata()));
        assertEquals(false, new InputExpansion(2, 0.5f, 0).toMetadata().containsKey(InputExpansion.FILL_KEY));
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
