package org.netgeom.data;

import org.netgeom.io.AtomicFiles;
import org.netgeom.io.HeapBudget;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.netgeom.tensor.InvalidInputException;

/**
 * Reads and writes the safetensors format (https://github.com/huggingface/safetensors): an
 * 8-byte little-endian unsigned header length N, N bytes of JSON mapping each tensor's name
 * to {"dtype", "shape", "data_offsets": [begin, end]} (offsets into the data buffer) plus an
 * optional "__metadata__" object of strings, then the data buffer, little-endian. The reader
 * checks what the reference implementation checks: offsets inside the buffer, matching
 * dtype size x shape, and tensors that cover the buffer without overlaps or holes.
 */
public final class SafeTensors {
    static final String METADATA_KEY = "__metadata__";
    /** The reference implementation refuses larger headers; so do we, before allocating them. */
    private static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int HEADER_ALIGNMENT = 8;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafeTensors() {}

    /** The tensors and metadata of {@code file}; any problem is an {@link InvalidInputException} naming the file. */
    public static SafeTensorsFile read(Path file) {
        return parse(DataFiles.readAllBytes(file, "safetensors file"), file);
    }

    /**
     * The tensors and metadata in the bytes of a safetensors file; {@code file} names it in
     * messages. Every header entry is checked against the buffer before any tensor is decoded.
     */
    public static SafeTensorsFile parse(byte[] bytes, Path file) {
        if (bytes.length < 8) {
            throw invalid(file, "truncated: it has " + bytes.length + " bytes, fewer than the 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength < 0 || headerLength > bytes.length - 8) {
            throw invalid(file, "truncated: the header length " + Long.toUnsignedString(headerLength)
                    + " runs past the end of the " + bytes.length + "-byte file");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw invalid(file, "the header length " + headerLength + " exceeds the format's limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        JsonNode header = parseHeader(bytes, (int) headerLength, file);
        int bufferStart = 8 + (int) headerLength;
        return decode(header, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), bufferStart, file);
    }

    private static JsonNode parseHeader(byte[] bytes, int length, Path file) {
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, length, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw invalid(file, "its header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) throw invalid(file, "its header is not a JSON object");
        return header;
    }

    /** A tensor's header entry before its bytes are read. */
    private record Entry(String name, SafeTensor.DType dtype, long[] shape, long begin, long end) {}

    private static SafeTensorsFile decode(JsonNode header, ByteBuffer bytes, int bufferStart, Path file) {
        long bufferLength = bytes.capacity() - bufferStart;
        Map<String, String> metadata = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(field.getValue(), metadata, file);
            } else {
                entries.add(entry(field.getKey(), field.getValue(), bufferLength, file));
            }
        }
        requireTiledBuffer(entries, bufferLength, file);
        long valueCount = 0;
        for (Entry e : entries) valueCount += (e.end() - e.begin()) / e.dtype().bytes;
        HeapBudget.require(4 * valueCount, "the " + valueCount + " values of safetensors file " + file + " as float32");
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] values = values(e.dtype(), bytes, bufferStart + (int) e.begin(),
                    (int) ((e.end() - e.begin()) / e.dtype().bytes));
            tensors.put(e.name(), new SafeTensor(e.dtype(), e.shape(), values));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private static void readMetadata(JsonNode node, Map<String, String> metadata, Path file) {
        if (!node.isObject()) throw invalid(file, METADATA_KEY + " is not a JSON object");
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw invalid(file, METADATA_KEY + " entry '" + field.getKey() + "' is not a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
    }

    /** The tensors' byte ranges, in order, must cover the buffer exactly once. */
    private static void requireTiledBuffer(List<Entry> entries, long bufferLength, Path file) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin() < covered) {
                throw invalid(file, "the data of tensors '" + previous.name() + "' " + range(previous) + " and '"
                        + e.name() + "' " + range(e) + " overlap");
            }
            if (e.begin() > covered) {
                throw invalid(file, "bytes [" + covered + ", " + e.begin() + ") of the data buffer belong to no tensor"
                        + " (before tensor '" + e.name() + "')");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != bufferLength) {
            throw invalid(file, "the data buffer has " + bufferLength + " bytes but the tensors cover only the first "
                    + covered + " (trailing bytes, or a header that does not match the data)");
        }
    }

    private static String range(Entry e) { return "[" + e.begin() + ", " + e.end() + ")"; }

    private static Entry entry(String name, JsonNode node, long bufferLength, Path file) {
        String tensor = "tensor '" + name + "'";
        if (!node.isObject()) throw invalid(file, tensor + ": its header entry is not a JSON object");
        SafeTensor.DType dtype = dtype(node.get("dtype"), tensor, file);
        long[] shape = naturals(node.get("shape"), -1, tensor + " shape", file);
        long[] offsets = naturals(node.get("data_offsets"), 2, tensor + " data_offsets", file);
        long count = DataFiles.product(shape);
        // Each dimension is bounded too: an empty tensor may declare [0, 10^12], which no caller's int holds.
        if (count < 0 || count > DataFiles.MAX_ARRAY_BYTES || Arrays.stream(shape).anyMatch(d -> d > DataFiles.MAX_ARRAY_BYTES)) {
            throw invalid(file, tensor + " has shape " + Arrays.toString(shape) + ", more elements than one array holds");
        }
        if (offsets[0] > offsets[1] || offsets[1] > bufferLength) {
            throw invalid(file, tensor + ": data_offsets " + Arrays.toString(offsets) + " lie outside the "
                    + bufferLength + "-byte data buffer");
        }
        if (offsets[1] - offsets[0] != count * dtype.bytes) {
            throw invalid(file, tensor + ": data_offsets " + Arrays.toString(offsets) + " span "
                    + (offsets[1] - offsets[0]) + " bytes but shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + count * dtype.bytes);
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static SafeTensor.DType dtype(JsonNode node, String tensor, Path file) {
        if (node == null || !node.isTextual()) throw invalid(file, tensor + " has no dtype string");
        for (SafeTensor.DType dtype : SafeTensor.DType.values()) {
            if (dtype.name().equals(node.textValue())) return dtype;
        }
        throw new InvalidInputException("safetensors file " + file + ": " + tensor + " has dtype " + node.textValue()
                + ", which netgeom does not read; it reads F32, F64, F16 and BF16 (convert the tensor to float32)");
    }

    /** A JSON array of non-negative integers, of {@code length} elements unless that is -1. */
    private static long[] naturals(JsonNode node, int length, String what, Path file) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw invalid(file, what + " is not " + (length >= 0 ? "an array of " + length : "an array of")
                    + " non-negative integers");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode item = node.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToLong() || item.longValue() < 0) {
                throw invalid(file, what + " holds " + item + ", not a non-negative integer");
            }
            out[i] = item.longValue();
        }
        return out;
    }

    private static float[] values(SafeTensor.DType dtype, ByteBuffer bytes, int offset, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            int at = offset + i * dtype.bytes;
            out[i] = switch (dtype) {
                case F32 -> bytes.getFloat(at);
                case F64 -> (float) bytes.getDouble(at);
                case F16 -> Float.float16ToFloat(bytes.getShort(at));
                case BF16 -> Float.intBitsToFloat((bytes.getShort(at) & 0xFFFF) << 16);
            };
        }
        return out;
    }

    private static InvalidInputException invalid(Path file, String problem) {
        return new InvalidInputException("safetensors file " + file + " is not valid: " + problem);
    }

    // ---- writing ------------------------------------------------------------------------

    /**
     * Writes {@code tensors} (in name order, packed one after another) and {@code metadata} to
     * {@code file}; the header is padded with spaces to a multiple of 8 bytes, as the reference
     * implementation does, so the data buffer starts aligned.
     */
    public static void write(Path file, Map<String, SafeTensor> tensors, Map<String, String> metadata) {
        Map<String, SafeTensor> sorted = new TreeMap<>(tensors);
        byte[] header = headerBytes(sorted, metadata, file);
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (SafeTensor tensor : sorted.values()) writeValues(out, tensor);
        });
    }

    private static byte[] headerBytes(Map<String, SafeTensor> sorted, Map<String, String> metadata, Path file) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) header.put(METADATA_KEY, new TreeMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, SafeTensor> e : sorted.entrySet()) {
            SafeTensor tensor = e.getValue();
            if (e.getKey().isEmpty() || e.getKey().equals(METADATA_KEY)) {
                throw new InvalidInputException("cannot write " + file + ": '" + e.getKey() + "' is not a valid tensor name");
            }
            if (tensor.dtype() != SafeTensor.DType.F32 && tensor.dtype() != SafeTensor.DType.F64) {
                throw new InvalidInputException("cannot write " + file + ": tensor '" + e.getKey() + "' has dtype "
                        + tensor.dtype() + "; netgeom writes F32 and F64");
            }
            long end = offset + tensor.elementCount() * tensor.dtype().bytes;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", tensor.dtype().name());
            entry.put("shape", tensor.shape());
            entry.put("data_offsets", new long[] {offset, end});
            header.put(e.getKey(), entry);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
        int padding = (HEADER_ALIGNMENT - json.length % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        byte[] padded = Arrays.copyOf(json, json.length + padding);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static void writeValues(OutputStream out, SafeTensor tensor) throws IOException {
        int elementBytes = tensor.dtype().bytes;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : tensor.data()) {
            if (buffer.remaining() < elementBytes) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            if (elementBytes == 8) buffer.putDouble(value); else buffer.putFloat(value);
        }
        out.write(buffer.array(), 0, buffer.position());
    }
}
