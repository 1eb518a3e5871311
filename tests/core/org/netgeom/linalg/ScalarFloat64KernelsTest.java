package org.netgeom.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float64 kernels a JVM without the Vector API runs give the bits of the vector kernels on odd
 * sizes, and the vector width the scalar path reads from HotSpot's flags is the one the Vector
 * API chose in this JVM (else the lane sums would be added in another order).
 */
class ScalarFloat64KernelsTest {
    private static final int[] SIZES = {0, 1, 2, 7, 31, 65, 257, 1031};

    @Test
    void hotSpotsFlagsGiveTheVectorApisWidth() {
        assertEquals(VectorFloat64Kernels.preferredBitSize(), VectorCapability.maxVectorBits(),
                "the width the scalar kernels would follow without the Vector API");
        assertEquals(VectorFloat64Kernels.LANES, Float64Cholesky.LANES, "the scalar dot follows the vector lanes");
    }

    @Test
    void dotProductHasTheBitsOfTheVectorDot() {
        Random random = new Random(6);
        for (int length : SIZES) {
            double[] a = random(random, 2 * length + 7);
            double vector = VectorFloat64Kernels.dot(a, 3, length + 7, length);
            double scalar = Float64Cholesky.scalarDot(a, 3, length + 7, length, Float64Cholesky.LANES);
            assertEquals(Double.doubleToRawLongBits(vector), Double.doubleToRawLongBits(scalar),
                    () -> "dot of length " + length + ": vector " + vector + ", scalar " + scalar);
        }
    }

    @Test
    void gemmTileHasTheBitsOfTheVectorTile() {
        Random random = new Random(7);
        int rowsTile = Float64Gemm.ROWS, colsTile = Float64Gemm.COLS, ldc = colsTile + 1;
        for (int depth : SIZES) {
            double[] a = random(random, depth * rowsTile), b = random(random, 4 + depth * colsTile);
            for (int rows : new int[] {1, 4, rowsTile}) {
                for (int cols : new int[] {1, 3, Float64Gemm.LANES + 1, colsTile}) {
                    double[] c = random(random, 1 + rowsTile * ldc);
                    double[] vector = c.clone(), scalar = c.clone();
                    VectorFloat64Kernels.multiplyAdd(depth, a, b, 4, vector, 1, ldc, rows, cols, new double[rowsTile * colsTile]);
                    Float64Gemm.scalarMultiplyAdd(depth, a, b, 4, scalar, 1, ldc, rows, cols, new double[rowsTile * colsTile]);
                    for (int i = 0; i < c.length; i++) {
                        int index = i;
                        assertEquals(Double.doubleToRawLongBits(vector[i]), Double.doubleToRawLongBits(scalar[i]),
                                () -> "tile of depth " + depth + ", " + rows + "x" + cols + ", element " + index);
                    }
                }
            }
        }
    }

    private static double[] random(Random random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4);
        return values;
    }
}
