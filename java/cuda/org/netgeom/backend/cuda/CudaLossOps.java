package org.netgeom.backend.cuda;

import org.netgeom.tensor.Shapes;

/**
 * The CUDA backend's softmax and losses (cuda/losses.cu), the CPU backend's LossOps: one warp per
 * row ({@link Kernels#launchRows}). Arguments are checked by {@link Shapes} with the CPU's words
 * before anything is queued; a null gradient is not written.
 */
final class CudaLossOps {
    private final Kernels kernels;

    CudaLossOps(Kernels kernels) {
        this.kernels = kernels;
    }

    void softmax(CudaMatrix l, CudaMatrix p) {
        Shapes.requireSoftmaxShapes(l, p);
        kernels.launchRows("softmax_rows", l.rows(), new KernelArgs().pointer(l.pointer()).pointer(p.pointer()).i32(l.rows())
                .i32(l.cols()));
    }

    void softmaxCrossEntropy(CudaMatrix l, CudaMatrix y, CudaMatrix g, float gradScale, CudaMatrix st) {
        Shapes.requireCrossEntropyShapes(l, y, g, st);
        long grad = g == null ? 0 : g.pointer();
        kernels.launchRows("softmax_cross_entropy", l.rows(), new KernelArgs().pointer(l.pointer()).pointer(y.pointer()).pointer(grad)
                .f32(gradScale).pointer(st.pointer()).i32(l.rows()).i32(l.cols()));
    }

    void squaredError(CudaMatrix p, CudaMatrix t, CudaMatrix g, float gradScale, CudaMatrix st) {
        Shapes.requireSquaredErrorShapes(p, t, g, st);
        long grad = g == null ? 0 : g.pointer();
        kernels.launchRows("squared_error", p.rows(), new KernelArgs().pointer(p.pointer()).pointer(t.pointer()).pointer(grad)
                .f32(gradScale).pointer(st.pointer()).i32(p.rows()).i32(p.cols()));
    }
}
