// Bhattacharyya distances between prediction points (spec trajectory.md §2), for the
// trajectory measurements (backend/cuda/CudaBackend.bhattacharyyaDistances).
//
// A batched inner product with a log after every sample: for each output (i, j) and sample s,
// coefficient = sum_c a[i, c, s] b[j, c, s] (float32), then sum_s log(max(coefficient, floor))
// (float64). Register-tiled like a GEMM: a block of 16 x 16 threads owns 64 x 64 outputs, each
// thread 4 x 4 of them, so every value read from shared memory feeds 4 multiply-adds (the first
// version gave each thread one output: two shared loads per multiply-add, 64 outputs per row
// read, and a 256 x 256 launch filled only two blocks per multiprocessor). Blocks along z take
// disjoint ranges of samples and write float64 partial sums that bhattacharyya_reduce adds in a
// fixed order, so even a few hundred outputs fill the GPU and the result is deterministic.
// Logs: sum_s log(c_s) = log(prod_s c_s). Each output keeps the product of its clamped float32
// coefficients in float64, renormalized every BHAT_RENORMALIZE samples into a mantissa in
// [0.5, 1) and an integer power of two (each factor >= floor = 1e-12, so 16 of them stay above
// 1e-192, far from underflow); one float64 log at the end. That replaces a logf per sample and
// output (the first version's limit) by a float64 multiply, and is more accurate.
#include "netgeom.cuh"

#define BHAT_THREADS 16                      // threads per block side
#define BHAT_PER_THREAD 4                    // outputs per thread side
#define BHAT_BLOCK (BHAT_THREADS * BHAT_PER_THREAD)  // 64 outputs per block side
// (class, sample) slots per operand in shared memory at once: 2 x 96 x 64 floats = 48 KB.
#define BHAT_SLOTS 96
#define BHAT_RENORMALIZE 16

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

// Multiplies each output's clamped coefficient into its product (and clears the coefficient);
// every BHAT_RENORMALIZE factors moves each product's binary exponent into `exponent`.
__device__ __forceinline__ void bhat_add_factor(float acc[BHAT_PER_THREAD][BHAT_PER_THREAD], float floor,
                                                double product[BHAT_PER_THREAD][BHAT_PER_THREAD],
                                                int exponent[BHAT_PER_THREAD][BHAT_PER_THREAD], int& factors) {
#pragma unroll
    for (int u = 0; u < BHAT_PER_THREAD; u++)
#pragma unroll
        for (int v = 0; v < BHAT_PER_THREAD; v++) {
            product[u][v] *= (double)fmaxf(acc[u][v], floor);
            acc[u][v] = 0.f;
        }
    if (++factors == BHAT_RENORMALIZE) {
#pragma unroll
        for (int u = 0; u < BHAT_PER_THREAD; u++)
#pragma unroll
            for (int v = 0; v < BHAT_PER_THREAD; v++) {
                // product = m 2^e with m in [0.5, 1): keep m, count e (the product is a normal number > 0).
                const int high = __double2hiint(product[u][v]);
                exponent[u][v] += ((high >> 20) & 0x7ff) - 1022;
                product[u][v] = __hiloint2double((high & 0x800fffff) | (1022 << 20), __double2loint(product[u][v]));
            }
        factors = 0;
    }
}

// Rows are class-major (element c * samples + s). Block z sums samples [z * per, (z + 1) * per)
// (per = ceil(samples / gridDim.z)) into partial[z, i, j] (float64, ka x kb per z). When all
// classes fit in the slots, samples pass through shared memory in chunks of BHAT_SLOTS / classes;
// otherwise one sample at a time, its classes in chunks of BHAT_SLOTS. symmetric != 0 (a and b the
// same matrix): blocks below the diagonal exit and blocks above it also write the mirrored
// outputs, half the work; a diagonal block's (i, j) and (j, i) come from the same products in the
// same order, so the matrix is exactly symmetric.
extern "C" __global__ void __launch_bounds__(BHAT_THREADS * BHAT_THREADS)
bhattacharyya_distances(const float* __restrict__ a, const float* __restrict__ b, double* __restrict__ partial, int ka,
                        int kb, int classes, int samples, float floor, int symmetric) {
    if (symmetric && blockIdx.x < blockIdx.y) return;
    __shared__ float a_tile[BHAT_SLOTS * BHAT_BLOCK];
    __shared__ float b_tile[BHAT_SLOTS * BHAT_BLOCK];
    const int a_base = blockIdx.y * BHAT_BLOCK, b_base = blockIdx.x * BHAT_BLOCK;
    const long long cols = (long long)classes * samples;
    const int per = (samples + gridDim.z - 1) / gridDim.z;
    const int first = min(samples, (int)blockIdx.z * per), last = min(samples, first + per);
    float acc[BHAT_PER_THREAD][BHAT_PER_THREAD];
    double product[BHAT_PER_THREAD][BHAT_PER_THREAD];
    int exponent[BHAT_PER_THREAD][BHAT_PER_THREAD];
#pragma unroll
    for (int u = 0; u < BHAT_PER_THREAD; u++)
#pragma unroll
        for (int v = 0; v < BHAT_PER_THREAD; v++) { acc[u][v] = 0.f; product[u][v] = 1.0; exponent[u][v] = 0; }
    int factors = 0;
    if (classes <= BHAT_SLOTS) {
        const int sample_chunk = BHAT_SLOTS / classes;
        for (int s0 = first; s0 < last; s0 += sample_chunk) {
            const int sample_count = min(sample_chunk, last - s0);
            bhat_load(a, ka, a_base, cols, samples, 0, classes, s0, sample_count, a_tile);
            bhat_load(b, kb, b_base, cols, samples, 0, classes, s0, sample_count, b_tile);
            __syncthreads();
            for (int s = 0; s < sample_count; s++) {
                bhat_inner(a_tile, b_tile, classes, sample_count, s, acc);
                bhat_add_factor(acc, floor, product, exponent, factors);
            }
            __syncthreads();
        }
    } else {
        for (int s0 = first; s0 < last; s0++) {
            for (int c0 = 0; c0 < classes; c0 += BHAT_SLOTS) {
                const int class_count = min(BHAT_SLOTS, classes - c0);
                bhat_load(a, ka, a_base, cols, samples, c0, class_count, s0, 1, a_tile);
                bhat_load(b, kb, b_base, cols, samples, c0, class_count, s0, 1, b_tile);
                __syncthreads();
                bhat_inner(a_tile, b_tile, class_count, 1, 0, acc);
                __syncthreads();
            }
            bhat_add_factor(acc, floor, product, exponent, factors);
        }
    }
    double* out = partial + (long long)blockIdx.z * ka * kb;
    const bool mirror = symmetric && blockIdx.x != blockIdx.y;
#pragma unroll
    for (int u = 0; u < BHAT_PER_THREAD; u++) {
        const int i = a_base + threadIdx.y + BHAT_THREADS * u;
#pragma unroll
        for (int v = 0; v < BHAT_PER_THREAD; v++) {
            const int j = b_base + threadIdx.x + BHAT_THREADS * v;
            if (i < ka && j < kb) {
                const double sum = log(product[u][v]) + exponent[u][v] * 0.69314718055994530942;
                out[(long long)i * kb + j] = sum;
                if (mirror) out[(long long)j * kb + i] = sum;
            }
        }
    }
}

// out[e] = -(sum over z of partial[z, e]) / samples, z in order; n = ka * kb.
extern "C" __global__ void bhattacharyya_reduce(const double* partial, float* out, long long n, int splits, int samples) {
    NETGEOM_GRID_STRIDE(e, n) {
        double total = 0.0;
        for (int z = 0; z < splits; z++) total += partial[z * n + e];
        out[e] = samples == 0 ? 0.f : (float)(-total / samples);
    }
}
