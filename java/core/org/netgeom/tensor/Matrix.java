package org.netgeom.tensor;

import java.util.Arrays;

/**
 * A host matrix: float32, row-major, owning its array. This is the exchange format between
 * files, datasets, tests and a {@link Backend}; computation happens on {@link DeviceMatrix}.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final float[] data;

    /** A zero matrix. */
    public Matrix(int rows, int cols) {
        this(rows, cols, new float[checkedSize(rows, cols)]);
    }

    /** Wraps {@code data} (not copied); its length must be exactly rows * cols. */
    public Matrix(int rows, int cols, float[] data) {
        int size = checkedSize(rows, cols);
        if (data.length != size) {
            throw new ShapeMismatchException("a " + rows + "x" + cols + " matrix needs " + size
                    + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Copies a rectangular float64 array (tests write references this way). */
    public static Matrix of(double[][] values) {
        int rows = values.length;
        int cols = rows == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            if (values[r].length != cols) {
                throw new ShapeMismatchException("row " + r + " has " + values[r].length
                        + " values, row 0 has " + cols);
            }
            for (int c = 0; c < cols; c++) m.data[r * cols + c] = (float) values[r][c];
        }
        return m;
    }

    /** A 1 x n row vector holding a copy of {@code values}. */
    public static Matrix rowVector(float... values) {
        return new Matrix(1, values.length, values.clone());
    }

    static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new ShapeMismatchException("matrix shape must be non-negative, got " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new ShapeMismatchException("a " + rows + "x" + cols + " matrix has " + size
                    + " elements, more than one Java array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        return (int) size;
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public int size() { return data.length; }
    /** The backing array, row-major; writes go through to the matrix. */
    public float[] data() { return data; }

    /** Element (row, col); outside the matrix an IndexOutOfBoundsException names the shape. */
    public float get(int row, int col) { return data[index(row, col)]; }
    public void set(int row, int col, float value) { data[index(row, col)] = value; }

    private int index(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("(" + row + ", " + col + ") is outside a " + shape() + " matrix");
        }
        return row * cols + col;
    }

    /** A copy with its own array. */
    public Matrix copy() { return new Matrix(rows, cols, data.clone()); }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a new matrix. */
    public Matrix rowRange(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of a " + shape() + " matrix");
        }
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** The same values seen as another shape with as many elements. */
    public Matrix reshape(int newRows, int newCols) {
        if ((long) newRows * newCols != data.length) {
            throw new ShapeMismatchException("cannot reshape " + shape() + " to " + newRows + "x" + newCols);
        }
        return new Matrix(newRows, newCols, data);
    }

    public String shape() { return rows + "x" + cols; }

    /** Throws a {@link ShapeMismatchException} naming both shapes unless this is rows x cols. */
    public void requireShape(int expectedRows, int expectedCols, String what) {
        if (rows != expectedRows || cols != expectedCols) {
            throw new ShapeMismatchException(what + " must be " + expectedRows + "x" + expectedCols + ", got " + shape());
        }
    }

    /** True when any value is NaN or infinite. */
    public boolean hasNonFinite() {
        for (float v : data) if (!Float.isFinite(v)) return true;
        return false;
    }

    @Override
    public String toString() { return "Matrix[" + shape() + "]"; }
}
