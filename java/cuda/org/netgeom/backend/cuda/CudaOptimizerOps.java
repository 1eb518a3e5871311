package org.netgeom.backend.cuda;

import org.netgeom.tensor.AdamCorrections;
import org.netgeom.tensor.Shapes;

/**
 * The CUDA backend's parameter updates (cuda/optimizers.cu), the CPU backend's OptimizerOps: one
 * thread per parameter. Arguments are checked by {@link Shapes} with the CPU's words before
 * anything is queued.
 */
final class CudaOptimizerOps {
    private final Kernels kernels;

    CudaOptimizerOps(Kernels kernels) {
        this.kernels = kernels;
    }

    /** {@code mv} is null without momentum. */
    void sgdUpdate(CudaMatrix p, CudaMatrix g, CudaMatrix mv, float learningRate, float momentum, boolean nesterov, float weightDecay) {
        Shapes.requireSgdShapes(p, g, mv, momentum);
        long v = mv == null ? 0 : mv.pointer();
        kernels.launchElements("sgd_update", p.size(), new KernelArgs().pointer(p.pointer()).pointer(g.pointer()).pointer(v)
                .i64(p.size()).f32(learningRate).f32(momentum).i32(nesterov ? 1 : 0).f32(weightDecay));
    }

    void adamUpdate(CudaMatrix p, CudaMatrix g, CudaMatrix m, CudaMatrix v, float learningRate, float beta1, float beta2, float epsilon,
                    float weightDecay, boolean decoupled, int step) {
        Shapes.requireAdamShapes(p, g, m, v);
        AdamCorrections corrections = AdamCorrections.forStep(beta1, beta2, step);
        float correction1 = corrections.firstMoment(), correction2Sqrt = corrections.secondMomentSqrt();
        kernels.launchElements("adam_update", p.size(), new KernelArgs().pointer(p.pointer()).pointer(g.pointer())
                .pointer(m.pointer()).pointer(v.pointer()).i64(p.size()).f32(learningRate).f32(beta1).f32(beta2)
                .f32(epsilon).f32(weightDecay).i32(decoupled ? 1 : 0).f32(correction1).f32(correction2Sqrt));
    }
}
