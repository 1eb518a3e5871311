// Dropout masks and batch normalization (each column a feature over the batch rows). Column
// statistics use a 32 x 8 block per 32 columns, like sum_columns; sums run in double.
#include "netgeom.cuh"

// mask[i] = u_i >= rate ? 1 / (1 - rate) : 0, u_i Philox uniform element i (as philox_uniform with low 0, high 1).
extern "C" __global__ void dropout_mask(float* mask, long long n, unsigned long long seed, unsigned long long stream,
                                        float rate) {
    long long blocks = (n + 3) / 4;
    float keep = 1.f / (1.f - rate);
    NETGEOM_GRID_STRIDE(b, blocks) {
        uint32_t words[4];
        philox_block((unsigned long long)b, stream, seed, words);
        for (int lane = 0; lane < 4; lane++) {
            long long i = b * 4 + lane;
            if (i < n) {
                float u = (float)(words[lane] >> 8) * (1.0f / 16777216.0f);
                mask[i] = u >= rate ? keep : 0.f;
            }
        }
    }
}

// Per column: mean, biased variance, inv_std = 1 / sqrt(var + eps).
extern "C" __global__ void batchnorm_stats(const float* x, float* mean, float* variance, float* inv_std, int rows, int cols,
                                           float epsilon) {
    __shared__ double partial[8][33];
    __shared__ double column_mean[32];
    int col = blockIdx.x * 32 + threadIdx.x;
    double sum = 0.0;
    if (col < cols) for (int r = threadIdx.y; r < rows; r += 8) sum += x[(long long)r * cols + col];
    partial[threadIdx.y][threadIdx.x] = sum;
    __syncthreads();
    if (threadIdx.y == 0) {
        double total = 0.0;
        for (int y = 0; y < 8; y++) total += partial[y][threadIdx.x];
        column_mean[threadIdx.x] = total / rows;
    }
    __syncthreads();
    double m = column_mean[threadIdx.x], squares = 0.0;
    if (col < cols) {
        for (int r = threadIdx.y; r < rows; r += 8) {
            double d = x[(long long)r * cols + col] - m;
            squares += d * d;
        }
    }
    partial[threadIdx.y][threadIdx.x] = squares;
    __syncthreads();
    if (threadIdx.y == 0 && col < cols) {
        double total = 0.0;
        for (int y = 0; y < 8; y++) total += partial[y][threadIdx.x];
        double var = total / rows;
        mean[col] = (float)m;
        variance[col] = (float)var;
        inv_std[col] = (float)(1.0 / sqrt(var + epsilon));
    }
}

// normalized = (x - mean) * inv_std (skipped when null); y = gamma * normalized + beta.
extern "C" __global__ void batchnorm_apply(const float* x, const float* gamma, const float* beta, const float* mean,
                                           const float* inv_std, float* normalized, float* y, int rows, int cols) {
    long long n = (long long)rows * cols;
    NETGEOM_GRID_STRIDE(i, n) {
        int c = (int)(i % cols);
        float xhat = (x[i] - mean[c]) * inv_std[c];
        if (normalized != nullptr) normalized[i] = xhat;
        y[i] = gamma[c] * xhat + beta[c];
    }
}

// Inference with running statistics.
extern "C" __global__ void batchnorm_inference(const float* x, const float* gamma, const float* beta,
                                               const float* running_mean, const float* running_variance, float epsilon,
                                               float* y, int rows, int cols) {
    long long n = (long long)rows * cols;
    NETGEOM_GRID_STRIDE(i, n) {
        int c = (int)(i % cols);
        float inv = (float)(1.0 / sqrt((double)running_variance[c] + epsilon));
        y[i] = gamma[c] * ((x[i] - running_mean[c]) * inv) + beta[c];
    }
}

// grad_gamma = colsum(grad_y * normalized), grad_beta = colsum(grad_y).
extern "C" __global__ void batchnorm_backward_reduce(const float* grad_y, const float* normalized, float* grad_gamma,
                                                     float* grad_beta, int rows, int cols) {
    __shared__ double gamma_part[8][33];
    __shared__ double beta_part[8][33];
    int col = blockIdx.x * 32 + threadIdx.x;
    double g = 0.0, b = 0.0;
    if (col < cols) {
        for (int r = threadIdx.y; r < rows; r += 8) {
            long long i = (long long)r * cols + col;
            g += (double)grad_y[i] * normalized[i];
            b += grad_y[i];
        }
    }
    gamma_part[threadIdx.y][threadIdx.x] = g;
    beta_part[threadIdx.y][threadIdx.x] = b;
    __syncthreads();
    if (threadIdx.y == 0 && col < cols) {
        double tg = 0.0, tb = 0.0;
        for (int y = 0; y < 8; y++) { tg += gamma_part[y][threadIdx.x]; tb += beta_part[y][threadIdx.x]; }
        grad_gamma[col] = (float)tg;
        grad_beta[col] = (float)tb;
    }
}

// grad_x = gamma * inv_std / n * (n grad_y - grad_beta - normalized * grad_gamma); grad_x may be grad_y.
extern "C" __global__ void batchnorm_backward_apply(const float* grad_y, const float* normalized, const float* gamma,
                                                    const float* inv_std, const float* grad_gamma, const float* grad_beta,
                                                    float* grad_x, int rows, int cols) {
    long long n = (long long)rows * cols;
    NETGEOM_GRID_STRIDE(i, n) {
        int c = (int)(i % cols);
        double scale = (double)gamma[c] * inv_std[c] / rows;
        grad_x[i] = (float)(scale * ((double)rows * grad_y[i] - grad_beta[c] - (double)normalized[i] * grad_gamma[c]));
    }
}

// Tall matrices (BatchNorm2d's channels-last [N*H*W, C]: a hundred thousand rows, a few dozen
// columns) would leave the kernels above one block per 32 columns. These split the rows instead:
// block (x, split) of 32 x 8 threads covers rows [split * rows_per_split, ...) of 32 columns,
// thread y every 8th of them, and writes its double sum to partial[(split * 8 + y) * cols + col];
// the finalizing kernels add the partials of a column in that fixed order. No atomics, no shared
// memory: the same shapes give the same bits. Statistics take two passes, as batchnorm_stats.

// Pass 1 (centre == nullptr): sums of x. Pass 2: sums of (x - centre)^2, centre the double means.
extern "C" __global__ void batchnorm_partial_sums(const float* x, const double* centre, double* partial, int rows, int cols,
                                                  int rows_per_split) {
    const int col = blockIdx.x * 32 + threadIdx.x;
    if (col >= cols) return;
    const long long begin = (long long)blockIdx.y * rows_per_split;
    const long long end = min((long long)rows, begin + rows_per_split);
    const double c = centre == nullptr ? 0.0 : centre[col];
    double sum = 0.0;
    for (long long r = begin + threadIdx.y; r < end; r += 8) {
        const double v = x[r * cols + col];
        sum += centre == nullptr ? v : (v - c) * (v - c);
    }
    partial[((long long)blockIdx.y * 8 + threadIdx.y) * cols + col] = sum;
}

// One thread per column: the mean from pass 1's partials, as double (for pass 2) and float.
extern "C" __global__ void batchnorm_finalize_mean(const double* partial, int parts, int rows, int cols, double* centre,
                                                   float* mean) {
    NETGEOM_GRID_STRIDE(col, cols) {
        double total = 0.0;
        for (int p = 0; p < parts; p++) total += partial[(long long)p * cols + col];
        const double m = total / rows;
        centre[col] = m;
        mean[col] = (float)m;
    }
}

// One thread per column: biased variance and inv_std from pass 2's partials.
extern "C" __global__ void batchnorm_finalize_variance(const double* partial, int parts, int rows, int cols, float epsilon,
                                                       float* variance, float* inv_std) {
    NETGEOM_GRID_STRIDE(col, cols) {
        double total = 0.0;
        for (int p = 0; p < parts; p++) total += partial[(long long)p * cols + col];
        const double var = total / rows;
        variance[col] = (float)var;
        inv_std[col] = (float)(1.0 / sqrt(var + epsilon));
    }
}

// Backward: partial sums of grad_y * normalized (gamma) and grad_y (beta), as batchnorm_backward_reduce.
extern "C" __global__ void batchnorm_partial_backward(const float* grad_y, const float* normalized, double* gamma_partial,
                                                      double* beta_partial, int rows, int cols, int rows_per_split) {
    const int col = blockIdx.x * 32 + threadIdx.x;
    if (col >= cols) return;
    const long long begin = (long long)blockIdx.y * rows_per_split;
    const long long end = min((long long)rows, begin + rows_per_split);
    double g = 0.0, b = 0.0;
    for (long long r = begin + threadIdx.y; r < end; r += 8) {
        const long long i = r * cols + col;
        g += (double)grad_y[i] * normalized[i];
        b += grad_y[i];
    }
    const long long slot = ((long long)blockIdx.y * 8 + threadIdx.y) * cols + col;
    gamma_partial[slot] = g;
    beta_partial[slot] = b;
}

extern "C" __global__ void batchnorm_finalize_backward(const double* gamma_partial, const double* beta_partial, int parts,
                                                       int cols, float* grad_gamma, float* grad_beta) {
    NETGEOM_GRID_STRIDE(col, cols) {
        double g = 0.0, b = 0.0;
        for (int p = 0; p < parts; p++) {
            g += gamma_partial[(long long)p * cols + col];
            b += beta_partial[(long long)p * cols + col];
        }
        grad_gamma[col] = (float)g;
        grad_beta[col] = (float)b;
    }
}
