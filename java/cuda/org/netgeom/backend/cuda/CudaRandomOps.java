package org.netgeom.backend.cuda;

/**
 * The CUDA backend's Philox draws (cuda/random.cu, and dropout_mask of cuda/normalization.cu):
 * Philox4x32-10 keyed by (seed, stream), element i from counter i, the CPU backend's bits.
 * Each thread makes four values from one Philox block.
 */
final class CudaRandomOps {
    private final Kernels kernels;

    CudaRandomOps(Kernels kernels) {
        this.kernels = kernels;
    }

    void fillUniform(CudaMatrix a, long seed, long stream, float low, float high) {
        kernels.launchElements("philox_uniform", (a.size() + 3) / 4, new KernelArgs().pointer(a.pointer()).i64(a.size())
                .i64(seed).i64(stream).f32(low).f32(high));
    }

    void fillNormal(CudaMatrix a, long seed, long stream, float mean, float std) {
        kernels.launchElements("philox_normal", (a.size() + 3) / 4, new KernelArgs().pointer(a.pointer()).i64(a.size())
                .i64(seed).i64(stream).f32(mean).f32(std));
    }

    void dropoutMask(CudaMatrix m, long seed, long stream, float rate) {
        kernels.launchElements("dropout_mask", (m.size() + 3) / 4, new KernelArgs().pointer(m.pointer()).i64(m.size()).i64(seed)
                .i64(stream).f32(rate));
    }
}
