package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.data.Messages.assertMessageContains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class SafeTensorsTest {
    @TempDir Path folder;

    /** A safetensors file made by hand: header length, header JSON, data. */
    static byte[] safetensors(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    private InvalidInputException readFails(String name, byte[] content) throws IOException {
        Path file = Files.write(folder.resolve(name), content);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains(name), "the message names the file: " + e.getMessage());
        return e;
    }

    private static Map<String, SafeTensor> model() {
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.1.weight", SafeTensor.of(Matrix.of(new double[][] {{0.5, -1.5, 2}})));
        tensors.put("layers.0.weight", SafeTensor.of(Matrix.of(new double[][] {{1, 2}, {3, 4}, {5, 6.25}})));
        tensors.put("layers.0.bias", SafeTensor.vector(0.125f, -7f, 1e-20f));
        return tensors;
    }

    @Test
    void tensorsAndMetadataRoundTripInNameOrder() {
        Path file = folder.resolve("model.safetensors");
        Map<String, String> metadata = Map.of("seed", "7", "config", "{\"widths\": [2, 3, 1]}");
        SafeTensors.write(file, model(), metadata);
        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(List.of("layers.0.bias", "layers.0.weight", "layers.1.weight"), new ArrayList<>(read.tensors().keySet()));
        assertEquals(metadata, read.metadata());
        for (Map.Entry<String, SafeTensor> e : model().entrySet()) {
            SafeTensor got = read.tensor(e.getKey());
            assertEquals(SafeTensor.DType.F32, got.dtype());
            assertArrayEquals(e.getValue().shape(), got.shape());
            assertArrayEquals(e.getValue().data(), got.data(), e.getKey());
        }
        assertEquals("1x3", read.tensor("layers.0.bias").toMatrix(1, 3).shape());
    }

    @Test
    void theHeaderIsPaddedToEightBytesAndTheDataIsPacked() throws IOException {
        Path file = folder.resolve("layout.safetensors");
        SafeTensors.write(file, model(), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLength % 8);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        String json = header.stripTrailing();
        assertTrue(json.endsWith("}") && header.substring(json.length()).matches(" {0,7}"),
                "padding is at most 7 trailing spaces: '" + header + "'");
        JsonNode root = new ObjectMapper().readTree(header);
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("__metadata__", "layers.0.bias", "layers.0.weight", "layers.1.weight"), keys);
        long expectedBegin = 0;
        for (String name : keys.subList(1, keys.size())) {
            JsonNode offsets = root.get(name).get("data_offsets");
            assertEquals(expectedBegin, offsets.get(0).longValue(), name);
            expectedBegin = offsets.get(1).longValue();
        }
        assertEquals(bytes.length - 8 - headerLength, expectedBegin);
        assertEquals(4 * (3 + 6 + 3), expectedBegin);
    }

    @Test
    void float64TensorsAreWrittenAndReadBack() {
        Path file = folder.resolve("f64.safetensors");
        SafeTensor tensor = SafeTensor.vector(1f / 3, -2.5f).as(SafeTensor.DType.F64);
        SafeTensors.write(file, Map.of("x", tensor), Map.of());
        SafeTensor read = SafeTensors.read(file).tensor("x");
        assertEquals(SafeTensor.DType.F64, read.dtype());
        assertArrayEquals(tensor.data(), read.data());
    }

    @Test
    void halfAndBfloat16AreConvertedToFloat() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3800); // F16 1, -2, 0.5
        data.putShort((short) 0x3F80).putShort((short) 0xC040); // BF16 1, -3
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]}}";
        Path file = Files.write(folder.resolve("half.safetensors"), safetensors(json, data.array()));
        SafeTensorsFile read = SafeTensors.read(file);
        assertArrayEquals(new float[] {1f, -2f, 0.5f}, read.tensor("h").data());
        assertArrayEquals(new float[] {1f, -3f}, read.tensor("b").data());
        assertEquals(List.of("h", "b"), new ArrayList<>(read.tensors().keySet()), "header order");
    }

    @Test
    void aFileShorterThanEightBytesIsRejected() throws IOException {
        assertMessageContains(readFails("tiny.safetensors", new byte[] {1, 2, 3}), "truncated", "3 bytes");
    }

    @Test
    void aHeaderLengthPastTheEndOfTheFileIsRejected() throws IOException {
        byte[] content = safetensors("{}", new byte[0]);
        content[0] = 100;
        assertMessageContains(readFails("long-header.safetensors", content), "header length 100", "runs past the end");
        content[7] = (byte) 0x80; // 2^63 + 100 as unsigned
        assertMessageContains(readFails("huge-header.safetensors", content), "runs past the end");
    }

    @Test
    void invalidJsonIsRejected() throws IOException {
        assertMessageContains(readFails("json.safetensors", safetensors("{\"x\": [1, 2", new byte[0])), "not valid JSON");
        assertMessageContains(readFails("array.safetensors", safetensors("[1, 2]", new byte[0])), "not a JSON object");
        String twice = "{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}";
        assertMessageContains(readFails("twice.safetensors", safetensors(twice, new byte[4])), "not valid JSON");
    }

    @Test
    void anUnsupportedDtypeIsRejectedNamingTheTensor() throws IOException {
        String json = "{\"steps\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        assertMessageContains(readFails("int.safetensors", safetensors(json, new byte[8])), "'steps'", "I64", "F32");
    }

    @Test
    void offsetsOutsideTheBufferAreRejected() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertMessageContains(readFails("range.safetensors", safetensors(json, new byte[8])), "'w'", "[4, 12]",
                "8-byte data buffer");
    }

    @Test
    void offsetsThatDoNotMatchTheShapeAreRejected() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}";
        assertMessageContains(readFails("size.safetensors", safetensors(json, new byte[12])), "'w'", "12 bytes",
                "needs 16");
    }

    @Test
    void overlappingTensorsAreRejected() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertMessageContains(readFails("overlap.safetensors", safetensors(json, new byte[12])), "'a'", "'b'",
                "overlap");
    }

    @Test
    void holesAndTrailingBytesInTheBufferAreRejected() throws IOException {
        String hole = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertMessageContains(readFails("hole.safetensors", safetensors(hole, new byte[8])), "[0, 4)", "no tensor");
        String trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertMessageContains(readFails("trailing.safetensors", safetensors(trailing, new byte[9])), "9 bytes",
                "only the first 4");
    }

    @Test
    void aTruncatedDataBufferIsRejected() throws IOException {
        Path file = folder.resolve("whole.safetensors");
        SafeTensors.write(file, model(), Map.of());
        byte[] whole = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        assertMessageContains(readFails("cut.safetensors", cut), "'layers.1.weight'", "outside");
    }

    @Test
    void malformedEntriesAndMetadataAreRejected() throws IOException {
        String noShape = "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}";
        assertMessageContains(readFails("noshape.safetensors", safetensors(noShape, new byte[4])), "'w' shape");
        String metadata = "{\"__metadata__\":{\"seed\":7}}";
        assertMessageContains(readFails("meta.safetensors", safetensors(metadata, new byte[0])), "seed", "not a string");
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = folder.resolve("absent.safetensors");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> SafeTensors.read(missing)),
                "absent.safetensors", "does not exist");
    }

    @Test
    void writingHalfPrecisionOrAReservedNameFailsWithoutAFile() {
        Path file = folder.resolve("never.safetensors");
        SafeTensor half = SafeTensor.vector(1f).as(SafeTensor.DType.F16);
        assertMessageContains(assertThrows(InvalidInputException.class,
                () -> SafeTensors.write(file, Map.of("h", half), Map.of())), "'h'", "F16");
        assertThrows(InvalidInputException.class,
                () -> SafeTensors.write(file, Map.of("__metadata__", SafeTensor.vector(1f)), Map.of()));
        assertFalse(Files.exists(file));
    }

    @Test
    void askingForAnAbsentTensorListsThePresentOnes() {
        Path file = folder.resolve("model.safetensors");
        SafeTensors.write(file, model(), Map.of());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SafeTensors.read(file).tensor("layers.2.weight"));
        assertMessageContains(e, "layers.2.weight", "layers.0.bias, layers.0.weight, layers.1.weight");
    }

    @Test
    void anEmptyTensorWithADimensionNoIntHoldsIsRefused() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[0,10000000000000],\"data_offsets\":[0,0]}}";
        assertMessageContains(readFails("wide.safetensors", safetensors(json, new byte[0])), "[0, 10000000000000]",
                "more elements than one array holds");
    }
}
