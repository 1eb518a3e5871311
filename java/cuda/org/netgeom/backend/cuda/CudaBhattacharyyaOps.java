package org.netgeom.backend.cuda;

import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Shapes;

/**
 * The CUDA backend's Bhattacharyya distances between prediction sets (cuda/trajectory.cu), the
 * CPU backend's BhattacharyyaOps: 64 x 64 outputs per block of 16 x 16 threads, float64 partial
 * sums over the samples added in order by a second kernel.
 */
final class CudaBhattacharyyaOps {
    /** Blocks per multiprocessor the launch aims for: 2 resident (up to 128 registers) x 4 waves. */
    private static final int BLOCKS_PER_SM = 8;
    /** Upper bound of the kernel's float64 partial sums. */
    private static final long PARTIAL_BYTES = 256L << 20;

    private final CudaBackend backend;
    private final Kernels kernels;

    CudaBhattacharyyaOps(CudaBackend backend, Kernels kernels) {
        this.backend = backend;
        this.kernels = kernels;
    }

    void distances(CudaMatrix a, CudaMatrix b, int classes, float floor, CudaMatrix o) {
        Shapes.requireBhattacharyyaShapes(a, b, classes, floor, o);
        if (a.rows() == 0 || b.rows() == 0) return;
        // The same matrix on both sides computes each pair once and mirrors it. Blocks along z
        // split the samples so that a few hundred outputs still give every multiprocessor several
        // blocks; their float64 partial sums (no more splits than fit in PARTIAL_BYTES, at least
        // one) are added in order by a second kernel.
        int block = 64, samples = a.cols() / classes;
        int gridX = (b.rows() + block - 1) / block, gridY = (a.rows() + block - 1) / block;
        boolean symmetric = a.pointer() == b.pointer() && a.rows() == b.rows();
        long blocks = symmetric ? (long) gridX * (gridX + 1) / 2 : (long) gridX * gridY;
        long outputs = (long) a.rows() * b.rows();
        long wanted = (BLOCKS_PER_SM * (long) backend.api().device().multiprocessors() + blocks - 1) / blocks;
        int splits = (int) Math.max(1, Math.min(Math.min(wanted, Math.max(1, samples / 64)), PARTIAL_BYTES / (8 * outputs)));
        try (DeviceMatrix partialSums = backend.allocate(2 * splits, (int) outputs)) { // float64 = two float32 slots
            CudaMatrix partial = (CudaMatrix) partialSums;
            kernels.launch("bhattacharyya_distances", gridX, gridY, splits, 16, 16,
                    new KernelArgs().pointer(a.pointer()).pointer(b.pointer()).pointer(partial.pointer()).i32(a.rows()).i32(b.rows())
                            .i32(classes).i32(samples).f32(floor).i32(symmetric ? 1 : 0));
            kernels.launchElements("bhattacharyya_reduce", outputs, new KernelArgs().pointer(partial.pointer()).pointer(o.pointer())
                    .i64(outputs).i32(splits).i32(samples));
        }
    }
}
