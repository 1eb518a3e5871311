package org.netgeom.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.netgeom.io.HeapBudget;
import org.netgeom.tensor.InvalidInputException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 * two zero bytes, a type byte (only 0x08, unsigned byte, is supported), the number of
 * dimensions, each dimension as a big-endian 32-bit integer, then the values in row-major
 * order. A file starting with the gzip magic 1f 8b is decompressed first, whatever its name.
 *
 * <p>The header decides how much is read: a gzip stream is decompressed only up to the size
 * the header declares, plus one byte to prove nothing follows, so a small file that inflates
 * to gigabytes (a gzip bomb) is refused after reading what its header promised.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;
    /**
     * Deflate expands at most 1032 to 1 (zlib.net/zlib_tech.html, "Maximum Compression
     * Factor"): a header declaring more than that many bytes per compressed byte cannot be true.
     */
    static final long MAX_GZIP_EXPANSION = 1032;

    private Idx() {}

    /** An IDX array: its dimensions and its unsigned bytes, row-major. */
    public record IdxArray(int[] dims, byte[] values) {
        /** Value at flat index i as 0..255. */
        public int unsigned(int i) { return values[i] & 0xFF; }

        public String shape() { return shapeOf(dims); }
    }

    /** Reads {@code file}; {@code contents} names the values in messages ("pixels", "labels"). */
    public static IdxArray read(Path file, String contents) {
        return parse(DataFiles.readAllBytes(file, "IDX file"), file, contents);
    }

    public static IdxArray read(Path file) { return read(file, "values"); }

    /** The array in a file's bytes, plain or gzip-compressed; {@code file} names it in messages. */
    static IdxArray parse(byte[] raw, Path file, String contents) {
        boolean gzip = DataFiles.isGzip(raw);
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)
                : new ByteArrayInputStream(raw)) {
            return parse(in, raw.length, gzip, file, contents);
        } catch (EOFException e) {
            throw new InvalidInputException("IDX file " + file
                    + " is a truncated gzip file (it ends before the compressed data does); download it again", e);
        } catch (ZipException e) {
            throw new InvalidInputException("IDX file " + file + " is a corrupt gzip file (" + e.getMessage()
                    + "); download it again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    private static IdxArray parse(InputStream in, long rawLength, boolean gzip, Path file, String contents)
            throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw corrupt(file, "truncated: it has " + magic.length + " bytes, fewer than the 4-byte IDX magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw corrupt(file, String.format("bad magic number: it starts with 0x%02x 0x%02x, IDX files start with"
                    + " 0x00 0x00", magic[0] & 0xFF, magic[1] & 0xFF));
        }
        int type = magic[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new InvalidInputException(String.format("IDX file %s has data type 0x%02x; netgeom reads only"
                    + " type 0x08 (unsigned byte)", file, type));
        }
        int ndims = magic[3] & 0xFF;
        if (ndims == 0) throw corrupt(file, "the header declares 0 dimensions");
        int headerBytes = 4 + 4 * ndims;
        byte[] dimBytes = in.readNBytes(4 * ndims);
        if (dimBytes.length < 4 * ndims) {
            throw corrupt(file, "truncated: the header declares " + ndims + " dimensions and needs " + headerBytes
                    + " bytes, the file has " + (4 + dimBytes.length));
        }
        int[] dims = dims(dimBytes, file);
        long count = declaredCount(dims, file);
        if (gzip) {
            requirePlausibleForGzip(count, rawLength, dims, file, contents);
        } else {
            requireExactPlainLength(count, rawLength - headerBytes, headerBytes, dims, contents, file);
        }
        HeapBudget.require(count, "the " + shapeOf(dims) + " " + contents + " of IDX file " + file);
        byte[] values = in.readNBytes((int) count);
        if (values.length < count) {
            throw corrupt(file, "truncated: header says " + shapeOf(dims) + " = " + count + " bytes of " + contents
                    + ", file has " + values.length + " after the " + headerBytes + "-byte header");
        }
        if (in.read() >= 0) {
            throw corrupt(file, "header says " + shapeOf(dims) + " = " + count + " bytes of " + contents
                    + ", but more bytes follow them");
        }
        return new IdxArray(dims, values);
    }

    private static int[] dims(byte[] dimBytes, Path file) {
        int[] dims = new int[dimBytes.length / 4];
        for (int i = 0; i < dims.length; i++) {
            int at = 4 * i;
            dims[i] = (dimBytes[at] & 0xFF) << 24 | (dimBytes[at + 1] & 0xFF) << 16 | (dimBytes[at + 2] & 0xFF) << 8
                    | (dimBytes[at + 3] & 0xFF);
            if (dims[i] < 0) throw corrupt(file, "dimension " + i + " is " + Integer.toUnsignedLong(dims[i]) + ", too large");
        }
        return dims;
    }

    /** The product of the dimensions, refused above what one array holds (so it never overflows). */
    private static long declaredCount(int[] dims, Path file) {
        long count = 1;
        for (int d : dims) {
            count *= d; // both factors are below 2^31, so the product fits a long
            if (count > DataFiles.MAX_ARRAY_BYTES) {
                throw corrupt(file, "the header declares " + shapeOf(dims) + ", more than " + DataFiles.MAX_ARRAY_BYTES
                        + " values");
            }
        }
        return count;
    }

    private static void requireExactPlainLength(long count, long available, int headerBytes, int[] dims,
                                                String contents, Path file) {
        if (available < count) {
            throw corrupt(file, "truncated: header says " + shapeOf(dims) + " = " + count + " bytes of " + contents
                    + ", file has " + available + " after the " + headerBytes + "-byte header");
        }
        if (available > count) {
            throw corrupt(file, "header says " + shapeOf(dims) + " = " + count + " bytes of " + contents + ", but "
                    + (available - count) + " more bytes follow them");
        }
    }

    private static void requirePlausibleForGzip(long count, long compressedBytes, int[] dims, Path file, String contents) {
        if (count > compressedBytes * MAX_GZIP_EXPANSION) {
            throw corrupt(file, "header says " + shapeOf(dims) + " = " + count + " bytes of " + contents
                    + ", more than a " + compressedBytes + "-byte gzip file can hold");
        }
    }

    private static String shapeOf(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    private static InvalidInputException corrupt(Path file, String problem) {
        return new InvalidInputException("IDX file " + file + " is corrupt: " + problem + "; download it again");
    }
}
