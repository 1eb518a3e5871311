package org.netgeom.backend.cpu;

/**
 * The fused optimizer steps over the element range [from, to) of the flat parameter vector,
 * in float32 and in the order of operations of torch.optim (and of cuda/optimizers.cu), so the
 * backends agree to rounding. The formulas are those of {@link org.netgeom.tensor.Backend#sgdUpdate}
 * and {@link org.netgeom.tensor.Backend#adamUpdate}.
 */
final class OptimizerOps {
    private OptimizerOps() {}

    static void sgd(CpuMatrix params, CpuMatrix grads, CpuMatrix velocity, float learningRate, float momentum,
                    boolean nesterov, float weightDecay, int from, int to) {
        float[] p = params.data, g = grads.data;
        int pOffset = params.offset, gOffset = grads.offset;
        for (int i = from; i < to; i++) {
            float param = p[pOffset + i];
            float step = g[gOffset + i] + weightDecay * param;
            if (momentum != 0) {
                int vIndex = velocity.offset + i;
                float v = momentum * velocity.data[vIndex] + step;
                velocity.data[vIndex] = v;
                step = nesterov ? step + momentum * v : v;
            }
            p[pOffset + i] = param - learningRate * step;
        }
    }

    /** One Adam(W) step; correction1 = 1 - beta1^t and correction2Sqrt = sqrt(1 - beta2^t). */
    static void adam(CpuMatrix params, CpuMatrix grads, CpuMatrix firstMoment, CpuMatrix secondMoment,
                     float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                     boolean decoupled, float correction1, float correction2Sqrt, int from, int to) {
        float decay = decoupled ? 1f - learningRate * weightDecay : 1f;
        float stepSize = learningRate / correction1;
        float[] p = params.data, g = grads.data, m = firstMoment.data, v = secondMoment.data;
        for (int i = from; i < to; i++) {
            int pi = params.offset + i, mi = firstMoment.offset + i, vi = secondMoment.offset + i;
            float param = p[pi];
            float grad = g[grads.offset + i];
            if (decoupled) param *= decay; else grad += weightDecay * param;
            float first = beta1 * m[mi] + (1f - beta1) * grad;
            float second = beta2 * v[vi] + (1f - beta2) * grad * grad;
            m[mi] = first;
            v[vi] = second;
            p[pi] = param - stepSize * first / ((float) Math.sqrt(second) / correction2Sqrt + epsilon);
        }
    }
}
