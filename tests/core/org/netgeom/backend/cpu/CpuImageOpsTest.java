package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netgeom.tensor.ConvolutionGeometry;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.PoolGeometry;
import org.netgeom.tensor.ShapeMismatchException;

/**
 * The CPU image kernels against float64 definitions: a convolution as im2col, GEMM and
 * channelsToSamples equals the direct sum (stride, padding, odd sizes); col2im is im2col's
 * adjoint; pooling and its backward match their definitions; and the bits do not depend on the
 * thread count.
 */
class CpuImageOpsTest {

    @ParameterizedTest(name = "C={0} H={1} W={2} K={3} S={4} P={5} Cout={6} N={7}")
    @CsvSource({"1, 5, 5, 3, 1, 0, 2, 1", "3, 7, 6, 3, 2, 1, 4, 3", "2, 9, 4, 1, 1, 0, 5, 2", "4, 8, 8, 5, 3, 2, 3, 2",
        "1, 3, 3, 3, 1, 1, 1, 4"})
    void convolutionByIm2colAndGemmEqualsTheDirectSum(int c, int h, int w, int k, int s, int p, int cout, int n) {
        ConvolutionGeometry g = new ConvolutionGeometry(c, h, w, k, s, p);
        Random random = new Random(c * 1000 + h * 100 + k * 10 + s);
        Matrix images = randomMatrix(n, g.imageSize(), random);
        Matrix weight = randomMatrix(cout, g.patchSize(), random);
        try (CpuBackend backend = new CpuBackend(2)) {
            Matrix ours = convolve(backend, g, images, weight, n);
            double[] reference = directConvolution(g, images, weight, cout, n);
            for (int i = 0; i < reference.length; i++) {
                assertEquals(reference[i], ours.data()[i], 1e-4 * (1 + Math.abs(reference[i])), "output " + i);
            }
        }
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        ConvolutionGeometry g = new ConvolutionGeometry(3, 7, 5, 3, 2, 1);
        int n = 2;
        Random random = new Random(7);
        Matrix images = randomMatrix(n, g.imageSize(), random);
        Matrix columns = randomMatrix(g.patchSize(), n * g.outputPositions(), random);
        try (CpuBackend backend = new CpuBackend(2);
             DeviceMatrix x = backend.upload(images); DeviceMatrix y = backend.upload(columns);
             DeviceMatrix im2col = backend.allocate(g.patchSize(), n * g.outputPositions());
             DeviceMatrix col2im = backend.allocate(n, g.imageSize())) {
            backend.im2col(g, x, 0, n, im2col);
            backend.col2im(g, y, 0, n, col2im);
            // <im2col(x), y> = <x, col2im(y)>: the input gradient of a convolution is col2im of W^T times its output gradient.
            double left = dot(backend.download(im2col).data(), columns.data());
            double right = dot(images.data(), backend.download(col2im).data());
            assertEquals(left, right, 1e-4 * Math.abs(left));
        }
    }

    @Test
    void maxPoolPicksTheFirstMaximumAndRoutesTheGradientThere() {
        PoolGeometry g = PoolGeometry.square(2, 5, 4, 2); // 5 rows: the last is dropped, as PyTorch's floor mode
        Random random = new Random(3);
        Matrix images = randomMatrix(3, g.imageSize(), random);
        images.data()[1] = images.data()[0]; // a tie in the first window: the first one wins
        images.data()[g.imageSize() + 5] = Float.NaN; // row 1, column 1 of sample 1: NaN wins its window, as in PyTorch
        Matrix gradient = randomMatrix(3, g.outputSize(), random);
        try (CpuBackend backend = new CpuBackend(2);
             DeviceMatrix x = backend.upload(images); DeviceMatrix out = backend.allocate(3, g.outputSize());
             DeviceMatrix argmax = backend.allocate(3, g.outputSize()); DeviceMatrix gy = backend.upload(gradient);
             DeviceMatrix gx = backend.allocate(3, g.imageSize())) {
            backend.maxPool(g, x, out, argmax);
            backend.maxPoolBackward(g, gy, argmax, gx);
            float[] pooled = backend.download(out).data(), winners = backend.download(argmax).data();
            float[] gradInput = backend.download(gx).data();
            double[] expectedGrad = new double[3 * g.imageSize()];
            for (int sample = 0; sample < 3; sample++) {
                for (int ch = 0; ch < 2; ch++) {
                    for (int oy = 0; oy < 2; oy++) {
                        for (int ox = 0; ox < 2; ox++) {
                            int best = -1;
                            float bestValue = 0;
                            for (int dy = 0; dy < 2; dy++) {
                                for (int dx = 0; dx < 2; dx++) {
                                    int index = ch * 20 + (oy * 2 + dy) * 4 + ox * 2 + dx;
                                    float v = images.data()[sample * g.imageSize() + index];
                                    if (best < 0 || v > bestValue || Float.isNaN(v) && !Float.isNaN(bestValue)) {
                                        best = index;
                                        bestValue = v;
                                    }
                                }
                            }
                            int o = sample * g.outputSize() + (ch * 2 + oy) * 2 + ox;
                            assertEquals(bestValue, pooled[o], "max of window " + o);
                            assertEquals(best, (int) winners[o], "argmax of window " + o);
                            expectedGrad[sample * g.imageSize() + best] += gradient.data()[o];
                        }
                    }
                }
            }
            assertEquals(0, (int) winners[0], "the first of two equal values wins");
            assertTrue(Float.isNaN(pooled[g.outputSize()]), "NaN propagates");
            for (int i = 0; i < expectedGrad.length; i++) assertEquals(expectedGrad[i], gradInput[i], 1e-6, "gradient " + i);
        }
    }

    @Test
    void globalAveragePoolIsTheMeanAndSpreadsItsGradientEvenly() {
        PoolGeometry g = PoolGeometry.global(3, 7, 5);
        Random random = new Random(5);
        Matrix images = randomMatrix(2, g.imageSize(), random);
        Matrix gradient = randomMatrix(2, 3, random);
        try (CpuBackend backend = new CpuBackend(2);
             DeviceMatrix x = backend.upload(images); DeviceMatrix out = backend.allocate(2, 3);
             DeviceMatrix gy = backend.upload(gradient); DeviceMatrix gx = backend.allocate(2, g.imageSize())) {
            backend.averagePool(g, x, out);
            backend.averagePoolBackward(g, gy, gx);
            float[] mean = backend.download(out).data(), gradInput = backend.download(gx).data();
            for (int sample = 0; sample < 2; sample++) {
                for (int ch = 0; ch < 3; ch++) {
                    double sum = 0;
                    for (int i = 0; i < 35; i++) sum += images.data()[sample * g.imageSize() + ch * 35 + i];
                    assertEquals(sum / 35, mean[sample * 3 + ch], 1e-6);
                    for (int i = 0; i < 35; i++) {
                        assertEquals(gradient.data()[sample * 3 + ch] / 35.0, gradInput[sample * g.imageSize() + ch * 35 + i], 1e-7);
                    }
                }
            }
        }
    }

    @Test
    void theBitsDoNotDependOnTheThreadCount() {
        ConvolutionGeometry g = new ConvolutionGeometry(8, 28, 28, 3, 1, 1);
        int n = 16;
        Random random = new Random(11);
        Matrix images = randomMatrix(n, g.imageSize(), random);
        Matrix weight = randomMatrix(16, g.patchSize(), random);
        Matrix one, two;
        try (CpuBackend backend = new CpuBackend(1)) {
            one = convolve(backend, g, images, weight, n);
        }
        try (CpuBackend backend = new CpuBackend(2)) {
            two = convolve(backend, g, images, weight, n);
        }
        assertArrayEquals(one.data(), two.data());
    }

    @Test
    void wrongShapesNameTheOperation() {
        ConvolutionGeometry g = new ConvolutionGeometry(1, 4, 4, 3, 1, 0);
        try (CpuBackend backend = new CpuBackend(1);
             DeviceMatrix images = backend.allocate(2, 16); DeviceMatrix columns = backend.allocate(9, 3)) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> backend.im2col(g, images, 0, 2, columns));
            assertTrue(e.getMessage().contains("im2col columns must be 9x8"), e.getMessage());
            assertThrows(ShapeMismatchException.class, () -> backend.im2col(g, images, 1, 2, columns));
        }
    }

    /** im2col of all samples, W times the columns, back to sample-major rows: the convolution without bias. */
    private static Matrix convolve(CpuBackend backend, ConvolutionGeometry g, Matrix images, Matrix weight, int n) {
        int cout = weight.rows();
        try (DeviceMatrix x = backend.upload(images); DeviceMatrix w = backend.upload(weight);
             DeviceMatrix columns = backend.allocate(g.patchSize(), n * g.outputPositions());
             DeviceMatrix product = backend.allocate(cout, n * g.outputPositions());
             DeviceMatrix out = backend.allocate(n, cout * g.outputPositions())) {
            backend.im2col(g, x, 0, n, columns);
            backend.gemm(false, false, 1f, w, columns, 0f, product);
            backend.channelsToSamples(product, g.outputPositions(), 0, n, out);
            try (DeviceMatrix back = backend.allocate(cout, n * g.outputPositions())) {
                backend.samplesToChannels(out, g.outputPositions(), 0, n, back);
                assertArrayEquals(backend.download(product).data(), backend.download(back).data(), "samplesToChannels inverts");
            }
            return backend.download(out);
        }
    }

    private static double[] directConvolution(ConvolutionGeometry g, Matrix images, Matrix weight, int cout, int n) {
        int outH = g.outputHeight(), outW = g.outputWidth(), k = g.kernel();
        double[] out = new double[n * cout * outH * outW];
        for (int sample = 0; sample < n; sample++) {
            for (int co = 0; co < cout; co++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        double sum = 0;
                        for (int c = 0; c < g.channels(); c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int y = oy * g.stride() - g.padding() + ky, x = ox * g.stride() - g.padding() + kx;
                                    if (y < 0 || y >= g.height() || x < 0 || x >= g.width()) continue;
                                    sum += (double) weight.data()[co * g.patchSize() + (c * k + ky) * k + kx]
                                            * images.data()[sample * g.imageSize() + (c * g.height() + y) * g.width() + x];
                                }
                            }
                        }
                        out[((sample * cout + co) * outH + oy) * outW + ox] = sum;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void cropFlipIsAPaddedCropThenAMirrorImage() {
        ImageShape shape = new ImageShape(2, 5, 4);
        int padding = 2, n = 6;
        Matrix images = randomMatrix(n, shape.size(), new Random(11));
        // Every corner of the offset range, the middle, and each with and without the flip.
        float[] draws = {0, 0, 0, 4, 4, 1, 0, 4, 1, 4, 0, 0, 2, 2, 0, 2, 2, 1};
        try (CpuBackend backend = new CpuBackend(2); DeviceMatrix x = backend.upload(images);
             DeviceMatrix d = backend.upload(new Matrix(n, 3, draws)); DeviceMatrix out = backend.allocate(n, shape.size())) {
            backend.cropFlip(shape, padding, x, d, out);
            float[] ours = backend.download(out).data();
            for (int s = 0; s < n; s++) {
                float[] expected = paddedCropFlip(images, s, shape, padding, (int) draws[3 * s], (int) draws[3 * s + 1], draws[3 * s + 2] == 1);
                float[] got = java.util.Arrays.copyOfRange(ours, s * shape.size(), (s + 1) * shape.size());
                assertArrayEquals(expected, got, "sample " + s);
            }
            // Offsets (P, P) without a flip give the image back.
            float[] centre = java.util.Arrays.copyOfRange(ours, 4 * shape.size(), 5 * shape.size());
            assertArrayEquals(java.util.Arrays.copyOfRange(images.data(), 4 * shape.size(), 5 * shape.size()), centre);
        }
    }

    @Test
    void cropFlipRefusesOffsetsOutsideThePaddingAndAnOutputOverlappingItsInput() {
        ImageShape shape = new ImageShape(1, 3, 3);
        try (CpuBackend backend = new CpuBackend(1); DeviceMatrix x = backend.upload(randomMatrix(1, 9, new Random(1)));
             DeviceMatrix d = backend.upload(new Matrix(1, 3, new float[] {3, 0, 0})); DeviceMatrix out = backend.allocate(1, 9)) {
            IllegalArgumentException far = assertThrows(IllegalArgumentException.class, () -> backend.cropFlip(shape, 1, x, d, out));
            assertTrue(far.getMessage().contains("[0, 2]"), far.getMessage());
            backend.upload(new Matrix(1, 3, new float[] {1, 1, 0}), d);
            IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> backend.cropFlip(shape, 1, x, d, x));
            assertTrue(same.getMessage().contains("overlaps"), same.getMessage());
        }
    }

    /** torchvision's order, spelled out: pad with zeros, take the H x W window at (oy, ox), then mirror it. */
    private static float[] paddedCropFlip(Matrix images, int sample, ImageShape shape, int padding, int oy, int ox, boolean flip) {
        int c = shape.channels(), h = shape.height(), w = shape.width(), ph = h + 2 * padding, pw = w + 2 * padding;
        float[] padded = new float[c * ph * pw];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    padded[(ch * ph + y + padding) * pw + x + padding] = images.get(sample, (ch * h + y) * w + x);
                }
            }
        }
        float[] crop = new float[shape.size()];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) crop[(ch * h + y) * w + x] = padded[(ch * ph + y + oy) * pw + x + ox];
            }
        }
        if (!flip) return crop;
        float[] mirrored = new float[crop.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) mirrored[(ch * h + y) * w + x] = crop[(ch * h + y) * w + (w - 1 - x)];
            }
        }
        return mirrored;
    }

    private static Matrix randomMatrix(int rows, int cols, Random random) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = (float) random.nextGaussian();
        return m;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
        return sum;
    }
}
