package org.netgeom.backend.cuda;

import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Shapes;

/**
 * The CUDA backend's activations, element-wise ops and column/row sums (cuda/activations.cu,
 * cuda/elementwise.cu, cuda/reductions.cu), the CPU backend's ElementwiseOps and Reductions.
 * Arguments are checked by {@link Shapes} with the CPU's words before anything is queued.
 * {@code sumAll}, which waits for the stream, stays in {@link CudaBackend}.
 */
final class CudaElementwiseOps {
    private final Kernels kernels;

    CudaElementwiseOps(Kernels kernels) {
        this.kernels = kernels;
    }

    void biasActivation(CudaMatrix z, CudaMatrix b, Activation activation, CudaMatrix out) {
        Shapes.requireBiasActivationShapes(z, b, out);
        kernels.launchElements("bias_activation", z.size(), new KernelArgs().pointer(z.pointer()).pointer(b.pointer())
                .pointer(out.pointer()).i32(z.rows()).i32(z.cols()).i32(activation.ordinal()));
    }

    void activation(Activation activation, CudaMatrix in, CudaMatrix out) {
        Shapes.requireActivationShapes(in, out);
        kernels.launchElements("activation_forward", in.size(), new KernelArgs().pointer(in.pointer()).pointer(out.pointer())
                .i64(in.size()).i32(activation.ordinal()));
    }

    void activationBackward(Activation activation, CudaMatrix z, CudaMatrix g, CudaMatrix out) {
        Shapes.requireActivationBackwardShapes(z, g, out);
        kernels.launchElements("activation_backward", z.size(), new KernelArgs().pointer(z.pointer()).pointer(g.pointer())
                .pointer(out.pointer()).i64(z.size()).i32(activation.ordinal()));
    }

    void sumColumns(CudaMatrix a, float alpha, float beta, CudaMatrix o) {
        Shapes.requireSumColumnsShapes(a, o);
        kernels.launch("sum_columns", Math.max(1, (a.cols() + 31) / 32), 1, 32, 8, new KernelArgs().pointer(a.pointer())
                .pointer(o.pointer()).i32(a.rows()).i32(a.cols()).f32(alpha).f32(beta));
    }

    void sumRows(CudaMatrix a, CudaMatrix o) {
        Shapes.requireSumRowsShapes(a, o);
        kernels.launchRows("sum_rows", a.rows(), new KernelArgs().pointer(a.pointer()).pointer(o.pointer()).i32(a.rows()).i32(a.cols()));
    }

    void axpy(float alpha, CudaMatrix mx, CudaMatrix my) {
        Shapes.requireAxpyShapes(mx, my);
        kernels.launchElements("axpy", mx.size(), new KernelArgs().f32(alpha).pointer(mx.pointer()).pointer(my.pointer())
                .i64(mx.size()));
    }

    void scale(float alpha, CudaMatrix m) {
        kernels.launchElements("scale", m.size(), new KernelArgs().f32(alpha).pointer(m.pointer()).i64(m.size()));
    }

    void multiply(CudaMatrix ma, CudaMatrix mb, CudaMatrix mo) {
        Shapes.requireElementwiseShapes("multiply", ma, mb, mo);
        kernels.launchElements("multiply", ma.size(), new KernelArgs().pointer(ma.pointer()).pointer(mb.pointer())
                .pointer(mo.pointer()).i64(ma.size()));
    }

    void addScaled(float alpha, CudaMatrix ma, float beta, CudaMatrix mb, CudaMatrix mo) {
        Shapes.requireElementwiseShapes("addScaled", ma, mb, mo);
        kernels.launchElements("add_scaled", ma.size(), new KernelArgs().f32(alpha).pointer(ma.pointer()).f32(beta)
                .pointer(mb.pointer()).pointer(mo.pointer()).i64(ma.size()));
    }

    void gatherRows(CudaMatrix s, CudaMatrix idx, int offset, CudaMatrix o) {
        Shapes.requireGatherRowsShapes(s, idx, offset, o);
        kernels.launchElements("gather_rows", o.size(), new KernelArgs().pointer(s.pointer()).pointer(idx.pointer()).i32(offset)
                .pointer(o.pointer()).i32(o.rows()).i32(o.cols()).i32(s.rows()));
    }

    /** {@code c} may be null (flips about zero). */
    void flipBlocks(CudaMatrix x, CudaMatrix c, CudaMatrix o) {
        Shapes.requireFlipBlockShapes(x, c, o);
        if (o.size() == 0) return;
        // One block of 256 threads per output row (cuda/elementwise.cu), at most 2^20 blocks.
        kernels.launch("flip_blocks", (int) Math.min(o.rows(), 1 << 20), 1, 256, 1, new KernelArgs().pointer(x.pointer())
                .pointer(c == null ? 0L : c.pointer()).pointer(o.pointer()).i32(x.rows()).i32(x.cols()));
    }

    void flipInfluence(CudaMatrix v, CudaMatrix o) {
        Shapes.requireFlipInfluenceShapes(v, o);
        if (o.size() == 0) return;
        kernels.launchElements("flip_influence", o.size(), new KernelArgs().pointer(v.pointer()).pointer(o.pointer())
                .i32(o.rows()).i32(o.cols()).i32(v.cols()));
    }
}
