package org.netgeom.data;

import org.netgeom.io.AtomicFiles;
import org.netgeom.io.HeapBudget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * Reads and writes numpy's .npy files (format versions 1.0, 2.0 and 3.0, as described in
 * numpy/lib/format.py): the magic "\x93NUMPY", two version bytes, the header length
 * (2 bytes little-endian in 1.0, 4 in 2.0 and 3.0), a Python dict literal giving descr,
 * fortran_order and shape, then the raw values. Only C order and little-endian data are read;
 * see {@link NpyArray.DType} for the types. The writer produces what numpy.save does: a 1.0
 * header padded with spaces and ended by '\n' so that the data starts at a multiple of 64 bytes.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final int GROWTH_AXIS_DIGITS = 21;
    private static final int WRITE_CHUNK_BYTES = 1 << 16;

    private Npy() {}

    /** The array in {@code file}; any problem is an {@link InvalidInputException} naming the file. */
    public static NpyArray read(Path file) {
        return parse(DataFiles.readAllBytes(file, ".npy file"), file);
    }

    /**
     * A 2-D array as a rows x cols float32 matrix, a 1-D array of n values as n x 1; other
     * ranks are an error. Values of other types are converted to float32.
     */
    public static Matrix readMatrix(Path file) {
        NpyArray array = read(file);
        long[] shape = array.shape();
        if (shape.length == 1) return new Matrix((int) shape[0], 1, array.toFloats());
        if (shape.length == 2) return new Matrix((int) shape[0], (int) shape[1], array.toFloats());
        throw new InvalidInputException(".npy file " + file + " holds an array of shape " + array.shapeString()
                + "; a matrix needs 1 or 2 dimensions");
    }

    static NpyArray parse(byte[] bytes, Path file) {
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw invalid(file, "it does not start with the .npy magic \\x93NUMPY (is it a .npy file?)");
        }
        int major = bytes[6] & 0xFF;
        int minor = bytes[7] & 0xFF;
        if (major < 1 || major > 3) {
            throw invalid(file, "format version " + major + "." + minor + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        int headerStart = 8 + lengthBytes;
        if (bytes.length < headerStart) throw invalid(file, "truncated: the file ends inside the header length");
        ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? little.getShort(8) & 0xFFFF : little.getInt(8) & 0xFFFFFFFFL;
        if (headerStart + headerLength > bytes.length) {
            throw invalid(file, "truncated: the header is " + headerLength + " bytes long but runs past the end of the "
                    + bytes.length + "-byte file");
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String header = new String(bytes, headerStart, (int) headerLength, charset);
        int dataStart = headerStart + (int) headerLength;
        return decode(header, bytes, dataStart, file);
    }

    private static NpyArray decode(String header, byte[] bytes, int dataStart, Path file) {
        Map<String, Object> dict;
        try {
            dict = NpyHeader.parse(header);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "its header is not a valid dict literal: " + e.getMessage());
        }
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw invalid(file, "its header has keys " + dict.keySet() + "; a .npy header has exactly descr,"
                    + " fortran_order and shape");
        }
        if (!(dict.get("descr") instanceof String descr)) throw invalid(file, "its descr is not a string");
        NpyArray.DType dtype = dtypeOf(descr, file);
        if (!(dict.get("fortran_order") instanceof Boolean fortranOrder)) {
            throw invalid(file, "its fortran_order is not True or False");
        }
        if (fortranOrder) {
            throw new InvalidInputException(".npy file " + file + " is in Fortran (column-major) order, which netgeom"
                    + " does not read; save it with numpy.save(path, numpy.ascontiguousarray(a))");
        }
        if (!(dict.get("shape") instanceof List<?> dims)) throw invalid(file, "its shape is not a tuple");
        long[] shape = dims.stream().mapToLong(d -> (Long) d).toArray();
        long count = DataFiles.product(shape);
        // Each dimension is bounded too: an empty array may declare (0, 10^12), which no caller's int holds.
        if (count < 0 || count > DataFiles.MAX_ARRAY_BYTES
                || Arrays.stream(shape).anyMatch(d -> d > DataFiles.MAX_ARRAY_BYTES)) {
            throw invalid(file, "its shape " + NpyArray.shapeString(shape) + " has more elements than one array holds");
        }
        long needed = count * dtype.bytes;
        long available = bytes.length - dataStart;
        if (available != needed) {
            String problem = available < needed ? "truncated: " : "";
            throw invalid(file, problem + "shape " + NpyArray.shapeString(shape) + " of " + descr + " needs " + needed
                    + " bytes of data, the file has " + available + " after the header");
        }
        HeapBudget.require(count * (dtype.storedAsDouble() ? 8 : 4), "the " + NpyArray.shapeString(shape)
                + " values of .npy file " + file);
        return values(dtype, shape, ByteBuffer.wrap(bytes, dataStart, (int) needed).order(ByteOrder.LITTLE_ENDIAN));
    }

    private static NpyArray.DType dtypeOf(String descr, Path file) {
        NpyArray.DType dtype = NpyArray.DType.forDescr(descr);
        if (dtype != null) return dtype;
        if (descr.startsWith(">")) {
            throw new InvalidInputException(".npy file " + file + " holds big-endian data ('" + descr + "'), which"
                    + " netgeom does not read; convert it with a.astype(a.dtype.newbyteorder('<')) and save again");
        }
        throw new InvalidInputException(".npy file " + file + " has dtype '" + descr + "'; netgeom reads <f4, <f8,"
                + " <i4, <i8, |u1, |i1 and |b1: convert it with a.astype('float32') and save again");
    }

    private static NpyArray values(NpyArray.DType dtype, long[] shape, ByteBuffer data) {
        int count = (int) DataFiles.product(shape);
        if (dtype.storedAsDouble()) {
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                out[i] = switch (dtype) {
                    case FLOAT64 -> data.getDouble();
                    case INT32 -> data.getInt();
                    default -> data.getLong();
                };
            }
            return new NpyArray(dtype, shape, null, out);
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (dtype) {
                case FLOAT32 -> data.getFloat();
                case UINT8 -> data.get() & 0xFF;
                case INT8 -> data.get();
                default -> data.get() != 0 ? 1f : 0f;
            };
        }
        return new NpyArray(dtype, shape, out, null);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) if (bytes[i] != MAGIC[i]) return false;
        return true;
    }

    private static InvalidInputException invalid(Path file, String problem) {
        return new InvalidInputException(".npy file " + file + " is not a valid .npy file: " + problem);
    }

    // ---- writing ------------------------------------------------------------------------

    /** Writes a float32 matrix as a 2-D array. */
    public static void write(Path file, Matrix matrix) {
        write(file, new long[] {matrix.rows(), matrix.cols()}, matrix.data());
    }

    /** Writes float32 values with the given shape. */
    public static void write(Path file, long[] shape, float[] values) {
        writeArray(file, NpyArray.DType.FLOAT32, shape, values.length, (buffer, i) -> buffer.putFloat(values[i]));
    }

    /** Writes float64 values with the given shape. */
    public static void write(Path file, long[] shape, double[] values) {
        writeArray(file, NpyArray.DType.FLOAT64, shape, values.length, (buffer, i) -> buffer.putDouble(values[i]));
    }

    /** Writes int32 values with the given shape. */
    public static void writeInt32(Path file, long[] shape, int[] values) {
        writeArray(file, NpyArray.DType.INT32, shape, values.length, (buffer, i) -> buffer.putInt(values[i]));
    }

    /** Puts element i into the buffer. */
    private interface ElementWriter {
        void put(ByteBuffer buffer, int index);
    }

    private static void writeArray(Path file, NpyArray.DType dtype, long[] shape, int count, ElementWriter element) {
        if (DataFiles.product(shape) != count) {
            throw new InvalidInputException("cannot write " + file + ": shape " + NpyArray.shapeString(shape) + " needs "
                    + DataFiles.product(shape) + " values, got " + count);
        }
        for (long d : shape) {
            if (d < 0) throw new InvalidInputException("cannot write " + file + ": negative dimension in shape "
                    + NpyArray.shapeString(shape));
        }
        byte[] header = header(dtype, shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            writeElements(out, dtype.bytes, count, element);
        });
    }

    private static void writeElements(OutputStream out, int elementBytes, int count, ElementWriter element)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(WRITE_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            if (buffer.remaining() < elementBytes) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            element.put(buffer, i);
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    /** Magic, version 1.0, length and the dict, padded as numpy's _write_array_header does. */
    static byte[] header(NpyArray.DType dtype, long[] shape) {
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': "
                + NpyArray.shapeString(shape) + ", }";
        // numpy leaves room for the first dimension to grow to 21 digits, so a file can be
        // appended to without rewriting its header; doing the same keeps our files byte-identical.
        if (shape.length > 0) dict += " ".repeat(Math.max(0, GROWTH_AXIS_DIGITS - Long.toString(shape[0]).length()));
        int prefixBytes = MAGIC.length + 2 + 2;
        int padding = ALIGNMENT - (prefixBytes + dict.length() + 1) % ALIGNMENT;
        String padded = dict + " ".repeat(padding) + "\n";
        if (padded.length() > 0xFFFF) throw new InvalidInputException("shape " + NpyArray.shapeString(shape)
                + " makes a .npy header longer than version 1.0 allows");
        ByteBuffer out = ByteBuffer.allocate(prefixBytes + padded.length()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded.length());
        out.put(padded.getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }
}
