// Bhattacharyya distances between prediction points (spec trajectory.md §2), for the
// trajectory measurements (backend/cuda/CudaBackend.bhattacharyyaDistances).
#include "netgeom.cuh"

#define BHAT_TILE 16
// (class, sample) slots per operand held in shared memory at once; each slot holds one value
// for each of the tile's 16 rows, padded to 17 so that the transposing stores hit distinct banks.
#define BHAT_SLOTS 128
#define BHAT_PAD 17

// Copies classes [c0, c0 + class_count) x samples [s0, s0 + sample_count) of the tile's 16 rows
// (from `base`) into tile[slot * BHAT_PAD + row], slot = c * sample_count + s; rows past `rows`
// read as 0. Consecutive threads read consecutive samples of one row.
__device__ __forceinline__ void bhat_load(const float* m, int rows, int base, long long cols, int samples, int c0,
                                          int class_count, int s0, int sample_count, float* tile) {
    const int tid = threadIdx.y * BHAT_TILE + threadIdx.x;
    const int slots = class_count * sample_count;
    for (int e = tid; e < BHAT_TILE * slots; e += BHAT_TILE * BHAT_TILE) {
        const int row = e / slots, slot = e % slots;
        const int c = slot / sample_count, s = slot % sample_count;
        const long long column = (long long)(c0 + c) * samples + s0 + s;
        tile[slot * BHAT_PAD + row] = base + row < rows ? m[(long long)(base + row) * cols + column] : 0.f;
    }
}

// sum_c a_tile[(c * sample_count + s), ty] * b_tile[(c * sample_count + s), tx] over c < class_count.
__device__ __forceinline__ float bhat_inner(const float* a_tile, const float* b_tile, int class_count, int sample_count,
                                            int s, float partial) {
    for (int c = 0; c < class_count; c++) {
        const int slot = c * sample_count + s;
        partial = fmaf(a_tile[slot * BHAT_PAD + threadIdx.y], b_tile[slot * BHAT_PAD + threadIdx.x], partial);
    }
    return partial;
}

// Block (16 x 16): thread (x, y) computes out[i, j] for a-row i = blockIdx.y * 16 + y and
// b-row j = blockIdx.x * 16 + x. Rows are class-major (element c * samples + s). When all
// classes fit in the slots, samples pass through shared memory in chunks of BHAT_SLOTS / classes;
// otherwise one sample at a time, its classes in chunks of BHAT_SLOTS. The per-sample inner
// product is float32, the sum of its clamped logs float64.
extern "C" __global__ void bhattacharyya_distances(const float* a, const float* b, float* out, int ka, int kb,
                                                   int classes, int samples, float floor) {
    __shared__ float a_tile[BHAT_SLOTS * BHAT_PAD];
    __shared__ float b_tile[BHAT_SLOTS * BHAT_PAD];
    const int a_base = blockIdx.y * BHAT_TILE, b_base = blockIdx.x * BHAT_TILE;
    const int i = a_base + threadIdx.y, j = b_base + threadIdx.x;
    const long long cols = (long long)classes * samples;
    double sum = 0.0;
    if (classes <= BHAT_SLOTS) {
        const int sample_chunk = BHAT_SLOTS / classes;
        for (int s0 = 0; s0 < samples; s0 += sample_chunk) {
            const int sample_count = min(sample_chunk, samples - s0);
            bhat_load(a, ka, a_base, cols, samples, 0, classes, s0, sample_count, a_tile);
            bhat_load(b, kb, b_base, cols, samples, 0, classes, s0, sample_count, b_tile);
            __syncthreads();
            for (int s = 0; s < sample_count; s++) {
                sum += (double)logf(fmaxf(bhat_inner(a_tile, b_tile, classes, sample_count, s, 0.f), floor));
            }
            __syncthreads();
        }
    } else {
        for (int s0 = 0; s0 < samples; s0++) {
            float coefficient = 0.f;
            for (int c0 = 0; c0 < classes; c0 += BHAT_SLOTS) {
                const int class_count = min(BHAT_SLOTS, classes - c0);
                bhat_load(a, ka, a_base, cols, samples, c0, class_count, s0, 1, a_tile);
                bhat_load(b, kb, b_base, cols, samples, c0, class_count, s0, 1, b_tile);
                __syncthreads();
                coefficient = bhat_inner(a_tile, b_tile, class_count, 1, 0, coefficient);
                __syncthreads();
            }
            sum += (double)logf(fmaxf(coefficient, floor));
        }
    }
    if (i < ka && j < kb) out[(long long)i * kb + j] = samples == 0 ? 0.f : (float)(-sum / samples);
}
