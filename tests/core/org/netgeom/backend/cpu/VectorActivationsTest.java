package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.MathFunctions;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * The CPU backend's transcendental loops give the bits of {@link MathFunctions} in every vector
 * lane and in the scalar tails, so a result does not depend on how many threads split a loop;
 * and the float log of the Bhattacharyya distances is accurate.
 */
class VectorActivationsTest {
    /** An odd count, so that every thread's part ends in a scalar tail. */
    private static final int ROWS = 37, COLS = 101;

    /** Wide preactivations, with the edges: zeros, tiny and huge values, infinities, NaN. */
    private static Matrix preactivations() {
        Random random = new Random(17);
        Matrix m = new Matrix(ROWS, COLS);
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, 1e-30f, 19.06f, -19.1f, 27.3f, 40f, -1e30f,
                Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = i < edges.length ? edges[i] : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2));
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "ERF", "GELU"})
    void everyElementHasTheBitsOfMathFunctions(Activation activation) {
        Matrix z = preactivations(), grad = CpuTestSupport.randomMatrix(new Random(18), ROWS, COLS);
        for (int threads = 1; threads <= 3; threads++) {
            try (CpuBackend backend = new CpuBackend(threads); MemoryScope scope = new MemoryScope(backend)) {
                DeviceMatrix in = scope.upload(z), out = scope.allocate(ROWS, COLS);
                backend.activation(activation, in, out);
                float[] values = backend.download(out).data();
                backend.activationBackward(activation, in, scope.upload(grad), out);
                float[] gradients = backend.download(out).data();
                for (int i = 0; i < z.size(); i++) {
                    double x = z.data()[i];
                    assertSameBits((float) MathFunctions.apply(activation, x), values[i], activation, threads, "value", x);
                    assertSameBits((float) (grad.data()[i] * MathFunctions.derivative(activation, x)), gradients[i], activation,
                            threads, "gradient", x);
                }
            }
        }
    }

    @Test
    void bhattacharyyaLogIsWithinTwoUnitsInTheLastPlace() {
        int worst = 0;
        float at = 0;
        for (int bits = Float.floatToRawIntBits(1e-12f); bits <= Float.floatToRawIntBits(1e3f); bits += 101) {
            float x = Float.intBitsToFloat(bits);
            int apart = Math.abs(Float.floatToRawIntBits(BhattacharyyaOps.log(x)) - Float.floatToRawIntBits((float) Math.log(x)));
            if (apart > worst) {
                worst = apart;
                at = x;
            }
        }
        assertTrue(worst <= 2, "log(" + at + ") is " + worst + " units in the last place from the correctly rounded value");
        assertEquals(0f, BhattacharyyaOps.log(1f));
        assertEquals((float) Math.log(Float.MIN_NORMAL), BhattacharyyaOps.log(Float.MIN_NORMAL));
        assertTrue(Float.isNaN(BhattacharyyaOps.log(Float.NaN)));
    }

    private static void assertSameBits(float expected, float actual, Activation activation, int threads, String what, double x) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                () -> activation.cliName() + " " + what + " at " + x + " on " + threads + " threads: " + actual + ", MathFunctions gives "
                        + expected);
    }
}
