package org.netgeom.tensor;

/**
 * The image kernels convolutional networks need beyond {@link Backend}'s dense algebra: a
 * convolution is {@link #im2col} then {@link Backend#gemm} (weights [out, C*K*K] times columns),
 * its input gradient the transposed product then {@link #col2im}. Images are rows of a matrix
 * [N, C*H*W] (row-major NCHW, as PyTorch); a column matrix is [C*K*K, n*Ho*Wo] for n samples, so
 * one GEMM serves a whole chunk of the batch and gives channel-major output [Cout, n*Ho*Wo],
 * which {@link #channelsToSamples} turns back into NCHW rows.
 *
 * <p>A backend offers these when it implements this interface (the CPU backend does; see
 * docs/methods/networks.md). Every operation is deterministic: the same inputs give the same
 * bits whatever the thread count.
 */
public interface ImageOps {

    /**
     * columns[(c, ky, kx), s * Ho*Wo + (oy, ox)] = images[first + s][c, oy*S - P + ky, ox*S - P + kx], 0 outside
     * the image, for samples s in [0, count). {@code columns} is [C*K*K, count * Ho*Wo].
     */
    void im2col(ConvolutionGeometry geometry, DeviceMatrix images, int first, int count, DeviceMatrix columns);

    /**
     * The adjoint of {@link #im2col}: adds every column entry back onto the pixel it was read from,
     * images[first + s] = sum of its entries (overwriting rows first .. first + count - 1 of {@code images}).
     */
    void col2im(ConvolutionGeometry geometry, DeviceMatrix columns, int first, int count, DeviceMatrix images);

    /**
     * Channel-major [C, count * P] (the product of a convolution chunk) to rows first .. first + count - 1
     * of sample-major [N, C * P]: samples[first + s][c * P + p] = channels[c, s * P + p].
     */
    void channelsToSamples(DeviceMatrix channels, int positions, int first, int count, DeviceMatrix samples);

    /** The inverse of {@link #channelsToSamples}: channels[c, s * P + p] = samples[first + s][c * P + p]. */
    void samplesToChannels(DeviceMatrix samples, int positions, int first, int count, DeviceMatrix channels);

    /**
     * NCHW rows [N, C * P] to channels-last [N * P, C]: out[n * P + p][c] = samples[n][c * P + p]
     * (per-channel statistics, e.g. BatchNorm2d, are then column statistics).
     */
    void toChannelsLast(DeviceMatrix samples, int positions, DeviceMatrix channelsLast);

    /** The inverse of {@link #toChannelsLast}: samples[n][c * P + p] = channelsLast[n * P + p][c]. */
    void fromChannelsLast(DeviceMatrix channelsLast, int positions, DeviceMatrix samples);

    /**
     * Max pooling of every row of {@code input} [N, C*H*W] into {@code output} [N, C*Ho*Wo];
     * {@code argmax} (same shape as output) receives the winning index within the sample's image
     * (first maximum in row-major window order; NaN wins, as in PyTorch), exact below 2^24.
     */
    void maxPool(PoolGeometry geometry, DeviceMatrix input, DeviceMatrix output, DeviceMatrix argmax);

    /** gradInput = 0 except gradInput[n][argmax[n][o]] += gradOutput[n][o]. */
    void maxPoolBackward(PoolGeometry geometry, DeviceMatrix gradOutput, DeviceMatrix argmax, DeviceMatrix gradInput);

    /** Average pooling (the window's mean) of every row; a whole-image window is global average pooling. */
    void averagePool(PoolGeometry geometry, DeviceMatrix input, DeviceMatrix output);

    /** gradInput[window pixel] = gradOutput[window] / window size. */
    void averagePoolBackward(PoolGeometry geometry, DeviceMatrix gradOutput, DeviceMatrix gradInput);

    /**
     * Random crop with zero padding, then horizontal flip, per sample (torchvision's
     * {@code RandomCrop(H, padding=P)} then {@code RandomHorizontalFlip()}): with {@code (oy, ox, f)}
     * the row of {@code draws} [N, 3] for sample n, oy and ox whole numbers in [0, 2P] and f 0 or
     * 1, output[n][c, y, x] = images[n][c, y + oy - P, x' + ox - P] where x' = W - 1 - x if f = 1,
     * else x; 0 where that pixel lies outside the image. {@code output} must not be {@code images}.
     */
    void cropFlip(ImageShape shape, int padding, DeviceMatrix images, DeviceMatrix draws, DeviceMatrix output);
}
