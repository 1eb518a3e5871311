// The image kernels of org.netgeom.tensor.ImageOps (convolutional networks): im2col/col2im, the
// layout changes and pooling. Every output is written by one thread that sums its inputs in the
// CPU backend's order (backend/cpu/CpuImageOps.java), with no atomics, so the results are the
// CPU's bits and the same on every run. Images are rows [N, C*H*W] (NCHW); a column matrix is
// [C*K*K, count*Ho*Wo]; indices are 64-bit because a column matrix may exceed 2^31 values.
#include "netgeom.cuh"
#include <math_constants.h>

// columns[(c, ky, kx), s*P + (oy, ox)] = images[first + s][c, oy*stride - padding + ky, ox*stride - padding + kx], 0 outside.
// One thread per column entry: consecutive threads write consecutive entries.
extern "C" __global__ void im2col(const float* images, float* columns, int first, int count, int channels, int height,
                                  int width, int kernel, int stride, int padding, int out_height, int out_width) {
    const long long positions = (long long)out_height * out_width, row_length = count * positions;
    const long long image_size = (long long)channels * height * width;
    const long long n = (long long)channels * kernel * kernel * row_length;
    NETGEOM_GRID_STRIDE(i, n) {
        const long long row = i / row_length, col = i - row * row_length;
        const int c = (int)(row / (kernel * kernel)), ky = (int)(row / kernel % kernel), kx = (int)(row % kernel);
        const long long s = col / positions;
        const int position = (int)(col - s * positions);
        const int y = position / out_width * stride - padding + ky, x = position % out_width * stride - padding + kx;
        columns[i] = y >= 0 && y < height && x >= 0 && x < width
                ? images[(first + s) * image_size + ((long long)c * height + y) * width + x] : 0.f;
    }
}

// The adjoint of im2col, by gathering: one thread per image pixel adds the column entries read from
// it in (ky, kx) order, starting from 0, as the CPU's scatter does (each (ky, kx) reaches a pixel
// from at most one output position), so the float32 sums are the CPU's.
extern "C" __global__ void col2im(const float* columns, float* images, int first, int count, int channels, int height,
                                  int width, int kernel, int stride, int padding, int out_height, int out_width) {
    const long long positions = (long long)out_height * out_width, row_length = count * positions;
    const long long image_size = (long long)channels * height * width;
    const long long n = count * image_size;
    NETGEOM_GRID_STRIDE(i, n) {
        const long long s = i / image_size;
        const int pixel = (int)(i - s * image_size);
        const int c = pixel / (height * width), y = pixel / width % height, x = pixel % width;
        float sum = 0.f;
        for (int ky = 0; ky < kernel; ky++) {
            const int dy = y + padding - ky;
            if (dy < 0 || dy % stride != 0 || dy / stride >= out_height) continue;
            for (int kx = 0; kx < kernel; kx++) {
                const int dx = x + padding - kx;
                if (dx < 0 || dx % stride != 0 || dx / stride >= out_width) continue;
                const long long row = ((long long)c * kernel + ky) * kernel + kx;
                sum += columns[row * row_length + s * positions + (long long)(dy / stride) * out_width + dx / stride];
            }
        }
        images[(first + s) * image_size + pixel] = sum;
    }
}

// to_samples = 1: samples[first + s][c*P + p] = channels[c, s*P + p] (channelsToSamples);
// to_samples = 0: the reverse copy (samplesToChannels). One thread per sample value.
extern "C" __global__ void channels_samples(float* channels, float* samples, int positions, int first, int count,
                                            int channel_count, int to_samples) {
    const long long sample_size = (long long)channel_count * positions, n = count * sample_size;
    const long long row_length = (long long)count * positions;
    NETGEOM_GRID_STRIDE(i, n) {
        const long long s = i / sample_size, value = i - s * sample_size;
        const long long c = value / positions, p = value - c * positions;
        float* sample = samples + (first + s) * sample_size + value;
        float* channel = channels + c * row_length + s * positions + p;
        if (to_samples) *sample = *channel; else *channel = *sample;
    }
}

// out[b][j][i] = in[b][i][j] for b < batch, in [batch][rows][cols]: toChannelsLast is rows = C,
// cols = P; fromChannelsLast rows = P, cols = C. 32 x 32 tiles through shared memory (a 32 x 8
// block, 4 rows per thread) so that reads and writes are both coalesced; grid z strides the batch.
extern "C" __global__ void transpose_batched(const float* in, float* out, int batch, int rows, int cols) {
    __shared__ float tile[32][33];
    const long long matrix = (long long)rows * cols;
    const int tile_col = blockIdx.x * 32, tile_row = blockIdx.y * 32;
    for (long long b = blockIdx.z; b < batch; b += gridDim.z) {
        const float* source = in + b * matrix;
        float* target = out + b * matrix;
        for (int r = threadIdx.y; r < 32; r += 8) {
            const int i = tile_row + r, j = tile_col + threadIdx.x;
            if (i < rows && j < cols) tile[r][threadIdx.x] = source[(long long)i * cols + j];
        }
        __syncthreads();
        for (int r = threadIdx.y; r < 32; r += 8) {
            const int j = tile_col + r, i = tile_row + threadIdx.x;
            if (i < rows && j < cols) target[(long long)j * rows + i] = tile[threadIdx.x][r];
        }
        __syncthreads();
    }
}

// One thread per output: the first maximum in row-major window order, a NaN winning at once (as
// the CPU and PyTorch); argmax holds the winner's index within the sample's image, as a float.
extern "C" __global__ void max_pool(const float* input, float* output, float* argmax, int samples, int channels,
                                    int height, int width, int kernel_height, int kernel_width) {
    const int out_height = height / kernel_height, out_width = width / kernel_width;
    const long long out_size = (long long)channels * out_height * out_width, image_size = (long long)channels * height * width;
    const long long n = samples * out_size;
    NETGEOM_GRID_STRIDE(i, n) {
        const long long sample = i / out_size;
        const int o = (int)(i - sample * out_size);
        const int c = o / (out_height * out_width), oy = o / out_width % out_height, ox = o % out_width;
        const float* image = input + sample * image_size;
        int best = (c * height + oy * kernel_height) * width + ox * kernel_width;
        float best_value = image[best];
        for (int dy = 0; dy < kernel_height && !isnan(best_value); dy++) {
            for (int dx = 0; dx < kernel_width; dx++) {
                const int index = (c * height + oy * kernel_height + dy) * width + ox * kernel_width + dx;
                const float value = image[index];
                if (value > best_value || isnan(value)) {
                    best = index;
                    best_value = value;
                    if (isnan(value)) break;
                }
            }
        }
        output[i] = best_value;
        argmax[i] = (float)best;
    }
}

// One thread per input pixel: windows do not overlap, so a pixel receives at most its window's
// gradient, when it was that window's winner. 0 + g as on the CPU (which zeroes, then adds), so a
// -0 gradient arrives as +0 on both.
extern "C" __global__ void max_pool_backward(const float* grad_output, const float* argmax, float* grad_input,
                                             int samples, int channels, int height, int width, int kernel_height,
                                             int kernel_width) {
    const int out_height = height / kernel_height, out_width = width / kernel_width;
    const long long out_size = (long long)channels * out_height * out_width, image_size = (long long)channels * height * width;
    const long long n = samples * image_size;
    NETGEOM_GRID_STRIDE(i, n) {
        const long long sample = i / image_size;
        const int pixel = (int)(i - sample * image_size);
        const int c = pixel / (height * width), oy = pixel / width % height / kernel_height,
                  ox = pixel % width / kernel_width;
        float grad = 0.f;
        if (oy < out_height && ox < out_width) {
            const long long o = sample * out_size + ((long long)c * out_height + oy) * out_width + ox;
            if ((int)argmax[o] == pixel) grad = 0.f + grad_output[o];
        }
        grad_input[i] = grad;
    }
}

// One thread per output: the window's sum in double, row-major, times the float32 1 / window (as the CPU).
extern "C" __global__ void average_pool(const float* input, float* output, int samples, int channels, int height,
                                        int width, int kernel_height, int kernel_width) {
    const int out_height = height / kernel_height, out_width = width / kernel_width;
    const long long out_size = (long long)channels * out_height * out_width, image_size = (long long)channels * height * width;
    const long long n = samples * out_size;
    const float scale = 1.f / (kernel_height * kernel_width);
    NETGEOM_GRID_STRIDE(i, n) {
        const long long sample = i / out_size;
        const int o = (int)(i - sample * out_size);
        const int c = o / (out_height * out_width), oy = o / out_width % out_height, ox = o % out_width;
        const float* window = input + sample * image_size + ((long long)c * height + oy * kernel_height) * width
                + ox * kernel_width;
        double sum = 0.0;
        for (int dy = 0; dy < kernel_height; dy++) {
            for (int dx = 0; dx < kernel_width; dx++) sum += window[(long long)dy * width + dx];
        }
        output[i] = (float)(sum * (double)scale);
    }
}

// One thread per input pixel: its window's gradient times 1 / window, 0 in the dropped remainder.
extern "C" __global__ void average_pool_backward(const float* grad_output, float* grad_input, int samples, int channels,
                                                 int height, int width, int kernel_height, int kernel_width) {
    const int out_height = height / kernel_height, out_width = width / kernel_width;
    const long long out_size = (long long)channels * out_height * out_width, image_size = (long long)channels * height * width;
    const long long n = samples * image_size;
    const float scale = 1.f / (kernel_height * kernel_width);
    NETGEOM_GRID_STRIDE(i, n) {
        const long long sample = i / image_size;
        const int pixel = (int)(i - sample * image_size);
        const int c = pixel / (height * width), oy = pixel / width % height / kernel_height,
                  ox = pixel % width / kernel_width;
        grad_input[i] = oy < out_height && ox < out_width
                ? grad_output[sample * out_size + ((long long)c * out_height + oy) * out_width + ox] * scale : 0.f;
    }
}

// ImageOps.cropFlip (torchvision's RandomCrop with zero padding, then RandomHorizontalFlip): one
// thread per output value; draws[n] = (oy, ox, flip) as floats. Offsets outside [0, 2 padding]
// (the CPU backend throws) fill the sample with NaN, caught by the loss check, rather than read
// outside the image.
extern "C" __global__ void crop_flip(const float* images, const float* draws, float* output, int samples, int channels,
                                     int height, int width, int padding) {
    const long long image_size = (long long)channels * height * width, n = samples * image_size;
    NETGEOM_GRID_STRIDE(i, n) {
        const long long sample = i / image_size;
        const int pixel = (int)(i - sample * image_size);
        const int c = pixel / (height * width), y = pixel / width % height, x = pixel % width;
        const int oy = (int)draws[sample * 3], ox = (int)draws[sample * 3 + 1];
        const bool flip = draws[sample * 3 + 2] != 0.f;
        if (oy < 0 || oy > 2 * padding || ox < 0 || ox > 2 * padding) {
            output[i] = CUDART_NAN_F;
            continue;
        }
        const int sy = y + oy - padding, sx = (flip ? width - 1 - x : x) + ox - padding;
        output[i] = sy < 0 || sy >= height || sx < 0 || sx >= width
                ? 0.f : images[sample * image_size + ((long long)c * height + sy) * width + sx];
    }
}
