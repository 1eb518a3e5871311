package org.netgeom.tensor;

/** The shape checks every backend makes before it computes; failures name both shapes. */
public final class Shapes {
    private Shapes() {}

    public static void requireShape(int rows, int cols, DeviceMatrix m, String what) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new ShapeMismatchException(what + " must be " + rows + "x" + cols + ", got " + m.shape());
        }
    }

    public static void requireSameSize(DeviceMatrix a, DeviceMatrix b, String what) {
        if (a.size() != b.size()) throw new ShapeMismatchException(what + ": " + a.shape() + " and " + b.shape() + " differ in size");
    }

    /** Each of {@code vectors} must be 1 x cols (batch-norm parameters and statistics). */
    public static void requireRowVectors(int cols, String what, DeviceMatrix... vectors) {
        for (DeviceMatrix v : vectors) requireShape(1, cols, v, what);
    }

    /** {m, n, k} of c = op(a) op(b), checked: op(a) m x k, op(b) k x n, c m x n. */
    public static int[] gemmDimensions(boolean transposeA, boolean transposeB, DeviceMatrix a, DeviceMatrix b, DeviceMatrix c) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new ShapeMismatchException("gemm: op(A) is " + m + "x" + k + (transposeA ? " (A " + a.shape() + " transposed)" : "")
                    + ", op(B) is " + kb + "x" + n + (transposeB ? " (B " + b.shape() + " transposed)" : "")
                    + ", C is " + c.shape() + "; need op(A) m x k, op(B) k x n and C m x n");
        }
        return new int[] {m, n, k};
    }

    /** The shape rules of {@link Backend#bhattacharyyaDistances}. */
    public static void requireBhattacharyyaShapes(DeviceMatrix a, DeviceMatrix b, int classes, float floor, DeviceMatrix out) {
        if (classes < 1 || a.cols() % classes != 0) {
            throw new ShapeMismatchException("bhattacharyyaDistances: " + a.cols() + " columns are not a whole number of samples of "
                    + classes + " classes");
        }
        if (b.cols() != a.cols()) {
            throw new ShapeMismatchException("bhattacharyyaDistances: points " + a.shape() + " and " + b.shape() + " differ in columns");
        }
        requireShape(a.rows(), b.rows(), out, "bhattacharyyaDistances output");
        if (!(floor > 0) || !Float.isFinite(floor)) throw new IllegalArgumentException("the coefficient floor must be > 0, got " + floor);
    }

    /** points count x d, centres null or 1 x d, out count (d + 1) x d. */
    public static void requireFlipBlockShapes(DeviceMatrix points, DeviceMatrix centres, DeviceMatrix out) {
        int d = points.cols();
        if (centres != null && centres.size() != d) {
            throw new ShapeMismatchException("flipBlocks: " + centres.shape() + " centres for points of " + d + " inputs");
        }
        requireShape((int) Math.min(Integer.MAX_VALUE, (long) points.rows() * (d + 1)), d, out, "flipBlocks output");
    }

    /** values count (d + 1) x w and influence count x d. */
    public static void requireFlipInfluenceShapes(DeviceMatrix values, DeviceMatrix influence) {
        int d = influence.cols();
        if ((long) influence.rows() * (d + 1) != values.rows()) {
            throw new ShapeMismatchException("flipInfluence: " + values.shape() + " read-out values are not " + influence.rows()
                    + " blocks of " + (d + 1) + " rows for " + influence.shape() + " influences");
        }
    }
}
