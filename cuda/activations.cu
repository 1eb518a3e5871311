// Fused bias + activation forward, and the activation backward pass.
#include "netgeom.cuh"

// z[r, c] += bias[c] (kept for backward), out[r, c] = activation(z[r, c]).
extern "C" __global__ void bias_activation(float* z, const float* bias, float* out, int rows, int cols, int activation) {
    long long n = (long long)rows * cols;
    NETGEOM_GRID_STRIDE(i, n) {
        float value = z[i] + bias[i % cols];
        z[i] = value;
        out[i] = activate(activation, value);
    }
}

extern "C" __global__ void activation_forward(const float* in, float* out, long long n, int activation) {
    NETGEOM_GRID_STRIDE(i, n) out[i] = activate(activation, in[i]);
}

// gradIn = gradOut * activation'(z); gradIn may be gradOut.
extern "C" __global__ void activation_backward(const float* z, const float* grad_out, float* grad_in, long long n,
                                               int activation) {
    NETGEOM_GRID_STRIDE(i, n) grad_in[i] = grad_out[i] * activation_derivative(activation, z[i]);
}
