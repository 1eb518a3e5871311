package org.netgeom.tensor;

/**
 * One 2-D convolution's sizes: input images C x H x W, a square K x K kernel, stride and zero
 * padding, as PyTorch's {@code Conv2d}. Output size {@code floor((H + 2P - K) / S) + 1}.
 */
public record ConvolutionGeometry(int channels, int height, int width, int kernel, int stride, int padding) {
    public ConvolutionGeometry {
        if (channels < 1 || height < 1 || width < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new InvalidInputException("convolution geometry needs channels, height, width, kernel and stride >= 1 and"
                    + " padding >= 0, got " + channels + "x" + height + "x" + width + " kernel " + kernel + " stride " + stride
                    + " padding " + padding);
        }
        // Fields are assigned after this body, so the sizes come from the parameters.
        if (Math.floorDiv(height + 2 * padding - kernel, stride) < 0 || Math.floorDiv(width + 2 * padding - kernel, stride) < 0) {
            throw new InvalidInputException("a " + kernel + "x" + kernel + " kernel with padding " + padding + " does not fit a "
                    + height + "x" + width + " image");
        }
    }

    public int outputHeight() { return Math.floorDiv(height + 2 * padding - kernel, stride) + 1; }

    public int outputWidth() { return Math.floorDiv(width + 2 * padding - kernel, stride) + 1; }

    /** Output positions per image and channel, outputHeight * outputWidth. */
    public int outputPositions() { return outputHeight() * outputWidth(); }

    /** Rows of the column matrix: C * K * K, ordered (channel, kernel row, kernel column) as a flattened weight [out, C, K, K]. */
    public int patchSize() { return channels * kernel * kernel; }

    /** Values of one input image, C * H * W. */
    public int imageSize() { return channels * height * width; }
}
