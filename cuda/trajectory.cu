// Bhattacharyya distances between prediction points (spec trajectory.md §2), for the
// trajectory measurements (backend/cuda/CudaBackend.bhattacharyyaDistances).
//
// A batched inner product with a log after every sample: for each output (i, j) and sample s,
// coefficient = sum_c a[i, c, s] b[j, c, s] (float32), then sum_s log(max(coefficient, floor))
// (float64). Register-tiled like a GEMM: a block of 16 x 16 threads owns 64 x 64 outputs, each
// thread 4 x 4 of them, so every value read from shared memory feeds 4 multiply-adds (the first
// version gave each thread one output: two shared loads per multiply-add, 64 outputs per row
// read, and a 256 x 256 launch filled only two blocks per multiprocessor).
#include "netgeom.cuh"

#define BHAT_THREADS 16                      // threads per block side
#define BHAT_PER_THREAD 4                    // outputs per thread side
#define BHAT_BLOCK (BHAT_THREADS * BHAT_PER_THREAD)  // 64 outputs per block side
// (class, sample) slots per operand in shared memory at once: 2 x 96 x 64 floats = 48 KB.
#define BHAT_SLOTS 96

// Copies classes [c0, c0 + class_count) x samples [s0, s0 + sample_count) of the block's 64 rows
// (from `base`) into tile[slot * 64 + row], slot = c * sample_count + s; rows past `rows` read
// as 0. Consecutive threads read consecutive samples of one (row, class) run.
__device__ __forceinline__ void bhat_load(const float* __restrict__ m, int rows, int base, long long cols, int samples,
                                          int c0, int class_count, int s0, int sample_count, float* tile) {
    const int tid = threadIdx.y * BHAT_THREADS + threadIdx.x;
    const int slots = class_count * sample_count;
    for (int e = tid; e < BHAT_BLOCK * slots; e += BHAT_THREADS * BHAT_THREADS) {
        const int row = e / slots, slot = e - row * slots;
        const int c = slot / sample_count, s = slot - c * sample_count;
        const long long column = (long long)(c0 + c) * samples + s0 + s;
        tile[slot * BHAT_BLOCK + row] = base + row < rows ? __ldg(m + (long long)(base + row) * cols + column) : 0.f;
    }
}

// acc[u][v] += sum over c < class_count of a_tile[slot, ty + 16u] * b_tile[slot, tx + 16v],
// slot = c * sample_count + s. Rows ty + 16u (not 4ty + u): a warp then reads 16 consecutive
// b values and 2 broadcast a values, free of bank conflicts.
__device__ __forceinline__ void bhat_inner(const float* a_tile, const float* b_tile, int class_count, int sample_count,
                                           int s, float acc[BHAT_PER_THREAD][BHAT_PER_THREAD]) {
    for (int c = 0; c < class_count; c++) {
        const int slot = c * sample_count + s;
        float av[BHAT_PER_THREAD], bv[BHAT_PER_THREAD];
#pragma unroll
        for (int u = 0; u < BHAT_PER_THREAD; u++) av[u] = a_tile[slot * BHAT_BLOCK + threadIdx.y + BHAT_THREADS * u];
#pragma unroll
        for (int v = 0; v < BHAT_PER_THREAD; v++) bv[v] = b_tile[slot * BHAT_BLOCK + threadIdx.x + BHAT_THREADS * v];
#pragma unroll
        for (int u = 0; u < BHAT_PER_THREAD; u++)
#pragma unroll
            for (int v = 0; v < BHAT_PER_THREAD; v++) acc[u][v] = fmaf(av[u], bv[v], acc[u][v]);
    }
}

__device__ __forceinline__ void bhat_add_logs(float acc[BHAT_PER_THREAD][BHAT_PER_THREAD], float floor,
                                              double sum[BHAT_PER_THREAD][BHAT_PER_THREAD]) {
#pragma unroll
    for (int u = 0; u < BHAT_PER_THREAD; u++)
#pragma unroll
        for (int v = 0; v < BHAT_PER_THREAD; v++) {
            sum[u][v] += (double)logf(fmaxf(acc[u][v], floor));
            acc[u][v] = 0.f;
        }
}

// Rows are class-major (element c * samples + s). When all classes fit in the slots, samples pass
// through shared memory in chunks of BHAT_SLOTS / classes; otherwise one sample at a time, its
// classes in chunks of BHAT_SLOTS. symmetric != 0 (a and b the same matrix): blocks below the
// diagonal exit and blocks above it also write the mirrored outputs, half the work; a diagonal
// block's out[i, j] and out[j, i] come from the same products in the same order, so the matrix
// is exactly symmetric.
extern "C" __global__ void __launch_bounds__(BHAT_THREADS * BHAT_THREADS)
bhattacharyya_distances(const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ out, int ka, int kb,
                        int classes, int samples, float floor, int symmetric) {
    if (symmetric && blockIdx.x < blockIdx.y) return;
    __shared__ float a_tile[BHAT_SLOTS * BHAT_BLOCK];
    __shared__ float b_tile[BHAT_SLOTS * BHAT_BLOCK];
    const int a_base = blockIdx.y * BHAT_BLOCK, b_base = blockIdx.x * BHAT_BLOCK;
    const long long cols = (long long)classes * samples;
    float acc[BHAT_PER_THREAD][BHAT_PER_THREAD];
    double sum[BHAT_PER_THREAD][BHAT_PER_THREAD];
#pragma unroll
    for (int u = 0; u < BHAT_PER_THREAD; u++)
#pragma unroll
        for (int v = 0; v < BHAT_PER_THREAD; v++) { acc[u][v] = 0.f; sum[u][v] = 0.0; }
    if (classes <= BHAT_SLOTS) {
        const int sample_chunk = BHAT_SLOTS / classes;
        for (int s0 = 0; s0 < samples; s0 += sample_chunk) {
            const int sample_count = min(sample_chunk, samples - s0);
            bhat_load(a, ka, a_base, cols, samples, 0, classes, s0, sample_count, a_tile);
            bhat_load(b, kb, b_base, cols, samples, 0, classes, s0, sample_count, b_tile);
            __syncthreads();
            for (int s = 0; s < sample_count; s++) {
                bhat_inner(a_tile, b_tile, classes, sample_count, s, acc);
                bhat_add_logs(acc, floor, sum);
            }
            __syncthreads();
        }
    } else {
        for (int s0 = 0; s0 < samples; s0++) {
            for (int c0 = 0; c0 < classes; c0 += BHAT_SLOTS) {
                const int class_count = min(BHAT_SLOTS, classes - c0);
                bhat_load(a, ka, a_base, cols, samples, c0, class_count, s0, 1, a_tile);
                bhat_load(b, kb, b_base, cols, samples, c0, class_count, s0, 1, b_tile);
                __syncthreads();
                bhat_inner(a_tile, b_tile, class_count, 1, 0, acc);
                __syncthreads();
            }
            bhat_add_logs(acc, floor, sum);
        }
    }
    const bool mirror = symmetric && blockIdx.x != blockIdx.y;
#pragma unroll
    for (int u = 0; u < BHAT_PER_THREAD; u++) {
        const int i = a_base + threadIdx.y + BHAT_THREADS * u;
#pragma unroll
        for (int v = 0; v < BHAT_PER_THREAD; v++) {
            const int j = b_base + threadIdx.x + BHAT_THREADS * v;
            if (i < ka && j < kb) {
                const float d = samples == 0 ? 0.f : (float)(-sum[u][v] / samples);
                out[(long long)i * kb + j] = d;
                if (mirror) out[(long long)j * kb + i] = d;
            }
        }
    }
}
