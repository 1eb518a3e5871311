package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.netgeom.data.Messages.assertMessageContains;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class NpyTest {
    @TempDir Path folder;

    /** A .npy file made by hand: magic, version, header length, header text, data. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer out = ByteBuffer.allocate(8 + lengthBytes + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) out.putShort((short) text.length); else out.putInt(text.length);
        return out.put(text).put(data).array();
    }

    static String header(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
    }

    private static ByteBuffer little(int bytes) { return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN); }

    private Path file(String name, byte[] content) throws IOException { return Files.write(folder.resolve(name), content); }

    @Test
    void aFloat32MatrixRoundTrips() {
        Matrix m = Matrix.of(new double[][] {{1.5, -2, 3e-8}, {Float.MAX_VALUE, 0, -0.25}});
        Path path = folder.resolve("m.npy");
        Npy.write(path, m);
        NpyArray read = Npy.read(path);
        assertEquals(NpyArray.DType.FLOAT32, read.dtype());
        assertArrayEquals(new long[] {2, 3}, read.shape());
        assertArrayEquals(m.data(), read.floats());
        assertArrayEquals(m.data(), Npy.readMatrix(path).data());
    }

    @Test
    void float64AndInt32RoundTripInEveryRank() {
        long[][] shapes = {{}, {5}, {2, 3, 4}, {0, 7}};
        for (long[] shape : shapes) {
            int count = (int) DataFiles.product(shape);
            double[] doubles = new double[count];
            int[] ints = new int[count];
            for (int i = 0; i < count; i++) {
                doubles[i] = Math.PI * (i - 3) / 7;
                ints[i] = (i - 10) * 1_000_003;
            }
            Path f8 = folder.resolve("f8.npy");
            Npy.write(f8, shape, doubles);
            NpyArray readDoubles = Npy.read(f8);
            assertArrayEquals(shape, readDoubles.shape());
            assertArrayEquals(doubles, readDoubles.doubles());
            Path i4 = folder.resolve("i4.npy");
            Npy.writeInt32(i4, shape, ints);
            NpyArray readInts = Npy.read(i4);
            assertEquals(NpyArray.DType.INT32, readInts.dtype());
            assertArrayEquals(Arrays.stream(ints).asDoubleStream().toArray(), readInts.doubles());
        }
    }

    @Test
    void theWrittenHeaderEndsInANewlineAndTheDataStartsAtAMultipleOf64() throws IOException {
        for (long[] shape : new long[][] {{}, {3}, {123456789, 0}, {2, 1, 3, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}) {
            Path path = folder.resolve("aligned.npy");
            Npy.write(path, shape, new float[(int) DataFiles.product(shape)]);
            byte[] bytes = Files.readAllBytes(path);
            int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
            int dataStart = 10 + headerLength;
            assertEquals(1, bytes[6], "version 1.0");
            assertEquals(0, dataStart % 64, "data start for shape " + Arrays.toString(shape));
            assertEquals('\n', bytes[dataStart - 1]);
            assertEquals(bytes.length, dataStart + 4 * DataFiles.product(shape));
        }
    }

    @Test
    void readsVersion2And3Headers() throws IOException {
        byte[] data = little(8).putFloat(1.25f).putFloat(-4f).array();
        for (int major : new int[] {2, 3}) {
            NpyArray array = Npy.read(file("v" + major + ".npy", npy(major, header("<f4", "(2,)"), data)));
            assertArrayEquals(new float[] {1.25f, -4f}, array.floats());
        }
    }

    @Test
    void readsTheIntegerByteAndBoolTypes() throws IOException {
        NpyArray i8 = Npy.read(file("i8.npy", npy(1, header("<i8", "(2,)"), little(16).putLong(-5).putLong(1L << 40).array())));
        assertArrayEquals(new double[] {-5, 1L << 40}, i8.doubles());
        NpyArray u1 = Npy.read(file("u1.npy", npy(1, header("|u1", "(3,)"), new byte[] {0, 7, (byte) 255})));
        assertArrayEquals(new float[] {0, 7, 255}, u1.floats());
        NpyArray i1 = Npy.read(file("i1.npy", npy(1, header("|i1", "(2,)"), new byte[] {-128, 127})));
        assertArrayEquals(new float[] {-128, 127}, i1.floats());
        NpyArray b1 = Npy.read(file("b1.npy", npy(1, header("|b1", "(3,)"), new byte[] {1, 0, 1})));
        assertEquals(NpyArray.DType.BOOL, b1.dtype());
        assertArrayEquals(new float[] {1, 0, 1}, b1.floats());
        assertNull(b1.doubles());
    }

    @Test
    void readMatrixReadsAVectorAsAColumnAndRejectsRank3() {
        Path vector = folder.resolve("v.npy");
        Npy.write(vector, new long[] {3}, new float[] {1, 2, 3});
        Matrix column = Npy.readMatrix(vector);
        assertEquals("3x1", column.shape());
        Path cube = folder.resolve("cube.npy");
        Npy.write(cube, new long[] {2, 2, 2}, new float[8]);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.readMatrix(cube)), "(2, 2, 2)");
    }

    @Test
    void fortranOrderIsRejected() throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n";
        Path path = file("fortran.npy", npy(1, header, new byte[16]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "fortran.npy",
                "Fortran", "ascontiguousarray");
    }

    @Test
    void bigEndianDataIsRejected() throws IOException {
        Path path = file("big.npy", npy(1, header(">f4", "(2,)"), new byte[8]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "big.npy", "big-endian",
                ">f4");
    }

    @Test
    void anUnknownDtypeIsRejectedWithTheSupportedOnes() throws IOException {
        Path path = file("complex.npy", npy(1, header("<c8", "(2,)"), new byte[16]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "complex.npy", "<c8",
                "<f4");
        Path structured = file("record.npy", npy(1,
                "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }\n", new byte[4]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(structured)), "structured");
    }

    @Test
    void aBadMagicIsRejected() throws IOException {
        byte[] content = npy(1, header("<f4", "(1,)"), new byte[4]);
        content[1] = 'X';
        Path path = file("magic.npy", content);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "magic.npy", "magic");
        Path tiny = file("tiny.npy", new byte[] {(byte) 0x93, 'N'});
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(tiny)), "tiny.npy");
    }

    @Test
    void aHeaderRunningPastTheEndIsRejected() throws IOException {
        byte[] whole = npy(1, header("<f4", "(1,)"), new byte[4]);
        Path path = file("short-header.npy", Arrays.copyOf(whole, 30));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "short-header.npy",
                "truncated", "header");
    }

    @Test
    void truncatedDataIsRejectedWithBothSizes() throws IOException {
        Path path = file("short-data.npy", npy(1, header("<f8", "(2, 3)"), new byte[40]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "short-data.npy",
                "truncated", "(2, 3)", "48 bytes", "has 40");
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path path = file("long.npy", npy(1, header("|u1", "(2,)"), new byte[3]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "long.npy", "2 bytes",
                "has 3");
    }

    @Test
    void aMalformedHeaderIsRejected() throws IOException {
        Path path = file("garbled.npy", npy(1, "{'descr': '<f4', 'shape': (2,) 'fortran_order': False}\n", new byte[8]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "garbled.npy", "header");
        Path missingKey = file("nokey.npy", npy(1, "{'descr': '<f4', 'shape': (2,)}\n", new byte[8]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(missingKey)), "fortran_order");
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = folder.resolve("absent.npy");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(missing)), "absent.npy",
                "does not exist");
    }

    @Test
    void writingAShapeThatDoesNotMatchTheValuesFailsWithoutAFile() {
        Path path = folder.resolve("wrong.npy");
        assertMessageContains(assertThrows(InvalidInputException.class,
                () -> Npy.write(path, new long[] {2, 2}, new float[3])), "(2, 2)", "3");
        assertFalse(Files.exists(path));
    }

    @Test
    void anEmptyArrayWithADimensionNoIntHoldsIsRefused() throws IOException {
        Path path = file("wide.npy", npy(1, header("<f4", "(0, 10000000000000)"), new byte[0]));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> Npy.read(path)), "wide.npy",
                "(0, 10000000000000)", "more elements than one array holds");
    }
}
