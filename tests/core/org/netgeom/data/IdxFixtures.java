package org.netgeom.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small IDX files for tests: a valid header for {@code dims} followed by {@code values}. */
public final class IdxFixtures {
    private IdxFixtures() {}

    static byte[] idx(int[] dims, byte[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        buffer.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) buffer.putInt(d); // ByteBuffer is big-endian, as IDX is
        buffer.put(values);
        return buffer.array();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** n images of side x side pixels, pixel p of image i = (i * 7 + p * 3) % 256, and labels i % classes. */
    public static void writeSplit(Path images, Path labels, int n, int side, int classes, boolean compressed) throws IOException {
        byte[] pixels = new byte[n * side * side];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < side * side; p++) pixels[i * side * side + p] = (byte) pixel(i, p);
        }
        byte[] labelBytes = new byte[n];
        for (int i = 0; i < n; i++) labelBytes[i] = (byte) (i % classes);
        byte[] imageFile = idx(new int[] {n, side, side}, pixels);
        byte[] labelFile = idx(new int[] {n}, labelBytes);
        Files.write(images, compressed ? gzip(imageFile) : imageFile);
        Files.write(labels, compressed ? gzip(labelFile) : labelFile);
    }

    /** A stand-in Fashion-MNIST folder (uncompressed, 10 classes) for commands that take --data-dir. */
    public static void writeFashionMnist(Path folder, int train, int test, int side) throws IOException {
        Files.createDirectories(folder);
        writeSplit(folder.resolve(FashionMnist.TRAIN_IMAGES), folder.resolve(FashionMnist.TRAIN_LABELS), train, side, 10, false);
        writeSplit(folder.resolve(FashionMnist.TEST_IMAGES), folder.resolve(FashionMnist.TEST_LABELS), test, side, 10, false);
    }

    static int pixel(int image, int index) { return (image * 7 + index * 3) % 256; }
}
