package org.netgeom.backend.cuda;

import org.netgeom.tensor.ConvolutionGeometry;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.PoolGeometry;
import org.netgeom.tensor.ShapeMismatchException;
import org.netgeom.tensor.Shapes;

/**
 * The CUDA backend's {@link org.netgeom.tensor.ImageOps}: the kernels of cuda/images.cu, one
 * thread per output value summing in the CPU backend's order with no atomics, so every op gives
 * the CPU's bits (the GEMMs between them, in cuBLAS, are where the backends differ). Arguments
 * are checked by {@link Shapes} with the CPU's words before anything is queued.
 */
final class CudaImageOps {
    /** CUDA's limit on a grid's y and z dimensions. */
    private static final int MAX_GRID_YZ = 65535;

    private final Kernels kernels;

    CudaImageOps(Kernels kernels) {
        this.kernels = kernels;
    }

    void im2col(ConvolutionGeometry g, CudaMatrix images, int first, int count, CudaMatrix columns) {
        Shapes.requireColumnShapes("im2col", g, images, first, count, columns);
        kernels.launchElements("im2col", columns.size(), convolutionArgs(new KernelArgs().pointer(images.pointer())
                .pointer(columns.pointer()), g, first, count));
    }

    void col2im(ConvolutionGeometry g, CudaMatrix columns, int first, int count, CudaMatrix images) {
        Shapes.requireColumnShapes("col2im", g, images, first, count, columns);
        kernels.launchElements("col2im", (long) count * g.imageSize(), convolutionArgs(new KernelArgs().pointer(columns.pointer())
                .pointer(images.pointer()), g, first, count));
    }

    private static KernelArgs convolutionArgs(KernelArgs args, ConvolutionGeometry g, int first, int count) {
        return args.i32(first).i32(count).i32(g.channels()).i32(g.height()).i32(g.width()).i32(g.kernel()).i32(g.stride())
                .i32(g.padding()).i32(g.outputHeight()).i32(g.outputWidth());
    }

    void channelsToSamples(CudaMatrix channels, int positions, int first, int count, CudaMatrix samples) {
        int c = Shapes.requireChannelMajorShapes("channelsToSamples", channels, positions, first, count, samples);
        channelMajorCopy(channels, positions, first, count, samples, c, true);
    }

    void samplesToChannels(CudaMatrix samples, int positions, int first, int count, CudaMatrix channels) {
        int c = Shapes.requireChannelMajorShapes("samplesToChannels", channels, positions, first, count, samples);
        channelMajorCopy(channels, positions, first, count, samples, c, false);
    }

    private void channelMajorCopy(CudaMatrix channels, int positions, int first, int count, CudaMatrix samples, int c,
                                  boolean toSamples) {
        kernels.launchElements("channels_samples", channels.size(), new KernelArgs().pointer(channels.pointer())
                .pointer(samples.pointer()).i32(positions).i32(first).i32(count).i32(c).i32(toSamples ? 1 : 0));
    }

    /** Each sample's [C, P] block transposed to [P, C]. */
    void toChannelsLast(CudaMatrix samples, int positions, CudaMatrix channelsLast) {
        int c = Shapes.requireChannelsLastShapes("toChannelsLast", samples, positions, channelsLast);
        transposeEachSample("toChannelsLast", samples, channelsLast, samples.rows(), c, positions);
    }

    /** Each sample's [P, C] block transposed to [C, P]. */
    void fromChannelsLast(CudaMatrix channelsLast, int positions, CudaMatrix samples) {
        int c = Shapes.requireChannelsLastShapes("fromChannelsLast", samples, positions, channelsLast);
        transposeEachSample("fromChannelsLast", channelsLast, samples, samples.rows(), positions, c);
    }

    /** 32 x 32 tiles per 32 x 8 block (cuda/images.cu); grid z walks the samples. */
    private void transposeEachSample(String operation, CudaMatrix in, CudaMatrix out, int batch, int rows, int cols) {
        if (batch == 0 || rows == 0 || cols == 0) return;
        int tileRows = (rows + 31) / 32, tileCols = (cols + 31) / 32;
        if (tileRows > MAX_GRID_YZ) {
            throw new ShapeMismatchException(operation + ": " + rows + " rows per sample exceed the CUDA kernel's "
                    + 32L * MAX_GRID_YZ);
        }
        kernels.launch("transpose_batched", tileCols, tileRows, Math.min(batch, MAX_GRID_YZ), 32, 8,
                new KernelArgs().pointer(in.pointer()).pointer(out.pointer()).i32(batch).i32(rows).i32(cols));
    }

    void maxPool(PoolGeometry g, CudaMatrix input, CudaMatrix output, CudaMatrix argmax) {
        Shapes.requirePoolShapes("maxPool", g, input, output, argmax);
        kernels.launchElements("max_pool", output.size(), poolArgs(new KernelArgs().pointer(input.pointer())
                .pointer(output.pointer()).pointer(argmax.pointer()), g, input.rows()));
    }

    void maxPoolBackward(PoolGeometry g, CudaMatrix gradOutput, CudaMatrix argmax, CudaMatrix gradInput) {
        Shapes.requirePoolShapes("maxPoolBackward", g, gradInput, gradOutput, argmax);
        kernels.launchElements("max_pool_backward", gradInput.size(), poolArgs(new KernelArgs().pointer(gradOutput.pointer())
                .pointer(argmax.pointer()).pointer(gradInput.pointer()), g, gradInput.rows()));
    }

    void averagePool(PoolGeometry g, CudaMatrix input, CudaMatrix output) {
        Shapes.requirePoolShapes("averagePool", g, input, output, null);
        kernels.launchElements("average_pool", output.size(), poolArgs(new KernelArgs().pointer(input.pointer())
                .pointer(output.pointer()), g, input.rows()));
    }

    void averagePoolBackward(PoolGeometry g, CudaMatrix gradOutput, CudaMatrix gradInput) {
        Shapes.requirePoolShapes("averagePoolBackward", g, gradInput, gradOutput, null);
        kernels.launchElements("average_pool_backward", gradInput.size(), poolArgs(new KernelArgs()
                .pointer(gradOutput.pointer()).pointer(gradInput.pointer()), g, gradInput.rows()));
    }

    /**
     * Offsets outside [0, 2 padding] give a NaN sample (cuda/images.cu) where the CPU throws: a
     * kernel cannot, and checking would mean reading the draws back; Augmentation's are always inside.
     */
    void cropFlip(ImageShape shape, int padding, CudaMatrix images, CudaMatrix draws, CudaMatrix output) {
        Shapes.requireCropFlipShapes(shape, padding, images, draws, output);
        long imagesEnd = images.pointer() + 4L * images.size(), outputEnd = output.pointer() + 4L * output.size();
        if (output.pointer() < imagesEnd && images.pointer() < outputEnd) {
            throw new IllegalArgumentException("cropFlip: output overlaps images; give it its own buffer");
        }
        kernels.launchElements("crop_flip", output.size(), new KernelArgs().pointer(images.pointer()).pointer(draws.pointer())
                .pointer(output.pointer()).i32(images.rows()).i32(shape.channels()).i32(shape.height()).i32(shape.width())
                .i32(padding));
    }

    private static KernelArgs poolArgs(KernelArgs args, PoolGeometry g, int samples) {
        return args.i32(samples).i32(g.channels()).i32(g.height()).i32(g.width()).i32(g.kernelHeight()).i32(g.kernelWidth());
    }
}
