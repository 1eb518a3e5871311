package org.netgeom.backend.cuda;

import java.util.Arrays;

/**
 * The parameters of one kernel launch in order, each with its C type, so every binding can
 * marshal them (Panama: a segment of pointers to values; JCuda: Pointer.to(...)).
 */
public final class KernelArgs {
    /** C type of a parameter. */
    public enum Kind { POINTER, INT32, INT64, FLOAT32 }

    private Kind[] kinds = new Kind[8];
    private long[] bits = new long[8];
    private int count;

    public KernelArgs pointer(long devicePointer) { return add(Kind.POINTER, devicePointer); }
    public KernelArgs i32(int value) { return add(Kind.INT32, value); }
    public KernelArgs i64(long value) { return add(Kind.INT64, value); }
    public KernelArgs f32(float value) { return add(Kind.FLOAT32, Float.floatToRawIntBits(value)); }

    private KernelArgs add(Kind kind, long value) {
        if (count == kinds.length) {
            kinds = Arrays.copyOf(kinds, count * 2);
            bits = Arrays.copyOf(bits, count * 2);
        }
        kinds[count] = kind;
        bits[count] = value;
        count++;
        return this;
    }

    public int count() { return count; }
    public Kind kind(int index) { return kinds[index]; }
    /** The raw value: a pointer or int64 as is, an int32 sign-extended, a float32 as its IEEE bits. */
    public long bits(int index) { return bits[index]; }
    public int intValue(int index) { return (int) bits[index]; }
    public float floatValue(int index) { return Float.intBitsToFloat((int) bits[index]); }
}
