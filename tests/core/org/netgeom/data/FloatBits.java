package org.netgeom.data;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Generators for round-trip properties: shapes of any rank (zero-length dimensions included)
 * and values drawn from all bit patterns, with the ones writers get wrong drawn often: -0.0,
 * subnormals, infinities, quiet and signalling NaNs with payloads.
 */
final class FloatBits {
    private FloatBits() {}

    /** Rank 0 to 4, each dimension 0 to 6. */
    static Arbitrary<long[]> shapes() {
        return Arbitraries.longs().between(0, 6).list().ofMaxSize(4)
                .map(dims -> dims.stream().mapToLong(Long::longValue).toArray());
    }

    static Arbitrary<Float> floats() {
        Arbitrary<Float> special = Arbitraries.of(List.of(-0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.intBitsToFloat(0x7fc00000), Float.intBitsToFloat(0xffc00123), Float.intBitsToFloat(0x7fa00001),
                Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0x007fffff), Float.intBitsToFloat(0x80000001)));
        Arbitrary<Float> anyBits = Arbitraries.integers().map(Float::intBitsToFloat);
        Arbitrary<Float> subnormal = Arbitraries.integers().between(1, 0x007fffff)
                .map(bits -> Float.intBitsToFloat(bits | (bits % 2 == 0 ? 0x80000000 : 0)));
        return Arbitraries.frequencyOf(Tuple.of(3, anyBits), Tuple.of(1, special), Tuple.of(1, subnormal));
    }

    static Arbitrary<Double> doubles() {
        Arbitrary<Double> special = Arbitraries.of(List.of(-0.0, Double.MIN_VALUE, Double.MAX_VALUE,
                Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0x7ff8000000000123L),
                Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0x800fffffffffffffL)));
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble)), Tuple.of(1, special));
    }

    /** A shape and exactly as many values as it holds. */
    static <T> Arbitrary<Tuple.Tuple2<long[], List<T>>> shapedValues(Arbitrary<T> values) {
        return shapes().flatMap(shape -> values.list().ofSize((int) DataFiles.product(shape)).map(list -> Tuple.of(shape, list)));
    }

    static float[] toFloatArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < bits.length; i++) bits[i] = Float.floatToRawIntBits(values[i]);
        return bits;
    }
}
