package org.netgeom.tensor;

/**
 * One pooling's sizes: images C x H x W, a kernelHeight x kernelWidth window moved by the same
 * amounts (no overlap, no padding, the remainder dropped), as PyTorch's {@code MaxPool2d(k)} and
 * {@code AvgPool2d(k)}; a window of the whole image is global average pooling.
 */
public record PoolGeometry(int channels, int height, int width, int kernelHeight, int kernelWidth) {
    public PoolGeometry {
        if (channels < 1 || kernelHeight < 1 || kernelWidth < 1 || height < kernelHeight || width < kernelWidth) {
            throw new InvalidInputException("pooling needs a window inside the image, got a " + kernelHeight + "x" + kernelWidth
                    + " window on " + channels + "x" + height + "x" + width);
        }
    }

    /** The square window K x K. */
    public static PoolGeometry square(int channels, int height, int width, int kernel) {
        return new PoolGeometry(channels, height, width, kernel, kernel);
    }

    /** The whole image as one window: global average pooling. */
    public static PoolGeometry global(int channels, int height, int width) {
        return new PoolGeometry(channels, height, width, height, width);
    }

    public int outputHeight() { return height / kernelHeight; }

    public int outputWidth() { return width / kernelWidth; }

    public int imageSize() { return channels * height * width; }

    public int outputSize() { return channels * outputHeight() * outputWidth(); }
}
