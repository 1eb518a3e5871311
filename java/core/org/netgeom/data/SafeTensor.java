package org.netgeom.data;

import java.util.Arrays;
import java.util.Objects;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * One tensor of a safetensors file: its element type in the file, its shape and its values
 * as float32, row-major. F64, F16 and BF16 values are converted to float32 on reading; on
 * writing, {@code dtype} chooses F32 or F64 (the floats widened exactly).
 */
public record SafeTensor(SafeTensor.DType dtype, long[] shape, float[] data) {

    /** The element types of the safetensors format that netgeom reads. */
    public enum DType {
        F32(4), F64(8), F16(2), BF16(2);

        public final int bytes;

        DType(int bytes) { this.bytes = bytes; }
    }

    public SafeTensor {
        Objects.requireNonNull(dtype, "dtype");
        for (long d : shape) {
            if (d < 0) throw new InvalidInputException("tensor shape " + Arrays.toString(shape) + " has a negative dimension");
        }
        if (DataFiles.product(shape) != data.length) {
            throw new InvalidInputException("a tensor of shape " + Arrays.toString(shape) + " needs "
                    + DataFiles.product(shape) + " values, got " + data.length);
        }
    }

    /** A float32 tensor with the given shape (the array is not copied). */
    public static SafeTensor f32(long[] shape, float[] data) { return new SafeTensor(DType.F32, shape.clone(), data); }

    /** A rows x cols matrix as a 2-D float32 tensor (PyTorch's Linear weight is [out, in]). */
    public static SafeTensor of(Matrix matrix) {
        return f32(new long[] {matrix.rows(), matrix.cols()}, matrix.data());
    }

    /** A 1-D float32 tensor (PyTorch's Linear bias is [out]). */
    public static SafeTensor vector(float... values) { return f32(new long[] {values.length}, values); }

    public long elementCount() { return data.length; }

    /**
     * The values as a rows x cols matrix; the tensor must have rows * cols elements whatever its
     * shape, so a bias of shape [n] becomes a 1 x n matrix with toMatrix(1, n).
     */
    public Matrix toMatrix(int rows, int cols) {
        if ((long) rows * cols != data.length) {
            throw new InvalidInputException("a tensor of shape " + Arrays.toString(shape) + " cannot be read as a "
                    + rows + "x" + cols + " matrix");
        }
        return new Matrix(rows, cols, data);
    }

    /** The same values stored as {@code newType} when written. */
    public SafeTensor as(DType newType) { return new SafeTensor(newType, shape, data); }
}
