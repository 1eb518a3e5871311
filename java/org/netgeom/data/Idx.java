package org.netgeom.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.netgeom.tensor.InvalidInputException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 * two zero bytes, a type byte (only 0x08, unsigned byte, is supported), the number of
 * dimensions, each dimension as a big-endian 32-bit integer, then the values in row-major
 * order. A file starting with the gzip magic 1f 8b is decompressed first, whatever its name.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {}

    /** An IDX array: its dimensions and its unsigned bytes, row-major. */
    public record IdxArray(int[] dims, byte[] values) {
        /** Value at flat index i as 0..255. */
        public int unsigned(int i) { return values[i] & 0xFF; }

        public String shape() { return shapeOf(dims); }
    }

    /** Reads {@code file}; {@code contents} names the values in messages ("pixels", "labels"). */
    public static IdxArray read(Path file, String contents) {
        byte[] bytes = DataFiles.readMaybeGzipped(file, "IDX file");
        return parse(bytes, file, contents);
    }

    public static IdxArray read(Path file) { return read(file, "values"); }

    static IdxArray parse(byte[] bytes, Path file, String contents) {
        if (bytes.length < 4) {
            throw corrupt(file, "truncated: it has " + bytes.length + " bytes, fewer than the 4-byte IDX magic number");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw corrupt(file, String.format("bad magic number: it starts with 0x%02x 0x%02x, IDX files start with"
                    + " 0x00 0x00", bytes[0] & 0xFF, bytes[1] & 0xFF));
        }
        int type = bytes[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new InvalidInputException(String.format("IDX file %s has data type 0x%02x; netgeom reads only"
                    + " type 0x08 (unsigned byte)", file, type));
        }
        int ndims = bytes[3] & 0xFF;
        if (ndims == 0) throw corrupt(file, "the header declares 0 dimensions");
        int headerBytes = 4 + 4 * ndims;
        if (bytes.length < headerBytes) {
            throw corrupt(file, "truncated: the header declares " + ndims + " dimensions and needs " + headerBytes
                    + " bytes, the file has " + bytes.length);
        }
        int[] dims = new int[ndims];
        long count = 1;
        for (int i = 0; i < ndims; i++) {
            int at = 4 + 4 * i;
            dims[i] = (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
                    | (bytes[at + 3] & 0xFF);
            if (dims[i] < 0) throw corrupt(file, "dimension " + i + " is " + Integer.toUnsignedLong(dims[i]) + ", too large");
            count *= dims[i];
            if (count > DataFiles.MAX_ARRAY_BYTES) {
                throw corrupt(file, "the header declares more than " + DataFiles.MAX_ARRAY_BYTES + " values");
            }
        }
        long available = bytes.length - headerBytes;
        if (available < count) {
            throw corrupt(file, "truncated: header says " + shapeOf(dims) + " = " + count + " bytes of " + contents
                    + ", file has " + available + " after the " + headerBytes + "-byte header");
        }
        if (available > count) {
            throw corrupt(file, "header says " + shapeOf(dims) + " = " + count + " bytes of " + contents + ", but "
                    + (available - count) + " more bytes follow them");
        }
        return new IdxArray(dims, Arrays.copyOfRange(bytes, headerBytes, bytes.length));
    }

    private static String shapeOf(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    private static InvalidInputException corrupt(Path file, String problem) {
        return new InvalidInputException("IDX file " + file + " is corrupt: " + problem + "; download it again");
    }
}
