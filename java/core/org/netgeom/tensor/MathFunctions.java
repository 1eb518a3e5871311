package org.netgeom.tensor;

/**
 * Activations and their derivatives in float64: the CPU backend's arithmetic and the
 * reference every backend is tested against. Java has no erf, so it is here.
 *
 * <p>{@link #tanh} and {@link #exp} are computed from +, -, *, /, fused multiply-add and bit
 * operations only, so they give the same bits whether their caller is interpreted or compiled
 * by C1 or C2, on every platform, and the CPU backend's lane-wise twins give the same bits as
 * them in every lane (so a result does not depend on how many threads split a loop, i.e. which
 * elements fall in a scalar tail). {@code Math.tanh} and {@code Math.exp} may be intrinsics, and
 * the Vector API's TANH and EXP are a native library (SVML, SLEEF) in C2-compiled code but
 * {@code Math} per lane before that: the two disagree in the last place.
 * exp is within 1 unit in the last place of the correctly rounded value and tanh within 3
 * (the most seen over 2e7 arguments): the argument reduction of Cody and Waite with fdlibm's
 * split of ln 2, then the Taylor polynomial of e^r - 1 on |r| &lt;= ln 2 / 2 truncated after r^13,
 * whose remainder is below 2e-17 relative.
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

    // exp and tanh: y = k ln2 + r. LN2_HI has 32 trailing zero bits (fdlibm's ln2HI), so k LN2_HI
    // is exact; adding ROUND_SHIFT (1.5 * 2^52) rounds y / ln 2 to the integer k, which is then
    // the low bits of the sum. The CPU backend's VectorActivations repeats these constants.
    private static final double LN2_HI = 0x1.62e42feep-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double INV_LN2 = 0x1.71547652b82fep0;
    private static final double ROUND_SHIFT = 0x1.8p52;
    private static final long ROUND_SHIFT_BITS = 0x4338000000000000L;
    /** exp overflows above 709.78 and underflows below -745.13; clamping keeps k within the scaling's reach. */
    private static final double EXP_HIGHEST = 709.8, EXP_LOWEST = -745.2;
    /** tanh(x) is 1 in float64 for |x| > 19.1: e^{-2|x|} stays at e^{-40} below that. */
    private static final double TANH_LOWEST_EXPONENT = -40;
    // 1/k! for the Taylor polynomial of expm1.
    private static final double INV_2 = 1.0 / 2, INV_6 = 1.0 / 6, INV_24 = 1.0 / 24, INV_120 = 1.0 / 120,
            INV_720 = 1.0 / 720, INV_5040 = 1.0 / 5040, INV_40320 = 1.0 / 40320, INV_362880 = 1.0 / 362880,
            INV_3628800 = 1.0 / 3628800, INV_39916800 = 1.0 / 39916800, INV_479001600 = 1.0 / 479001600,
            INV_6227020800 = 1.0 / 6227020800.0;
    private static final long SIGN_BIT = Long.MIN_VALUE;

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
    public static double normalPdf(double x) { return INV_SQRT_TWO_PI * exp(-0.5 * x * x); }

    /** The activation's value at x; GELU is the exact x * Phi(x). */
    public static double apply(Activation activation, double x) {
        return switch (activation) {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0;
            case TANH -> tanh(x);
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
                double t = tanh(x);
                yield 1 - t * t;
            }
            case ERF -> TWO_OVER_SQRT_PI * exp(-x * x);
            case GELU -> normalCdf(x) + x * normalPdf(x);
        };
    }

    /**
     * e^x within 1 unit in the last place, with the same bits everywhere (see the class
     * comment): e^x = 2^k e^r, the power of two applied in two halves so that subnormal
     * results and overflow to infinity come out of plain multiplications.
     */
    public static double exp(double x) {
        double y = x < EXP_LOWEST ? EXP_LOWEST : x > EXP_HIGHEST ? EXP_HIGHEST : x; // NaN stays NaN
        double shifted = Math.fma(y, INV_LN2, ROUND_SHIFT);
        double k = shifted - ROUND_SHIFT;
        long exponent = Double.doubleToRawLongBits(shifted) - ROUND_SHIFT_BITS;
        double r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, y));
        double power = 1 + expm1Polynomial(r);
        long half = exponent >> 1;
        return power * powerOfTwo(half) * powerOfTwo(exponent - half);
    }

    /**
     * tanh(x) within 3 units in the last place, with the same bits everywhere (see the class
     * comment): tanh|x| = -m / (m + 2) with m = e^{-2|x|} - 1 = 2^k (1 + expm1(r)) - 1,
     * which has no cancellation for small |x| and no overflow for large.
     */
    public static double tanh(double x) {
        double y = -2 * Math.abs(x);
        if (y < TANH_LOWEST_EXPONENT) y = TANH_LOWEST_EXPONENT;
        double shifted = Math.fma(y, INV_LN2, ROUND_SHIFT);
        double k = shifted - ROUND_SHIFT;
        double scale = powerOfTwo(Double.doubleToRawLongBits(shifted) - ROUND_SHIFT_BITS);
        double r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, y));
        double m = Math.fma(scale, expm1Polynomial(r), scale - 1);
        double magnitude = -m / (m + 2);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(magnitude) & ~SIGN_BIT
                | Double.doubleToRawLongBits(x) & SIGN_BIT);
    }

    /** e^r - 1 for |r| <= ln 2 / 2: r + r^2 (1/2! + r/3! + ... + r^11/13!). */
    private static double expm1Polynomial(double r) {
        double p = Math.fma(INV_6227020800, r, INV_479001600);
        p = Math.fma(p, r, INV_39916800);
        p = Math.fma(p, r, INV_3628800);
        p = Math.fma(p, r, INV_362880);
        p = Math.fma(p, r, INV_40320);
        p = Math.fma(p, r, INV_5040);
        p = Math.fma(p, r, INV_720);
        p = Math.fma(p, r, INV_120);
        p = Math.fma(p, r, INV_24);
        p = Math.fma(p, r, INV_6);
        p = Math.fma(p, r, INV_2);
        return Math.fma(r * r, p, r);
    }

    /** 2^k for -1022 <= k <= 1023. */
    private static double powerOfTwo(long k) {
        return Double.longBitsToDouble(k + 1023 << 52);
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
            double gaussian = TWO_OVER_SQRT_PI * exp(-x * x);
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
        return TWO_OVER_SQRT_PI * exp(-x2) * sum;
    }
}
