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
