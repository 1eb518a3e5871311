package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** What Npy writes, Npy reads back bit for bit: every shape, every value, NaN payloads included. */
class NpyRoundTripPropertyTest {

    @Provide
    Arbitrary<Tuple.Tuple2<long[], List<Float>>> floatArrays() { return FloatBits.shapedValues(FloatBits.floats()); }

    @Provide
    Arbitrary<Tuple.Tuple2<long[], List<Double>>> doubleArrays() { return FloatBits.shapedValues(FloatBits.doubles()); }

    @Provide
    Arbitrary<Tuple.Tuple2<long[], List<Integer>>> intArrays() { return FloatBits.shapedValues(Arbitraries.integers()); }

    @Property(tries = 300)
    void float32ArraysRoundTripBitForBit(@ForAll("floatArrays") Tuple.Tuple2<long[], List<Float>> array) throws IOException {
        float[] values = FloatBits.toFloatArray(array.get2());
        NpyArray read = writeAndRead(path -> Npy.write(path, array.get1(), values));
        assertEquals(NpyArray.DType.FLOAT32, read.dtype());
        assertArrayEquals(array.get1(), read.shape());
        assertArrayEquals(FloatBits.rawBits(values), FloatBits.rawBits(read.floats()));
    }

    @Property(tries = 200)
    void float64ArraysRoundTripBitForBit(@ForAll("doubleArrays") Tuple.Tuple2<long[], List<Double>> array) throws IOException {
        double[] values = array.get2().stream().mapToDouble(Double::doubleValue).toArray();
        NpyArray read = writeAndRead(path -> Npy.write(path, array.get1(), values));
        assertArrayEquals(array.get1(), read.shape());
        long[] written = new long[values.length], back = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            written[i] = Double.doubleToRawLongBits(values[i]);
            back[i] = Double.doubleToRawLongBits(read.doubles()[i]);
        }
        assertArrayEquals(written, back);
    }

    @Property(tries = 200)
    void int32ArraysRoundTripExactly(@ForAll("intArrays") Tuple.Tuple2<long[], List<Integer>> array) throws IOException {
        int[] values = array.get2().stream().mapToInt(Integer::intValue).toArray();
        NpyArray read = writeAndRead(path -> Npy.writeInt32(path, array.get1(), values));
        assertEquals(NpyArray.DType.INT32, read.dtype());
        assertArrayEquals(array.get1(), read.shape());
        for (int i = 0; i < values.length; i++) assertEquals(values[i], read.doubles()[i]);
    }

    private interface Writer { void write(Path path); }

    private static NpyArray writeAndRead(Writer writer) throws IOException {
        Path path = Files.createTempFile("roundtrip", ".npy");
        try {
            writer.write(path);
            return Npy.read(path);
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
