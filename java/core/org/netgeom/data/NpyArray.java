package org.netgeom.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.netgeom.io.HeapBudget;
import org.netgeom.tensor.InvalidInputException;

/**
 * An n-dimensional array read from or written to a .npy file, C (row-major) order. Exactly
 * one of {@code floats} and {@code doubles} holds the values: float32 and the one-byte types
 * arrive as floats (exactly), float64 and the integer types of 4 and 8 bytes as doubles
 * (exact for int32 and for int64 up to 2^53).
 */
public record NpyArray(NpyArray.DType dtype, long[] shape, float[] floats, double[] doubles) {

    /** The element types netgeom reads; {@link #descr} is numpy's little-endian type string. */
    public enum DType {
        FLOAT32("<f4", 4, false), FLOAT64("<f8", 8, false), INT32("<i4", 4, true), INT64("<i8", 8, true),
        UINT8("|u1", 1, true), INT8("|i1", 1, true), BOOL("|b1", 1, true);

        public final String descr;
        public final int bytes;
        public final boolean integral;

        DType(String descr, int bytes, boolean integral) {
            this.descr = descr;
            this.bytes = bytes;
            this.integral = integral;
        }

        /** The dtype for numpy's descr string, or null when netgeom does not read it. */
        static DType forDescr(String descr) {
            if (descr.length() != 3) return null;
            char order = descr.charAt(0);
            String kindAndSize = descr.substring(1).toLowerCase(Locale.ROOT);
            for (DType type : values()) {
                if (!type.descr.substring(1).equals(kindAndSize)) continue;
                boolean byteOrderOk = type.bytes == 1 ? "|<>=".indexOf(order) >= 0 : order == '<';
                return byteOrderOk ? type : null;
            }
            return null;
        }

        /** True when the values arrive as doubles (see the record's comment). */
        boolean storedAsDouble() { return this == FLOAT64 || this == INT32 || this == INT64; }
    }

    public NpyArray {
        long count = DataFiles.product(shape);
        int stored = floats != null ? floats.length : doubles != null ? doubles.length : -1;
        if ((floats == null) == (doubles == null) || dtype.storedAsDouble() != (doubles != null)) {
            throw new IllegalArgumentException("an NpyArray of " + dtype + " holds its values as "
                    + (dtype.storedAsDouble() ? "doubles" : "floats") + ", and only those");
        }
        if (count != stored) {
            throw new InvalidInputException("shape " + shapeString(shape) + " needs " + count + " values, got " + stored);
        }
    }

    public static NpyArray ofFloats(long[] shape, float[] values) {
        return new NpyArray(DType.FLOAT32, shape.clone(), values, null);
    }

    public static NpyArray ofDoubles(long[] shape, double[] values) {
        return new NpyArray(DType.FLOAT64, shape.clone(), null, values);
    }

    public int rank() { return shape.length; }

    public int elementCount() { return floats != null ? floats.length : doubles.length; }

    /** The values as float32 (rounded when they are doubles). */
    public float[] toFloats() {
        if (floats != null) return floats;
        HeapBudget.require(4L * doubles.length, "a float32 copy of the " + shapeString() + " .npy values");
        float[] out = new float[doubles.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) doubles[i];
        return out;
    }

    /** The values as float64. */
    public double[] toDoubles() {
        if (doubles != null) return doubles;
        HeapBudget.require(8L * floats.length, "a float64 copy of the " + shapeString() + " .npy values");
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) out[i] = floats[i];
        return out;
    }

    /** Python's spelling of the shape: (), (5,), (3, 4). */
    public String shapeString() { return shapeString(shape); }

    static String shapeString(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
