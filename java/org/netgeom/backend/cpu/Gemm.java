package org.netgeom.backend.cpu;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-major float32 GEMM, C = alpha op(A) op(B) + beta C, on arrays with offsets. Each
 * transpose case is arranged so the inner loop runs over contiguous memory (a dot product of
 * two rows, or a row axpy) with the Vector API; rows of C are split across cores.
 */
final class Gemm {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Below this many multiply-adds a single thread is faster than forking. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    private Gemm() {}

    /** Dimensions: op(A) is m x k, op(B) is k x n, C is m x n; lda/ldb/ldc are row strides. */
    static void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        IntStream rows = IntStream.range(0, m);
        if ((long) m * n * k >= PARALLEL_THRESHOLD && m > 1) rows = rows.parallel();
        rows.forEach(i -> {
            int cRow = cOff + i * ldc;
            scaleRow(c, cRow, n, beta);
            if (k == 0 || alpha == 0) return;
            if (!transA && transB) {
                for (int j = 0; j < n; j++) c[cRow + j] += alpha * dot(a, aOff + i * lda, b, bOff + j * ldb, k);
            } else if (!transA) {
                for (int p = 0; p < k; p++) axpy(alpha * a[aOff + i * lda + p], b, bOff + p * ldb, c, cRow, n);
            } else if (!transB) {
                for (int p = 0; p < k; p++) axpy(alpha * a[aOff + p * lda + i], b, bOff + p * ldb, c, cRow, n);
            } else {
                for (int j = 0; j < n; j++) {
                    float sum = 0;
                    for (int p = 0; p < k; p++) sum += a[aOff + p * lda + i] * b[bOff + j * ldb + p];
                    c[cRow + j] += alpha * sum;
                }
            }
        });
    }

    private static void scaleRow(float[] c, int start, int n, float beta) {
        if (beta == 0) {
            java.util.Arrays.fill(c, start, start + n, 0f);
        } else if (beta != 1) {
            for (int j = 0; j < n; j++) c[start + j] *= beta;
        }
    }

    static float dot(float[] x, int xOff, float[] y, int yOff, int length) {
        FloatVector acc0 = FloatVector.zero(SPECIES), acc1 = FloatVector.zero(SPECIES);
        int step = SPECIES.length();
        int i = 0;
        for (; i + 2 * step <= length; i += 2 * step) {
            acc0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, x, xOff + i + step)
                    .fma(FloatVector.fromArray(SPECIES, y, yOff + i + step), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) sum += x[xOff + i] * y[yOff + i];
        return sum;
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int length) {
        if (alpha == 0) return;
        FloatVector scale = FloatVector.broadcast(SPECIES, alpha);
        int step = SPECIES.length();
        int i = 0;
        for (; i + step <= length; i += step) {
            FloatVector.fromArray(SPECIES, x, xOff + i).fma(scale, FloatVector.fromArray(SPECIES, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < length; i++) y[yOff + i] += alpha * x[xOff + i];
    }
}
