// Shared device helpers for netgeom's kernels. Every kernel is extern "C" so the Java side
// finds it by name (backend/cuda/Kernels.java); matrices are float32, row-major, and may be
// views (any element offset), so loads are scalar and grid-stride.
#pragma once
#include <stdint.h>

#define NETGEOM_GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long)gridDim.x * blockDim.x)

// Activation codes: the ordinal of org.netgeom.tensor.Activation.
enum { ACT_IDENTITY = 0, ACT_RELU = 1, ACT_TANH = 2, ACT_ERF = 3, ACT_GELU = 4 };

__device__ __forceinline__ float activate(int activation, float x) {
    switch (activation) {
        case ACT_RELU: return x > 0.f ? x : 0.f;
        case ACT_TANH: return tanhf(x);
        case ACT_ERF: return erff(x);
        case ACT_GELU: return 0.5f * x * (1.f + erff(x * 0.70710678118654752f));
        default: return x;
    }
}

__device__ __forceinline__ float activation_derivative(int activation, float x) {
    switch (activation) {
        case ACT_RELU: return x > 0.f ? 1.f : 0.f;
        case ACT_TANH: { float t = tanhf(x); return 1.f - t * t; }
        case ACT_ERF: return 1.12837916709551257f * expf(-x * x);
        case ACT_GELU: {
            float cdf = 0.5f * (1.f + erff(x * 0.70710678118654752f));
            float pdf = 0.39894228040143268f * expf(-0.5f * x * x);
            return cdf + x * pdf;
        }
        default: return 1.f;
    }
}

__device__ __forceinline__ float warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

__device__ __forceinline__ double warp_sum_double(double v) {
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
    return v;
}

// Philox4x32-10 block `block` of stream (seed, stream), exactly as org.netgeom.tensor.Philox.
__device__ __forceinline__ void philox_block(unsigned long long block, unsigned long long stream,
                                             unsigned long long seed, uint32_t out[4]) {
    uint32_t c0 = (uint32_t)block, c1 = (uint32_t)(block >> 32), c2 = (uint32_t)stream, c3 = (uint32_t)(stream >> 32);
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int round = 0; round < 10; round++) {
        uint32_t hi0 = __umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        uint32_t hi1 = __umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}
