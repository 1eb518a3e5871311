package org.netgeom.backend.cpu;

import org.netgeom.linalg.Parallel;
import org.netgeom.tensor.ConvolutionGeometry;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.PoolGeometry;
import org.netgeom.tensor.Shapes;

/**
 * The CPU's {@link org.netgeom.tensor.ImageOps}: plain loops over float arrays, split over the
 * backend's workers by independent outputs (a column row, a sample's channel, a sample), so each
 * output is summed in one fixed order whatever the thread count.
 */
final class CpuImageOps {
    /** Below this many values a loop stays on one thread. */
    private static final long PER_PART = 1 << 15;

    private final Parallel workers;

    CpuImageOps(Parallel workers) {
        this.workers = workers;
    }

    void im2col(ConvolutionGeometry g, CpuMatrix images, int first, int count, CpuMatrix columns) {
        Shapes.requireColumnShapes("im2col", g, images, first, count, columns);
        int positions = g.outputPositions();
        int k = g.kernel(), outH = g.outputHeight(), outW = g.outputWidth(), h = g.height(), w = g.width();
        int imageSize = g.imageSize(), stride = g.stride(), padding = g.padding();
        float[] in = images.data, out = columns.data;
        int rowLength = columns.cols();
        workers.forRange(g.patchSize(), Math.max(1, PER_PART / Math.max(1, rowLength)), (from, to) -> {
            for (int row = (int) from; row < to; row++) {
                int c = row / (k * k), ky = row / k % k, kx = row % k;
                int outBase = columns.offset + row * rowLength;
                for (int s = 0; s < count; s++) {
                    int inBase = images.offset + (first + s) * images.cols() + c * h * w;
                    int o = outBase + s * positions;
                    for (int oy = 0; oy < outH; oy++) {
                        int y = oy * stride - padding + ky;
                        if (y < 0 || y >= h) {
                            java.util.Arrays.fill(out, o, o + outW, 0f);
                            o += outW;
                            continue;
                        }
                        int inRow = inBase + y * w;
                        for (int ox = 0; ox < outW; ox++, o++) {
                            int x = ox * stride - padding + kx;
                            out[o] = x >= 0 && x < w ? in[inRow + x] : 0f;
                        }
                    }
                }
            }
        });
    }

    void col2im(ConvolutionGeometry g, CpuMatrix columns, int first, int count, CpuMatrix images) {
        Shapes.requireColumnShapes("col2im", g, images, first, count, columns);
        int positions = g.outputPositions();
        int k = g.kernel(), outH = g.outputHeight(), outW = g.outputWidth(), h = g.height(), w = g.width();
        int channels = g.channels(), stride = g.stride(), padding = g.padding();
        float[] in = columns.data, out = images.data;
        int rowLength = columns.cols();
        // One part per (sample, channel): its pixels receive only that channel's rows, in (ky, kx, oy, ox) order.
        workers.forRange((long) count * channels, Math.max(1, PER_PART / Math.max(1, h * w)), (from, to) -> {
            for (int unit = (int) from; unit < to; unit++) {
                int s = unit / channels, c = unit % channels;
                int imageBase = images.offset + (first + s) * images.cols() + c * h * w;
                java.util.Arrays.fill(out, imageBase, imageBase + h * w, 0f);
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        int source = columns.offset + ((c * k + ky) * k + kx) * rowLength + s * positions;
                        for (int oy = 0; oy < outH; oy++) {
                            int y = oy * stride - padding + ky;
                            if (y < 0 || y >= h) continue;
                            int target = imageBase + y * w;
                            int rowStart = source + oy * outW;
                            for (int ox = 0; ox < outW; ox++) {
                                int x = ox * stride - padding + kx;
                                if (x >= 0 && x < w) out[target + x] += in[rowStart + ox];
                            }
                        }
                    }
                }
            }
        });
    }

    void channelsToSamples(CpuMatrix channels, int positions, int first, int count, CpuMatrix samples) {
        int c = Shapes.requireChannelMajorShapes("channelsToSamples", channels, positions, first, count, samples);
        workers.forRange(count, Math.max(1, PER_PART / Math.max(1, samples.cols())), (from, to) -> {
            for (int s = (int) from; s < to; s++) {
                int target = samples.offset + (first + s) * samples.cols();
                for (int ch = 0; ch < c; ch++) {
                    System.arraycopy(channels.data, channels.offset + ch * channels.cols() + s * positions, samples.data,
                            target + ch * positions, positions);
                }
            }
        });
    }

    void samplesToChannels(CpuMatrix samples, int positions, int first, int count, CpuMatrix channels) {
        int c = Shapes.requireChannelMajorShapes("samplesToChannels", channels, positions, first, count, samples);
        workers.forRange(count, Math.max(1, PER_PART / Math.max(1, samples.cols())), (from, to) -> {
            for (int s = (int) from; s < to; s++) {
                int source = samples.offset + (first + s) * samples.cols();
                for (int ch = 0; ch < c; ch++) {
                    System.arraycopy(samples.data, source + ch * positions, channels.data,
                            channels.offset + ch * channels.cols() + s * positions, positions);
                }
            }
        });
    }

    void toChannelsLast(CpuMatrix samples, int positions, CpuMatrix channelsLast) {
        int c = Shapes.requireChannelsLastShapes("toChannelsLast", samples, positions, channelsLast);
        forEachSample(samples.rows(), samples.cols(), n -> {
            int source = samples.offset + n * samples.cols(), target = channelsLast.offset + n * positions * c;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < positions; p++) channelsLast.data[target + p * c + ch] = samples.data[source + ch * positions + p];
            }
        });
    }

    void fromChannelsLast(CpuMatrix channelsLast, int positions, CpuMatrix samples) {
        int c = Shapes.requireChannelsLastShapes("fromChannelsLast", samples, positions, channelsLast);
        forEachSample(samples.rows(), samples.cols(), n -> {
            int target = samples.offset + n * samples.cols(), source = channelsLast.offset + n * positions * c;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < positions; p++) samples.data[target + ch * positions + p] = channelsLast.data[source + p * c + ch];
            }
        });
    }

    void maxPool(PoolGeometry g, CpuMatrix input, CpuMatrix output, CpuMatrix argmax) {
        Shapes.requirePoolShapes("maxPool", g, input, output, argmax);
        int kh = g.kernelHeight(), kw = g.kernelWidth(), h = g.height(), w = g.width();
        int outH = g.outputHeight(), outW = g.outputWidth();
        forEachSample(input.rows(), input.cols(), n -> {
            int inBase = input.offset + n * input.cols(), outBase = output.offset + n * output.cols();
            int argBase = argmax.offset + n * argmax.cols();
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int best = c * h * w + oy * kh * w + ox * kw;
                        float bestValue = input.data[inBase + best];
                        for (int dy = 0; dy < kh && !Float.isNaN(bestValue); dy++) {
                            for (int dx = 0; dx < kw; dx++) {
                                int index = c * h * w + (oy * kh + dy) * w + ox * kw + dx;
                                float value = input.data[inBase + index];
                                if (value > bestValue || Float.isNaN(value)) {
                                    best = index;
                                    bestValue = value;
                                    if (Float.isNaN(value)) break;
                                }
                            }
                        }
                        int o = (c * outH + oy) * outW + ox;
                        output.data[outBase + o] = bestValue;
                        argmax.data[argBase + o] = best;
                    }
                }
            }
        });
    }

    void maxPoolBackward(PoolGeometry g, CpuMatrix gradOutput, CpuMatrix argmax, CpuMatrix gradInput) {
        Shapes.requirePoolShapes("maxPoolBackward", g, gradInput, gradOutput, argmax);
        forEachSample(gradInput.rows(), gradInput.cols(), n -> {
            int inBase = gradInput.offset + n * gradInput.cols();
            java.util.Arrays.fill(gradInput.data, inBase, inBase + gradInput.cols(), 0f);
            int outBase = gradOutput.offset + n * gradOutput.cols(), argBase = argmax.offset + n * argmax.cols();
            for (int o = 0; o < gradOutput.cols(); o++) {
                gradInput.data[inBase + (int) argmax.data[argBase + o]] += gradOutput.data[outBase + o];
            }
        });
    }

    void averagePool(PoolGeometry g, CpuMatrix input, CpuMatrix output) {
        Shapes.requirePoolShapes("averagePool", g, input, output, null);
        int kh = g.kernelHeight(), kw = g.kernelWidth(), h = g.height(), w = g.width();
        int outH = g.outputHeight(), outW = g.outputWidth();
        float scale = 1f / (kh * kw);
        forEachSample(input.rows(), input.cols(), n -> {
            int inBase = input.offset + n * input.cols(), outBase = output.offset + n * output.cols();
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        // The window sum in float64, in row-major order: the mean of 7 x 7 or 32 x 32 values keeps its digits.
                        double sum = 0;
                        for (int dy = 0; dy < kh; dy++) {
                            int row = inBase + c * h * w + (oy * kh + dy) * w + ox * kw;
                            for (int dx = 0; dx < kw; dx++) sum += input.data[row + dx];
                        }
                        output.data[outBase + (c * outH + oy) * outW + ox] = (float) (sum * scale);
                    }
                }
            }
        });
    }

    void averagePoolBackward(PoolGeometry g, CpuMatrix gradOutput, CpuMatrix gradInput) {
        Shapes.requirePoolShapes("averagePoolBackward", g, gradInput, gradOutput, null);
        int kh = g.kernelHeight(), kw = g.kernelWidth(), h = g.height(), w = g.width();
        int outH = g.outputHeight(), outW = g.outputWidth();
        float scale = 1f / (kh * kw);
        forEachSample(gradInput.rows(), gradInput.cols(), n -> {
            int inBase = gradInput.offset + n * gradInput.cols(), outBase = gradOutput.offset + n * gradOutput.cols();
            java.util.Arrays.fill(gradInput.data, inBase, inBase + gradInput.cols(), 0f);
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        float share = gradOutput.data[outBase + (c * outH + oy) * outW + ox] * scale;
                        for (int dy = 0; dy < kh; dy++) {
                            int row = inBase + c * h * w + (oy * kh + dy) * w + ox * kw;
                            for (int dx = 0; dx < kw; dx++) gradInput.data[row + dx] = share;
                        }
                    }
                }
            }
        });
    }

    void cropFlip(ImageShape shape, int padding, CpuMatrix images, CpuMatrix draws, CpuMatrix output) {
        int c = shape.channels(), h = shape.height(), w = shape.width(), size = shape.size();
        Shapes.requireCropFlipShapes(shape, padding, images, draws, output);
        if (output.data == images.data && output.offset < images.offset + (long) images.rows() * size
                && images.offset < output.offset + (long) output.rows() * size) {
            throw new IllegalArgumentException("cropFlip: output overlaps images; give it its own buffer");
        }
        forEachSample(images.rows(), size, n -> {
            int d = draws.offset + n * 3;
            int oy = (int) draws.data[d], ox = (int) draws.data[d + 1];
            boolean flip = draws.data[d + 2] != 0f;
            if (oy < 0 || oy > 2 * padding || ox < 0 || ox > 2 * padding) {
                throw new IllegalArgumentException("cropFlip: offsets (" + oy + ", " + ox + ") of sample " + n
                        + " must lie in [0, " + 2 * padding + "]");
            }
            int inBase = images.offset + n * size, outBase = output.offset + n * size;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    int sy = y + oy - padding;
                    int row = outBase + (ch * h + y) * w;
                    if (sy < 0 || sy >= h) {
                        java.util.Arrays.fill(output.data, row, row + w, 0f);
                        continue;
                    }
                    int src = inBase + (ch * h + sy) * w;
                    for (int x = 0; x < w; x++) {
                        int sx = (flip ? w - 1 - x : x) + ox - padding;
                        output.data[row + x] = sx < 0 || sx >= w ? 0f : images.data[src + sx];
                    }
                }
            }
        });
    }

    private void forEachSample(int samples, int valuesPerSample, java.util.function.IntConsumer body) {
        workers.forRange(samples, Math.max(1, PER_PART / Math.max(1, valuesPerSample)), (from, to) -> {
            for (int n = (int) from; n < to; n++) body.accept(n);
        });
    }
}
