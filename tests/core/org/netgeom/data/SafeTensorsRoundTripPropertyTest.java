package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * What SafeTensors writes, it reads back: F32 bit for bit (NaN payloads included), F64 bit
 * for bit for every number (the floats are widened exactly), NaN as NaN (widening to double
 * may quiet a signalling NaN, as the hardware does), and metadata strings unchanged.
 */
class SafeTensorsRoundTripPropertyTest {

    @Provide
    Arbitrary<List<Tuple.Tuple2<long[], List<Float>>>> tensors() {
        return FloatBits.shapedValues(FloatBits.floats()).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Map<String, String>> metadata() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(20);
        return Arbitraries.maps(text, text).ofMaxSize(3);
    }

    @Property(tries = 200)
    void float32TensorsAndMetadataRoundTripBitForBit(@ForAll("tensors") List<Tuple.Tuple2<long[], List<Float>>> arrays,
                                                     @ForAll("metadata") Map<String, String> metadata) throws IOException {
        Map<String, SafeTensor> tensors = tensors(arrays, SafeTensor.DType.F32);
        SafeTensorsFile read = writeAndRead(tensors, metadata);
        assertEquals(metadata, read.metadata());
        for (Map.Entry<String, SafeTensor> e : tensors.entrySet()) {
            SafeTensor back = read.tensor(e.getKey());
            assertEquals(SafeTensor.DType.F32, back.dtype());
            assertArrayEquals(e.getValue().shape(), back.shape());
            assertArrayEquals(FloatBits.rawBits(e.getValue().data()), FloatBits.rawBits(back.data()), e.getKey());
        }
    }

    @Property(tries = 200)
    void float64TensorsRoundTripEveryNumberExactly(@ForAll("tensors") List<Tuple.Tuple2<long[], List<Float>>> arrays)
            throws IOException {
        Map<String, SafeTensor> tensors = tensors(arrays, SafeTensor.DType.F64);
        SafeTensorsFile read = writeAndRead(tensors, Map.of());
        for (Map.Entry<String, SafeTensor> e : tensors.entrySet()) {
            SafeTensor back = read.tensor(e.getKey());
            assertEquals(SafeTensor.DType.F64, back.dtype());
            assertArrayEquals(e.getValue().shape(), back.shape());
            float[] written = e.getValue().data();
            for (int i = 0; i < written.length; i++) {
                if (Float.isNaN(written[i])) {
                    assertTrue(Float.isNaN(back.data()[i]), "NaN stays NaN");
                } else {
                    assertEquals(Float.floatToRawIntBits(written[i]), Float.floatToRawIntBits(back.data()[i]), e.getKey());
                }
            }
        }
    }

    private static Map<String, SafeTensor> tensors(List<Tuple.Tuple2<long[], List<Float>>> arrays, SafeTensor.DType dtype) {
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < arrays.size(); i++) {
            var array = arrays.get(i);
            tensors.put("tensor." + i, new SafeTensor(dtype, array.get1(), FloatBits.toFloatArray(array.get2())));
        }
        return tensors;
    }

    private static SafeTensorsFile writeAndRead(Map<String, SafeTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Path path = Files.createTempFile("roundtrip", ".safetensors");
        try {
            SafeTensors.write(path, tensors, metadata);
            return SafeTensors.read(path);
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
