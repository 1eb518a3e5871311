package org.netgeom.tensor;

/**
 * Activations and their derivatives in float64: the CPU backend's arithmetic and the
 * reference every backend is tested against. Java has no erf, so it is here.
 *
 * <p>erf is accurate to a few units in the last place (absolute error below 2e-15, relative
 * error about 1e-16 near zero). Near zero it is a truncated Maclaurin series; on [0.5, 6) a
 * degree-{@value #TAYLOR_DEGREE} Taylor expansion around the centre of each 1/8-wide interval,
 * with coefficients built once from the closed-form derivatives
 * erf^(k+1)(x) = 2/sqrt(pi) (-1)^k H_k(x) e^{-x^2} (H_k the physicists' Hermite polynomials)
 * and erf at the centres from the all-positive series; past 6, erf is +-1 to double precision
 * (erfc(6) = 2e-17).
 */
public final class MathFunctions {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_TWO = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_TWO_PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private static final double SERIES_LIMIT = 0.5;
    private static final double SATURATION = 6.0;
    private static final int INTERVALS_PER_UNIT = 8;
    private static final int INTERVALS = (int) ((SATURATION - SERIES_LIMIT) * INTERVALS_PER_UNIT);
    private static final int TAYLOR_DEGREE = 13;
    /** 2/sqrt(pi) (-1)^n / (n! (2n + 1)): erf(x) = x * sum_n MACLAURIN[n] x^{2n}. */
    private static final double[] MACLAURIN = maclaurinCoefficients(12);
    /** Row i: Taylor coefficients erf^(k)(centre_i) / k!, k = 0..TAYLOR_DEGREE. */
    private static final double[][] TAYLOR = taylorTable();

    private MathFunctions() {}

    /** The error function, absolute error below 2e-15 (see the class comment). */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (!(ax < SATURATION)) return Double.isNaN(x) ? Double.NaN : Math.copySign(1.0, x);
        double value;
        if (ax < SERIES_LIMIT) {
            double x2 = ax * ax, sum = 0;
            for (int n = MACLAURIN.length - 1; n >= 0; n--) sum = Math.fma(sum, x2, MACLAURIN[n]);
            value = ax * sum;
        } else {
            int interval = (int) ((ax - SERIES_LIMIT) * INTERVALS_PER_UNIT);
            double[] coefficients = TAYLOR[interval];
            double d = ax - centre(interval), sum = 0;
            for (int k = TAYLOR_DEGREE; k >= 0; k--) sum = Math.fma(sum, d, coefficients[k]);
            value = sum;
        }
        return Math.copySign(value, x);
    }

    /** Standard normal cumulative distribution Phi(x) = (1 + erf(x / sqrt 2)) / 2. */
    public static double normalCdf(double x) { return 0.5 * (1 + erf(x * INV_SQRT_TWO)); }

    /** Standard normal density phi(x). */
    public static double normalPdf(double x) { return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x); }

    /** The activation's value at x; GELU is the exact x * Phi(x). */
    public static double apply(Activation activation, double x) {
        return switch (activation) {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0;
            case TANH -> Math.tanh(x);
            case ERF -> erf(x);
            case GELU -> x * normalCdf(x);
        };
    }

    /** d activation / dx; relu's derivative is 1 for x > 0, else 0 (0 at 0, as in PyTorch). */
    public static double derivative(Activation activation, double x) {
        return switch (activation) {
            case IDENTITY -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case ERF -> TWO_OVER_SQRT_PI * Math.exp(-x * x);
            case GELU -> normalCdf(x) + x * normalPdf(x);
        };
    }

    private static double centre(int interval) {
        return SERIES_LIMIT + (interval + 0.5) / INTERVALS_PER_UNIT;
    }

    private static double[] maclaurinCoefficients(int terms) {
        double[] coefficients = new double[terms];
        double factorial = 1;
        for (int n = 0; n < terms; n++) {
            if (n > 0) factorial *= n;
            coefficients[n] = TWO_OVER_SQRT_PI * ((n & 1) == 0 ? 1 : -1) / (factorial * (2 * n + 1));
        }
        return coefficients;
    }

    private static double[][] taylorTable() {
        double[][] table = new double[INTERVALS][TAYLOR_DEGREE + 1];
        for (int i = 0; i < INTERVALS; i++) {
            double x = centre(i);
            double gaussian = TWO_OVER_SQRT_PI * Math.exp(-x * x);
            table[i][0] = erfBySeries(x);
            // k-th coefficient = erf^(k)(x) / k! = gaussian (-1)^(k-1) H_(k-1)(x) / k!.
            double previousHermite = 0, hermite = 1, factorial = 1;
            for (int k = 1; k <= TAYLOR_DEGREE; k++) {
                factorial *= k;
                table[i][k] = gaussian * ((k & 1) == 1 ? hermite : -hermite) / factorial;
                int n = k - 1;
                double next = 2 * x * hermite - 2 * n * previousHermite;
                previousHermite = hermite;
                hermite = next;
            }
        }
        return table;
    }

    /**
     * erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1 * 3 * ... * (2n+1)) for x >= 0: every
     * term is positive, so the sum has no cancellation (used once per table entry).
     */
    private static double erfBySeries(double x) {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 500 && term > sum * 1e-18; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }
}
