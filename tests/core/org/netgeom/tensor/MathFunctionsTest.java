package org.netgeom.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MathFunctionsTest {
    private static final MathContext PRECISION = new MathContext(80);
    /** pi to 60 digits, for 2/sqrt(pi) in the high-precision reference. */
    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494");

    @ParameterizedTest(name = "erf({0}) = {1}")
    @CsvSource({"0.5,0.5204998778130465", "1,0.8427007929497149", "2,0.9953222650189527",
            "-3,-0.9999779095030014", "0,0"})
    void erfMatchesPublishedValues(double x, double expected) {
        assertEquals(expected, MathFunctions.erf(x), 1e-15);
    }

    /**
     * Against the Maclaurin series 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)) in 80-digit
     * decimal arithmetic, which is exact enough despite its cancellation (terms reach e^(x^2) ~ 1e16).
     */
    @Test
    void erfMatchesHighPrecisionSeriesAcrossItsRange() {
        Random random = new Random(3);
        double worst = 0;
        for (int i = 0; i < 400; i++) {
            double x = i < 200 ? -6.5 + 13.0 * i / 199 : 12 * random.nextDouble() - 6;
            worst = Math.max(worst, Math.abs(MathFunctions.erf(x) - highPrecisionErf(x)));
        }
        assertTrue(worst < 2e-15, "largest absolute error " + worst);
    }

    @Test
    void erfKeepsRelativePrecisionNearZero() {
        for (double x : new double[] {1e-300, 1e-12, -3e-7, 1e-3, 0.2}) {
            double expected = highPrecisionErf(x);
            assertEquals(expected, MathFunctions.erf(x), Math.abs(expected) * 1e-15, "erf(" + x + ")");
        }
    }

    @Test
    void erfIsOddSaturatesAndPropagatesNaN() {
        for (double x = 0.01; x < 8; x += 0.37) assertEquals(-MathFunctions.erf(x), MathFunctions.erf(-x), "erf(-" + x + ")");
        assertEquals(1.0, MathFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, MathFunctions.erf(-40));
        assertTrue(Double.isNaN(MathFunctions.erf(Double.NaN)));
    }

    @Test
    void geluIsXTimesNormalCdf() {
        for (double x = -5; x <= 5; x += 0.25) {
            double phi = 0.5 * (1 + highPrecisionErf(x / Math.sqrt(2)));
            assertEquals(x * phi, MathFunctions.apply(Activation.GELU, x), Math.abs(x) * 2e-15, "gelu(" + x + ")");
        }
    }

    @Test
    void valuesOfSimpleActivations() {
        for (double x = -3; x <= 3; x += 0.5) {
            assertEquals(x, MathFunctions.apply(Activation.IDENTITY, x));
            assertEquals(Math.max(x, 0), MathFunctions.apply(Activation.RELU, x));
            assertEquals(MathFunctions.tanh(x), MathFunctions.apply(Activation.TANH, x));
        }
    }

    /** StrictMath is fdlibm, within 1 unit in the last place of the exact value: 1 + 1 and 3 + 1 units between them. */
    @Test
    void expAndTanhAreWithinAFewUnitsInTheLastPlace() {
        Random random = new Random(13);
        long worstExp = 0, worstTanh = 0;
        for (int i = 0; i < 400_000; i++) {
            double x = switch (i % 4) {
                case 0 -> 4 * random.nextGaussian();
                case 1 -> 1500 * random.nextDouble() - 750;
                case 2 -> random.nextGaussian() * Math.pow(10, -random.nextInt(30));
                default -> 60 * random.nextDouble() - 30;
            };
            worstExp = Math.max(worstExp, ulpsApart(StrictMath.exp(x), MathFunctions.exp(x)));
            worstTanh = Math.max(worstTanh, ulpsApart(StrictMath.tanh(x), MathFunctions.tanh(x)));
        }
        assertTrue(worstExp <= 2, "exp is " + worstExp + " units in the last place from StrictMath.exp");
        assertTrue(worstTanh <= 4, "tanh is " + worstTanh + " units in the last place from StrictMath.tanh");
    }

    @Test
    void expAndTanhHandleTheEdgesOfTheirRange() {
        assertEquals(1.0, MathFunctions.exp(0));
        assertEquals(Double.POSITIVE_INFINITY, MathFunctions.exp(710));
        assertEquals(Double.POSITIVE_INFINITY, MathFunctions.exp(Double.POSITIVE_INFINITY));
        assertEquals(StrictMath.exp(709.78), MathFunctions.exp(709.78), Math.ulp(StrictMath.exp(709.78)));
        assertEquals(Double.MIN_VALUE, MathFunctions.exp(-745.1));
        assertEquals(StrictMath.exp(-720), MathFunctions.exp(-720), Double.MIN_VALUE, "subnormal results");
        assertEquals(0.0, MathFunctions.exp(-746));
        assertEquals(0.0, MathFunctions.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(MathFunctions.exp(Double.NaN)));
        assertEquals(0.0, MathFunctions.tanh(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(MathFunctions.tanh(-0.0)), "tanh(-0) = -0");
        assertEquals(1e-300, MathFunctions.tanh(1e-300));
        assertEquals(-Double.MIN_VALUE, MathFunctions.tanh(-Double.MIN_VALUE));
        assertEquals(1.0, MathFunctions.tanh(25));
        assertEquals(-1.0, MathFunctions.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(MathFunctions.tanh(Double.NaN)));
    }

    private static long ulpsApart(double expected, double actual) {
        if (expected == actual || (Double.isNaN(expected) && Double.isNaN(actual))) return 0;
        return Math.abs(Double.doubleToLongBits(expected) - Double.doubleToLongBits(actual));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesCentralFiniteDifference(Activation activation) {
        double h = 1e-5;
        // Away from relu's kink at 0, which the grid below skips.
        for (double x = -4.05; x <= 4; x += 0.1) {
            double numeric = (MathFunctions.apply(activation, x + h) - MathFunctions.apply(activation, x - h)) / (2 * h);
            assertEquals(numeric, MathFunctions.derivative(activation, x), 1e-8, activation + "'(" + x + ")");
        }
    }

    @Test
    void reluDerivativeIsZeroAtZeroAndBelow() {
        assertEquals(0, MathFunctions.derivative(Activation.RELU, 0));
        assertEquals(0, MathFunctions.derivative(Activation.RELU, -1e-30));
        assertEquals(1, MathFunctions.derivative(Activation.RELU, 1e-30));
    }

    private static double highPrecisionErf(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal x2 = bx.multiply(bx, PRECISION);
        BigDecimal power = bx;  // (-1)^n x^(2n+1) / n!
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 0; n < 400; n++) {
            if (n > 0) power = power.multiply(x2, PRECISION).divide(BigDecimal.valueOf(-n), PRECISION);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), PRECISION);
            sum = sum.add(term, PRECISION);
            if (n > 2 * x * x + 10 && term.abs().compareTo(new BigDecimal("1e-40")) < 0) break;
        }
        BigDecimal twoOverSqrtPi = BigDecimal.TWO.divide(PI.sqrt(PRECISION), PRECISION);
        return sum.multiply(twoOverSqrtPi, PRECISION).doubleValue();
    }
}
