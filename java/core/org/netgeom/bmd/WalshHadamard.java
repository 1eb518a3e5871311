package org.netgeom.bmd;

/** The fast Walsh-Hadamard transform that turns f on {-1, +1}^d into its Fourier coefficients. */
final class WalshHadamard {
    private WalshHadamard() {}

    /**
     * Replaces f (length 2^d, index bit j set meaning x_j = -1) by fhat(S) = 2^-d sum_x f(x) chi_S(x),
     * S given by the index's bits. O(d 2^d) butterflies.
     */
    static void transformInPlace(double[] f) {
        int n = f.length;
        if (Integer.bitCount(n) != 1) throw new IllegalArgumentException("length must be a power of two, got " + n);
        for (int half = 1; half < n; half <<= 1) {
            for (int start = 0; start < n; start += 2 * half) {
                for (int i = start; i < start + half; i++) {
                    double a = f[i], b = f[i + half];
                    f[i] = a + b;
                    f[i + half] = a - b;
                }
            }
        }
        double scale = 1.0 / n;
        for (int i = 0; i < n; i++) f[i] *= scale;
    }
}
