// Column sums (bias gradients), row sums, and the float64 sum of all elements.
#include "netgeom.cuh"

// Block (32 x 8): threadIdx.x picks a column of the block's 32, threadIdx.y strides over rows;
// reads are coalesced along each row. out = alpha * sum + beta * out (beta == 0 ignores out).
extern "C" __global__ void sum_columns(const float* m, float* out, int rows, int cols, float alpha, float beta) {
    __shared__ float partial[8][33];
    int col = blockIdx.x * 32 + threadIdx.x;
    float sum = 0.f;
    if (col < cols) {
        for (int r = threadIdx.y; r < rows; r += 8) sum += m[(long long)r * cols + col];
    }
    partial[threadIdx.y][threadIdx.x] = sum;
    __syncthreads();
    if (threadIdx.y == 0 && col < cols) {
        float total = 0.f;
        for (int y = 0; y < 8; y++) total += partial[y][threadIdx.x];
        out[col] = beta == 0.f ? alpha * total : alpha * total + beta * out[col];
    }
}

// One warp per row.
extern "C" __global__ void sum_rows(const float* m, float* out, int rows, int cols) {
    int row = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
    int lane = threadIdx.x % 32;
    if (row >= rows) return;
    float sum = 0.f;
    for (int c = lane; c < cols; c += 32) sum += m[(long long)row * cols + c];
    sum = warp_sum(sum);
    if (lane == 0) out[row] = sum;
}

// result[0] += sum of m, accumulated in float64 (result must start at 0).
extern "C" __global__ void sum_all(const float* m, long long n, double* result) {
    __shared__ double warps[32];
    double sum = 0.0;
    NETGEOM_GRID_STRIDE(i, n) sum += m[i];
    sum = warp_sum_double(sum);
    int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    if (lane == 0) warps[warp] = sum;
    __syncthreads();
    if (warp == 0) {
        sum = lane < blockDim.x / 32 ? warps[lane] : 0.0;
        sum = warp_sum_double(sum);
        if (lane == 0) atomicAdd(result, sum);
    }
}
