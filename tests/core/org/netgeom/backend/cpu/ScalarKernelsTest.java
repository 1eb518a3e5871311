package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netgeom.linalg.VectorCapability;
import org.netgeom.tensor.Activation;

/**
 * The scalar kernels a JVM without the Vector API runs give the bits of the vector kernels, on
 * odd sizes (whole vectors plus tails, and less than one vector), called directly: this JVM has
 * the Vector API, so both run here.
 */
class ScalarKernelsTest {
    private static final int[] SIZES = {1, 2, 7, 31, 65, 257, 1031};

    @Test
    void thisJvmRunsTheVectorKernels() {
        assertTrue(VectorCapability.AVAILABLE, "the tests run with --add-modules jdk.incubator.vector");
        assertEquals(VectorGemmKernel.LANES, GemmKernel.LANES, "the scalar GEMM packs for the vector kernel's width");
        assertEquals(VectorBhattacharyyaOps.LANES, BhattacharyyaOps.LANES, "the scalar log sums follow the vector lanes");
    }

    @Test
    void gemmTileHasTheBitsOfTheVectorTile() {
        Random random = new Random(1);
        int rowsTile = GemmKernel.ROWS, colsTile = GemmKernel.COLS, ldc = colsTile + 3;
        for (int depth : SIZES) {
            float[] a = random(random, 5 + depth * rowsTile), b = random(random, 9 + depth * colsTile);
            for (int rows : new int[] {1, 5, rowsTile}) {
                for (int cols : new int[] {1, 7, GemmKernel.LANES + 1, colsTile}) {
                    float[] c = random(random, 2 + rowsTile * ldc);
                    float[] vector = c.clone(), scalar = c.clone();
                    VectorGemmKernel.multiplyAdd(depth, a, 5, b, 9, vector, 2, ldc, rows, cols, new float[rowsTile * colsTile]);
                    GemmKernel.scalarMultiplyAdd(depth, a, 5, b, 9, scalar, 2, ldc, rows, cols, new float[rowsTile * colsTile]);
                    assertSameBits(vector, scalar, "GEMM tile, depth " + depth + ", " + rows + "x" + cols);
                }
            }
        }
    }

    @Test
    void addScaledAndMultiplyHaveTheBitsOfTheVectorLoops() {
        Random random = new Random(2);
        for (int size : SIZES) {
            float[] a = random(random, size + 3), b = random(random, size + 5), out = random(random, size + 1);
            for (int from : new int[] {0, Math.min(3, size)}) {
                float[] vector = out.clone(), scalar = out.clone();
                VectorElementwiseOps.addScaled(0.3f, a, 3, -1.7f, b, 5, vector, 1, from, size);
                ElementwiseOps.scalarAddScaled(0.3f, a, 3, -1.7f, b, 5, scalar, 1, from, size);
                assertSameBits(vector, scalar, "addScaled over [" + from + ", " + size + ")");
                VectorElementwiseOps.addScaled(-2.1f, a, 3, 0f, null, 0, vector, 1, from, size);
                ElementwiseOps.scalarAddScaled(-2.1f, a, 3, 0f, null, 0, scalar, 1, from, size);
                assertSameBits(vector, scalar, "scale over [" + from + ", " + size + ")");
                VectorElementwiseOps.multiply(a, 3, b, 5, vector, 1, from, size);
                ElementwiseOps.scalarMultiply(a, 3, b, 5, scalar, 1, from, size);
                assertSameBits(vector, scalar, "multiply over [" + from + ", " + size + ")");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "ERF"})
    void activationLoopsHaveTheBitsOfTheScalarLoops(Activation activation) {
        Random random = new Random(3);
        for (int size : SIZES) {
            float[] z = new float[size + 2], gradOut = random(random, size + 4);
            for (int i = 0; i < z.length; i++) z[i] = (float) (random.nextGaussian() * 4);
            z[2] = -0f;
            gradOut[4] = Float.NEGATIVE_INFINITY;  // times relu' (-0) = 0: NaN, not 0
            if (size > 2) z[3] = Float.NaN;
            float[] vector = new float[size + 1], scalar = new float[size + 1];
            if (activation != Activation.ERF) {
                if (activation == Activation.RELU) VectorActivations.relu(z, 2, vector, 1, 0, size);
                else VectorActivations.tanh(z, 2, vector, 1, 0, size);
                ElementwiseOps.scalarActivation(activation, z, 2, scalar, 1, 0, size);
                assertSameValueBits(vector, scalar, activation.cliName() + " of " + size);
            }
            switch (activation) {
                case RELU -> VectorActivations.reluBackward(z, 2, gradOut, 4, vector, 1, 0, size);
                case TANH -> VectorActivations.tanhBackward(z, 2, gradOut, 4, vector, 1, 0, size);
                default -> VectorActivations.erfBackward(z, 2, gradOut, 4, vector, 1, 0, size);
            }
            ElementwiseOps.scalarBackward(activation, z, 2, gradOut, 4, scalar, 1, 0, size);
            assertSameValueBits(vector, scalar, activation.cliName() + " derivative of " + size);
        }
    }

    @Test
    void bhattacharyyaLogSumsHaveTheBitsOfTheVectorLoop() {
        Random random = new Random(4);
        for (int samples : SIZES) {
            for (int classes : new int[] {1, 3, 10}) {
                float[] a = probabilities(random, samples, classes), b = probabilities(random, samples, classes);
                for (int s0 : new int[] {0, Math.min(5, samples)}) {
                    for (float lowest : new float[] {Float.MIN_NORMAL, 0.05f}) {
                        double vector = VectorBhattacharyyaOps.logCoefficientSum(a, 0, b, 0, classes, samples, s0, samples, lowest);
                        double scalar = BhattacharyyaOps.scalarLogCoefficientSum(a, 0, b, 0, classes, samples, s0, samples, lowest,
                                BhattacharyyaOps.LANES);
                        assertEquals(Double.doubleToRawLongBits(vector), Double.doubleToRawLongBits(scalar),
                                () -> "log sum of " + samples + " samples of " + classes + " classes from " + s0 + ": vector "
                                        + vector + ", scalar " + scalar);
                    }
                }
            }
        }
    }

    /** Square roots of random class probabilities, class-major (element (c, s) at c * samples + s). */
    private static float[] probabilities(Random random, int samples, int classes) {
        float[] values = new float[samples * classes];
        for (int s = 0; s < samples; s++) {
            double[] p = new double[classes];
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += p[c] = Math.exp(3 * random.nextGaussian());
            for (int c = 0; c < classes; c++) values[c * samples + s] = (float) Math.sqrt(p[c] / sum);
        }
        return values;
    }

    private static float[] random(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2));
        return values;
    }

    /** The same bits, except that any two NaNs count as equal (see VectorActivations on NaN payloads). */
    private static void assertSameValueBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            int index = i;
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    () -> what + ": element " + index + " is " + actual[index] + " in scalar code, " + expected[index] + " in vector code");
        }
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            int index = i;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    () -> what + ": element " + index + " is " + actual[index] + " in scalar code, " + expected[index] + " in vector code");
        }
    }
}
