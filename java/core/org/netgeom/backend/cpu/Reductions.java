package org.netgeom.backend.cpu;

import org.netgeom.tensor.InvalidInputException;

/** Sums (accumulated in float64) and the row gather, on {@link CpuMatrix} ranges. */
final class Reductions {
    private Reductions() {}

    /** out[c] = alpha * (sum over rows of m[r, c]) + beta * out[c] for columns [from, to); beta = 0 ignores out. */
    static void sumColumns(CpuMatrix m, float alpha, float beta, CpuMatrix out, int from, int to) {
        int cols = m.cols();
        double[] sums = new double[to - from];
        for (int r = 0; r < m.rows(); r++) {
            int row = m.offset + r * cols;
            for (int c = from; c < to; c++) sums[c - from] += m.data[row + c];
        }
        for (int c = from; c < to; c++) {
            int index = out.offset + c;
            double total = alpha * sums[c - from];
            out.data[index] = (float) (beta == 0 ? total : total + beta * (double) out.data[index]);
        }
    }

    /** out[r] = sum over columns of m[r, :] for rows [from, to). */
    static void sumRows(CpuMatrix m, CpuMatrix out, int from, int to) {
        int cols = m.cols();
        for (int r = from; r < to; r++) {
            out.data[out.offset + r] = (float) sum(m.data, m.offset + r * cols, cols);
        }
    }

    /** Sum of data[start .. start + count) in float64, with four partial sums for instruction-level parallelism. */
    static double sum(float[] data, int start, int count) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = start, end = start + count;
        for (; i + 4 <= end; i += 4) {
            s0 += data[i];
            s1 += data[i + 1];
            s2 += data[i + 2];
            s3 += data[i + 3];
        }
        for (; i < end; i++) s0 += data[i];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * out[r, :] = source[indices[offset + r], :], the shapes already checked
     * ({@link org.netgeom.tensor.Shapes#requireGatherRowsShapes}); every index must be an integer row of source.
     */
    static void gatherRows(CpuMatrix source, CpuMatrix indices, int offset, CpuMatrix out) {
        int cols = source.cols();
        for (int r = 0; r < out.rows(); r++) {
            float value = indices.data[indices.offset + offset + r];
            int row = (int) value;
            if (row != value || row < 0 || row >= source.rows()) {
                throw new InvalidInputException("gatherRows: index " + value + " at position " + (offset + r)
                        + " is not a row of the " + source.shape() + " source");
            }
            System.arraycopy(source.data, source.offset + row * cols, out.data, out.offset + r * cols, cols);
        }
    }
}
