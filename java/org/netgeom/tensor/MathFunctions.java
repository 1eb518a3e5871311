package org.netgeom.tensor;

/**
 * Activations and their derivatives in float64: the CPU backend's arithmetic and the
 * references tests compare every backend with. Java has no erf, so it is here.
 */
public final class MathFunctions {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_TWO = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_TWO_PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private MathFunctions() {}

    /**
     * erf(x) by the all-positive series erf(x) = 2/sqrt(pi) e^{-x^2} sum_n (2x^2)^n x / (1*3*...*(2n+1)),
     * which has no cancellation; past |x| = 6 erf is +-1 to double precision.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        double ax = Math.abs(x);
        if (ax >= 6) return Math.signum(x);
        double x2 = ax * ax;
        double term = ax, sum = ax;
        for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-x2) * sum, x);
    }

    /** Standard normal cumulative distribution Phi(x). */
    public static double normalCdf(double x) { return 0.5 * (1 + erf(x * INV_SQRT_TWO)); }

    /** Standard normal density phi(x). */
    public static double normalPdf(double x) { return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x); }

    public static double apply(Activation activation, double x) {
        return switch (activation) {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0;
            case TANH -> Math.tanh(x);
            case ERF -> erf(x);
            case GELU -> x * normalCdf(x);
        };
    }

    /** d activation / dx; relu's derivative at 0 is 0, as in PyTorch. */
    public static double derivative(Activation activation, double x) {
        return switch (activation) {
            case IDENTITY -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case TANH -> { double t = Math.tanh(x); yield 1 - t * t; }
            case ERF -> TWO_OVER_SQRT_PI * Math.exp(-x * x);
            case GELU -> normalCdf(x) + x * normalPdf(x);
        };
    }
}
