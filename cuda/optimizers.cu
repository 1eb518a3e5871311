// Fused optimizer updates over the flat parameter vector (formulas: Backend#sgdUpdate and
// Backend#adamUpdate, as torch.optim).
#include "netgeom.cuh"

extern "C" __global__ void sgd_update(float* params, const float* grads, float* velocity, long long n, float lr,
                                      float momentum, int nesterov, float weight_decay) {
    NETGEOM_GRID_STRIDE(i, n) {
        float p = params[i];
        float step = grads[i] + weight_decay * p;
        if (momentum != 0.f) {
            float v = momentum * velocity[i] + step;
            velocity[i] = v;
            step = nesterov ? step + momentum * v : v;
        }
        params[i] = p - lr * step;
    }
}

// correction1 = 1 - beta1^t, correction2_sqrt = sqrt(1 - beta2^t), computed on the host.
extern "C" __global__ void adam_update(float* params, const float* grads, float* first, float* second, long long n,
                                       float lr, float beta1, float beta2, float epsilon, float weight_decay,
                                       int decoupled, float correction1, float correction2_sqrt) {
    float decay = decoupled ? 1.f - lr * weight_decay : 1.f;
    float step_size = lr / correction1;
    NETGEOM_GRID_STRIDE(i, n) {
        float p = params[i];
        float g = grads[i];
        if (decoupled) p *= decay; else g += weight_decay * p;
        float m = beta1 * first[i] + (1.f - beta1) * g;
        float v = beta2 * second[i] + (1.f - beta2) * g * g;
        first[i] = m;
        second[i] = v;
        params[i] = p - step_size * m / (sqrtf(v) / correction2_sqrt + epsilon);
    }
}
