// Row softmax and the fused losses. One warp per row; each block accumulates its rows' loss
// and correct count in shared memory, then adds them to the device stats with one atomic each,
// so a training step never reads anything back.
#include "netgeom.cuh"
#include <math_constants.h>

#define ROWS_PER_BLOCK 8  // 8 warps of 32 threads

extern "C" __global__ void softmax_rows(const float* logits, float* probs, int rows, int cols) {
    int row = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x / 32;
    int lane = threadIdx.x % 32;
    if (row >= rows) return;
    const float* in = logits + (long long)row * cols;
    float* out = probs + (long long)row * cols;
    float max = -CUDART_INF_F;
    for (int c = lane; c < cols; c += 32) max = fmaxf(max, in[c]);
    max = warp_max(max);
    float sum = 0.f;
    for (int c = lane; c < cols; c += 32) sum += expf(in[c] - max);
    sum = warp_sum(sum);
    for (int c = lane; c < cols; c += 32) out[c] = expf(in[c] - max) / sum;
}

// Adds the block's totals to stats[0] (loss sum) and stats[1] (correct rows).
__device__ void add_block_stats(float loss, float correct, float* stats) {
    __shared__ float block_loss[ROWS_PER_BLOCK];
    __shared__ float block_correct[ROWS_PER_BLOCK];
    int warp = threadIdx.x / 32;
    if (threadIdx.x % 32 == 0) {
        block_loss[warp] = loss;
        block_correct[warp] = correct;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        float l = 0.f, c = 0.f;
        for (int w = 0; w < ROWS_PER_BLOCK; w++) { l += block_loss[w]; c += block_correct[w]; }
        atomicAdd(stats, l);
        atomicAdd(stats + 1, c);
    }
}

// grad (may be null) = (softmax - onehot(label)) * grad_scale. A label that is not an integer
// in [0, cols) gives a NaN loss and NaN gradient for its row, never an out-of-bounds read.
extern "C" __global__ void softmax_cross_entropy(const float* logits, const float* labels, float* grad, float grad_scale,
                                                 float* stats, int rows, int cols) {
    int row = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x / 32;
    int lane = threadIdx.x % 32;
    float loss = 0.f, correct = 0.f;
    if (row < rows) {
        const float* in = logits + (long long)row * cols;
        float label_value = labels[row];
        int label = (int)label_value;
        bool valid = (float)label == label_value && label >= 0 && label < cols;
        float max = -CUDART_INF_F;
        int argmax = cols;
        for (int c = lane; c < cols; c += 32) {
            if (in[c] > max) { max = in[c]; argmax = c; }
        }
        // Reduce (max, lowest index) across the warp: ties go to the lowest index.
        for (int offset = 16; offset > 0; offset >>= 1) {
            float other_max = __shfl_xor_sync(0xffffffffu, max, offset);
            int other_arg = __shfl_xor_sync(0xffffffffu, argmax, offset);
            if (other_max > max || (other_max == max && other_arg < argmax)) { max = other_max; argmax = other_arg; }
        }
        float sum = 0.f;
        for (int c = lane; c < cols; c += 32) sum += expf(in[c] - max);
        sum = warp_sum(sum);
        float log_sum = logf(sum) + max;
        if (lane == 0) {
            loss = valid ? log_sum - in[label] : CUDART_NAN_F;
            correct = valid && argmax == label ? 1.f : 0.f;
        }
        if (grad != nullptr) {
            float* g = grad + (long long)row * cols;
            for (int c = lane; c < cols; c += 32) {
                float p = expf(in[c] - log_sum);
                float target = valid ? (c == label ? 1.f : 0.f) : CUDART_NAN_F;
                g[c] = (p - target) * grad_scale;
            }
        }
    }
    add_block_stats(loss, correct, stats);
}

// Squared error; "correct" is sign agreement for one column, argmax agreement otherwise.
extern "C" __global__ void squared_error(const float* prediction, const float* target, float* grad, float grad_scale,
                                         float* stats, int rows, int cols) {
    int row = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x / 32;
    int lane = threadIdx.x % 32;
    float loss = 0.f, correct = 0.f;
    if (row < rows) {
        const float* p = prediction + (long long)row * cols;
        const float* t = target + (long long)row * cols;
        float sum = 0.f;
        float p_max = -CUDART_INF_F, t_max = -CUDART_INF_F;
        int p_arg = cols, t_arg = cols;
        for (int c = lane; c < cols; c += 32) {
            float diff = p[c] - t[c];
            sum += diff * diff;
            if (grad != nullptr) grad[(long long)row * cols + c] = 2.f * diff * grad_scale;
            if (p[c] > p_max) { p_max = p[c]; p_arg = c; }
            if (t[c] > t_max) { t_max = t[c]; t_arg = c; }
        }
        for (int offset = 16; offset > 0; offset >>= 1) {
            float om = __shfl_xor_sync(0xffffffffu, p_max, offset);
            int oa = __shfl_xor_sync(0xffffffffu, p_arg, offset);
            if (om > p_max || (om == p_max && oa < p_arg)) { p_max = om; p_arg = oa; }
            float tm = __shfl_xor_sync(0xffffffffu, t_max, offset);
            int ta = __shfl_xor_sync(0xffffffffu, t_arg, offset);
            if (tm > t_max || (tm == t_max && ta < t_arg)) { t_max = tm; t_arg = ta; }
        }
        sum = warp_sum(sum);
        if (lane == 0) {
            loss = sum;
            bool right = cols == 1 ? ((p[0] > 0.f) == (t[0] > 0.f)) : p_arg == t_arg;
            correct = right ? 1.f : 0.f;
        }
    }
    add_block_stats(loss, correct, stats);
}
