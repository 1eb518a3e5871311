package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.ConvolutionGeometry;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageOps;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.PoolGeometry;
import org.netgeom.tensor.ShapeMismatchException;

/**
 * Every {@link ImageOps} kernel (cuda/images.cu) against the CPU backend, bit for bit: each GPU
 * thread sums its output in the CPU's order with no atomics, so there is no tolerance (float32
 * bits equal, NaN as NaN). Operands are views at an odd offset inside larger allocations, as
 * ConvNet's shared scratch gives them, and every output starts as a sentinel so that values the
 * op must leave alone, or must overwrite, are compared too. The float64 definitions behind the
 * CPU ops are checked in CpuImageOpsTest; the convolution as a whole in CudaConvNetTest.
 */
@Tag("gpu")
class CudaImageOpsTest {
    /** Elements before every operand in its allocation: views start off any alignment. */
    private static final int VIEW_OFFSET = 3;
    private static final float SENTINEL = -123.25f;
    private static CudaBackend gpu;
    private static CpuBackend cpu;

    @BeforeEach
    void requireGpu() {
        if (gpu == null) gpu = GpuTestSupport.openBackend();
        if (cpu == null) cpu = new CpuBackend(2);
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
        gpu = null;
        if (cpu != null) cpu.close();
        cpu = null;
    }

    @ParameterizedTest(name = "C={0} H={1} W={2} K={3} S={4} P={5} N={6}")
    @CsvSource({"1, 5, 5, 3, 1, 0, 1", "3, 7, 6, 3, 2, 1, 3", "2, 9, 4, 1, 1, 0, 2", "4, 8, 8, 5, 3, 2, 2", "1, 3, 3, 3, 1, 1, 4",
        "3, 32, 32, 3, 1, 1, 5", "16, 15, 17, 3, 2, 1, 3", "2, 6, 5, 7, 1, 3, 2"})
    void im2colAndCol2imGiveTheCpuBits(int c, int h, int w, int k, int s, int p, int n) {
        ConvolutionGeometry g = new ConvolutionGeometry(c, h, w, k, s, p);
        Random random = new Random(c * 1000 + h * 100 + k * 10 + s);
        // Rows 1 .. n of n + 2 images: the ops must read and write only their chunk.
        Matrix images = gaussian(random, n + 2, g.imageSize());
        assertSameBits("im2col", List.of(images, sentinel(g.patchSize(), n * g.outputPositions())),
                (ops, m) -> ops.im2col(g, m.get(0), 1, n, m.get(1)));
        assertSameBits("col2im", List.of(gaussian(random, g.patchSize(), n * g.outputPositions()), sentinel(n + 2, g.imageSize())),
                (ops, m) -> ops.col2im(g, m.get(0), 1, n, m.get(1)));
    }

    @ParameterizedTest(name = "C={0} P={1} N={2}")
    @CsvSource({"1, 1, 1", "5, 37, 3", "64, 1024, 2", "3, 49, 7", "33, 31, 4"})
    void layoutCopiesGiveTheCpuBits(int channels, int positions, int samples) {
        Random random = new Random(channels * 31 + positions);
        int count = Math.max(1, samples - 1);
        assertSameBits("channelsToSamples", List.of(gaussian(random, channels, count * positions),
                sentinel(samples, channels * positions)), (ops, m) -> ops.channelsToSamples(m.get(0), positions, samples - count, count,
                m.get(1)));
        assertSameBits("samplesToChannels", List.of(gaussian(random, samples, channels * positions),
                sentinel(channels, count * positions)), (ops, m) -> ops.samplesToChannels(m.get(0), positions, samples - count, count,
                m.get(1)));
        assertSameBits("toChannelsLast", List.of(gaussian(random, samples, channels * positions),
                sentinel(samples * positions, channels)), (ops, m) -> ops.toChannelsLast(m.get(0), positions, m.get(1)));
        assertSameBits("fromChannelsLast", List.of(gaussian(random, samples * positions, channels),
                sentinel(samples, channels * positions)), (ops, m) -> ops.fromChannelsLast(m.get(0), positions, m.get(1)));
    }

    /** Inputs rounded to halves, so windows hold ties (the first maximum wins), plus NaNs (a NaN wins), -0 gradients. */
    @ParameterizedTest(name = "C={0} H={1} W={2} window {3}x{4} N={5}")
    @CsvSource({"1, 4, 4, 2, 2, 1", "3, 7, 9, 2, 2, 3", "2, 9, 7, 3, 2, 2", "8, 32, 32, 2, 2, 4", "4, 5, 5, 5, 5, 3",
        "16, 8, 8, 8, 8, 5", "3, 6, 11, 1, 3, 2"})
    void poolingGivesTheCpuBits(int c, int h, int w, int kh, int kw, int n) {
        PoolGeometry g = new PoolGeometry(c, h, w, kh, kw);
        Random random = new Random(c * 100 + h * 10 + kh);
        Matrix images = gaussian(random, n, g.imageSize());
        for (int i = 0; i < images.size(); i++) images.data()[i] = Math.round(images.data()[i] * 2) / 2f;
        images.data()[random.nextInt(images.size())] = Float.NaN;
        images.data()[random.nextInt(images.size())] = Float.NaN;
        Matrix gradOutput = gaussian(random, n, g.outputSize());
        gradOutput.data()[0] = -0f;
        // The CPU's argmax, so both backward passes route through the same winners.
        Matrix argmax;
        try (DeviceMatrix x = cpu.upload(images); DeviceMatrix y = cpu.allocate(n, g.outputSize());
             DeviceMatrix winners = cpu.allocate(n, g.outputSize())) {
            cpu.maxPool(g, x, y, winners);
            argmax = cpu.download(winners);
        }
        assertSameBits("maxPool", List.of(images, sentinel(n, g.outputSize()), sentinel(n, g.outputSize())),
                (ops, m) -> ops.maxPool(g, m.get(0), m.get(1), m.get(2)));
        assertSameBits("maxPoolBackward", List.of(gradOutput, argmax, sentinel(n, g.imageSize())),
                (ops, m) -> ops.maxPoolBackward(g, m.get(0), m.get(1), m.get(2)));
        assertSameBits("averagePool", List.of(images, sentinel(n, g.outputSize())), (ops, m) -> ops.averagePool(g, m.get(0), m.get(1)));
        assertSameBits("averagePoolBackward", List.of(gradOutput, sentinel(n, g.imageSize())),
                (ops, m) -> ops.averagePoolBackward(g, m.get(0), m.get(1)));
    }

    @Test
    void globalAveragePoolingOfALargeImageGivesTheCpuBits() {
        PoolGeometry g = PoolGeometry.global(3, 64, 64);
        Random random = new Random(11);
        assertSameBits("global averagePool", List.of(gaussian(random, 4, g.imageSize()), sentinel(4, 3)),
                (ops, m) -> ops.averagePool(g, m.get(0), m.get(1)));
        assertSameBits("global averagePoolBackward", List.of(gaussian(random, 4, 3), sentinel(4, g.imageSize())),
                (ops, m) -> ops.averagePoolBackward(g, m.get(0), m.get(1)));
    }

    /** A batch beyond one grid's z extent (65,535 samples) still reaches every sample. */
    @Test
    void channelsLastTransposeCoversMoreSamplesThanOneGridHolds() {
        int samples = 70_000, channels = 3, positions = 4;
        Random random = new Random(12);
        assertSameBits("toChannelsLast", List.of(gaussian(random, samples, channels * positions),
                sentinel(samples * positions, channels)), (ops, m) -> ops.toChannelsLast(m.get(0), positions, m.get(1)));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} padding {3}")
    @CsvSource({"3, 32, 32, 4", "1, 28, 28, 2", "2, 5, 7, 3", "3, 8, 8, 0"})
    void cropAndFlipGiveTheCpuBits(int c, int h, int w, int padding) {
        ImageShape shape = new ImageShape(c, h, w);
        Random random = new Random(h * 10 + padding);
        int n = 9;
        Matrix draws = new Matrix(n, 3);
        for (int s = 0; s < n; s++) {
            // The corners of the offset range, then random ones; flips alternate.
            draws.data()[3 * s] = s < 2 ? s * 2 * padding : random.nextInt(2 * padding + 1);
            draws.data()[3 * s + 1] = s < 2 ? (1 - s) * 2 * padding : random.nextInt(2 * padding + 1);
            draws.data()[3 * s + 2] = s % 2;
        }
        assertSameBits("cropFlip", List.of(gaussian(random, n, shape.size()), draws, sentinel(n, shape.size())),
                (ops, m) -> ops.cropFlip(shape, padding, m.get(0), m.get(1), m.get(2)));
    }

    @Test
    void wrongShapesAreRejectedWithTheCpuWords() {
        ConvolutionGeometry g = new ConvolutionGeometry(1, 4, 4, 3, 1, 0);
        try (DeviceMatrix images = gpu.allocate(2, 16); DeviceMatrix columns = gpu.allocate(9, 5)) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> gpu.im2col(g, images, 0, 2, columns));
            assertTrue(e.getMessage().contains("im2col columns must be 9x8"), e.getMessage());
            assertThrows(ShapeMismatchException.class, () -> gpu.col2im(g, columns, 1, 2, images));
        }
        try (DeviceMatrix buffer = gpu.allocate(1, 2 * 16 + 4); DeviceMatrix draws = gpu.allocate(2, 3)) {
            DeviceMatrix images = gpu.view(buffer, 0, 2, 16), overlapping = gpu.view(buffer, 4, 2, 16);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> gpu.cropFlip(new ImageShape(1, 4, 4), 1, images, draws, overlapping));
            assertTrue(e.getMessage().contains("output overlaps images"), e.getMessage());
        }
    }

    /** Uploads {@code operands} to both backends as offset views, runs {@code op} on each, and compares every operand's bits. */
    private static void assertSameBits(String what, List<Matrix> operands, BiConsumer<ImageOps, List<DeviceMatrix>> op) {
        try (MemoryScope g = new MemoryScope(gpu); MemoryScope c = new MemoryScope(cpu)) {
            List<DeviceMatrix> onGpu = views(g, gpu, operands), onCpu = views(c, cpu, operands);
            op.accept(gpu, onGpu);
            op.accept(cpu, onCpu);
            for (int i = 0; i < operands.size(); i++) {
                assertArrayEquals(cpu.download(onCpu.get(i)).data(), gpu.download(onGpu.get(i)).data(),
                        what + ": operand " + i + " (" + operands.get(i).rows() + "x" + operands.get(i).cols() + ") differs from the CPU's");
            }
        }
    }

    private static List<DeviceMatrix> views(MemoryScope scope, org.netgeom.tensor.Backend backend, List<Matrix> operands) {
        List<DeviceMatrix> views = new ArrayList<>();
        for (Matrix m : operands) {
            DeviceMatrix buffer = scope.allocate(1, VIEW_OFFSET + m.size());
            DeviceMatrix view = backend.view(buffer, VIEW_OFFSET, m.rows(), m.cols());
            backend.upload(m, view);
            views.add(view);
        }
        return views;
    }

    private static Matrix gaussian(Random random, int rows, int cols) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) m.data()[i] = (float) random.nextGaussian();
        return m;
    }

    private static Matrix sentinel(int rows, int cols) {
        Matrix m = new Matrix(rows, cols);
        java.util.Arrays.fill(m.data(), SENTINEL);
        return m;
    }
}
