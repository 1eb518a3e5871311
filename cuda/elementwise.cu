// Element-wise operations and the mini-batch gather.
#include "netgeom.cuh"
#include <math_constants.h>

extern "C" __global__ void axpy(float alpha, const float* x, float* y, long long n) {
    NETGEOM_GRID_STRIDE(i, n) y[i] += alpha * x[i];
}

extern "C" __global__ void scale(float alpha, float* x, long long n) {
    NETGEOM_GRID_STRIDE(i, n) x[i] *= alpha;
}

extern "C" __global__ void multiply(const float* a, const float* b, float* out, long long n) {
    NETGEOM_GRID_STRIDE(i, n) out[i] = a[i] * b[i];
}

extern "C" __global__ void add_scaled(float alpha, const float* a, float beta, const float* b, float* out, long long n) {
    NETGEOM_GRID_STRIDE(i, n) out[i] = alpha * a[i] + beta * b[i];
}

// out[r, :] = source[indices[offset + r], :]. An index outside the source fills the row with NaN
// (caught by the loss check) instead of reading out of bounds.
extern "C" __global__ void gather_rows(const float* source, const float* indices, int offset, float* out, int rows,
                                       int cols, int source_rows) {
    long long n = (long long)rows * cols;
    NETGEOM_GRID_STRIDE(i, n) {
        int r = (int)(i / cols), c = (int)(i % cols);
        int row = (int)indices[offset + r];
        out[i] = row >= 0 && row < source_rows ? source[(long long)row * cols + c] : CUDART_NAN_F;
    }
}
