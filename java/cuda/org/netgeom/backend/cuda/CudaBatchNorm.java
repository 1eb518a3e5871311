package org.netgeom.backend.cuda;

import org.netgeom.tensor.DeviceMatrix;

/**
 * The CUDA backend's batch normalization (cuda/normalization.cu), its arguments already checked.
 * Column statistics sum in float64. Tall inputs (BatchNorm2d's channels-last copies: N*H*W rows
 * and a few dozen channels) split their rows over blocks, whose partial sums are added in a fixed
 * order, instead of one block per 32 columns summing every row; the choice depends on the shape
 * only, so the same shapes give the same bits.
 */
final class CudaBatchNorm {
    /** From this many rows the statistics split the rows over blocks. */
    private static final int SPLIT_ROWS = 4096;
    private static final int ROWS_PER_SPLIT = 256;
    /** CUDA's limit on a grid's y dimension. */
    private static final int MAX_GRID_Y = 65535;

    private final CudaBackend backend;
    private final Kernels kernels;

    CudaBatchNorm(CudaBackend backend, Kernels kernels) {
        this.backend = backend;
        this.kernels = kernels;
    }

    void forward(CudaMatrix x, CudaMatrix gamma, CudaMatrix beta, float epsilon, CudaMatrix normalized, CudaMatrix y,
                 CudaMatrix mean, CudaMatrix variance, CudaMatrix invStd) {
        int rows = x.rows(), cols = x.cols();
        if (splitsRows(rows, cols, 1)) {
            splitStatistics(x, mean, variance, invStd, epsilon);
        } else {
            kernels.launch("batchnorm_stats", Math.max(1, (cols + 31) / 32), 1, 32, 8, new KernelArgs().pointer(x.pointer())
                    .pointer(mean.pointer()).pointer(variance.pointer()).pointer(invStd.pointer()).i32(rows).i32(cols).f32(epsilon));
        }
        kernels.launchElements("batchnorm_apply", x.size(), new KernelArgs().pointer(x.pointer()).pointer(gamma.pointer())
                .pointer(beta.pointer()).pointer(mean.pointer()).pointer(invStd.pointer()).pointer(normalized.pointer())
                .pointer(y.pointer()).i32(rows).i32(cols));
    }

    void inference(CudaMatrix x, CudaMatrix gamma, CudaMatrix beta, CudaMatrix runningMean, CudaMatrix runningVariance,
                   float epsilon, CudaMatrix y) {
        kernels.launchElements("batchnorm_inference", x.size(), new KernelArgs().pointer(x.pointer()).pointer(gamma.pointer())
                .pointer(beta.pointer()).pointer(runningMean.pointer()).pointer(runningVariance.pointer()).f32(epsilon)
                .pointer(y.pointer()).i32(x.rows()).i32(x.cols()));
    }

    void backward(CudaMatrix gradY, CudaMatrix normalized, CudaMatrix gamma, CudaMatrix invStd, CudaMatrix gradX,
                  CudaMatrix gradGamma, CudaMatrix gradBeta) {
        int rows = gradY.rows(), cols = gradY.cols();
        if (splitsRows(rows, cols, 2)) {
            splitBackwardReduce(gradY, normalized, gradGamma, gradBeta);
        } else {
            kernels.launch("batchnorm_backward_reduce", Math.max(1, (cols + 31) / 32), 1, 32, 8, new KernelArgs()
                    .pointer(gradY.pointer()).pointer(normalized.pointer()).pointer(gradGamma.pointer()).pointer(gradBeta.pointer())
                    .i32(rows).i32(cols));
        }
        kernels.launchElements("batchnorm_backward_apply", gradY.size(), new KernelArgs().pointer(gradY.pointer())
                .pointer(normalized.pointer()).pointer(gamma.pointer()).pointer(invStd.pointer()).pointer(gradGamma.pointer())
                .pointer(gradBeta.pointer()).pointer(gradX.pointer()).i32(rows).i32(cols));
    }

    /** {@code sums}: the float64 partial sums per part and column the reduction keeps. */
    private static boolean splitsRows(int rows, int cols, int sums) {
        return rows >= SPLIT_ROWS && scratchFloats(rows, cols, sums) <= Integer.MAX_VALUE;
    }

    /** Rows per block: 256, or more where 65,535 blocks would not cover them. */
    private static int rowsPerSplit(int rows) {
        return Math.max(ROWS_PER_SPLIT, (rows + MAX_GRID_Y - 1) / MAX_GRID_Y);
    }

    /** 8 partial sums (one per thread row of a 32 x 8 block) per split. */
    private static int parts(int rows) {
        int perSplit = rowsPerSplit(rows);
        return 8 * ((rows + perSplit - 1) / perSplit);
    }

    /** float32 slots for {@code sums} float64 partials per part and column, plus one float64 per column. */
    private static long scratchFloats(int rows, int cols, int sums) {
        return 2L * ((long) sums * parts(rows) * cols + cols);
    }

    /** Two passes, as batchnorm_stats: the mean, then the squared deviations from it. */
    private void splitStatistics(CudaMatrix x, CudaMatrix mean, CudaMatrix variance, CudaMatrix invStd, float epsilon) {
        int rows = x.rows(), cols = x.cols(), perSplit = rowsPerSplit(rows), parts = parts(rows);
        int gridX = (cols + 31) / 32, splits = parts / 8;
        try (DeviceMatrix scratch = backend.allocate(1, (int) scratchFloats(rows, cols, 1))) {
            long partial = ((CudaMatrix) scratch).pointer(), centre = partial + 8L * parts * cols;
            kernels.launch("batchnorm_partial_sums", gridX, splits, 32, 8, new KernelArgs().pointer(x.pointer()).pointer(0)
                    .pointer(partial).i32(rows).i32(cols).i32(perSplit));
            kernels.launchElements("batchnorm_finalize_mean", cols, new KernelArgs().pointer(partial).i32(parts).i32(rows)
                    .i32(cols).pointer(centre).pointer(mean.pointer()));
            kernels.launch("batchnorm_partial_sums", gridX, splits, 32, 8, new KernelArgs().pointer(x.pointer()).pointer(centre)
                    .pointer(partial).i32(rows).i32(cols).i32(perSplit));
            kernels.launchElements("batchnorm_finalize_variance", cols, new KernelArgs().pointer(partial).i32(parts).i32(rows)
                    .i32(cols).f32(epsilon).pointer(variance.pointer()).pointer(invStd.pointer()));
        }
    }

    private void splitBackwardReduce(CudaMatrix gradY, CudaMatrix normalized, CudaMatrix gradGamma, CudaMatrix gradBeta) {
        int rows = gradY.rows(), cols = gradY.cols(), perSplit = rowsPerSplit(rows), parts = parts(rows);
        try (DeviceMatrix scratch = backend.allocate(1, (int) scratchFloats(rows, cols, 2))) {
            long gammaPartial = ((CudaMatrix) scratch).pointer(), betaPartial = gammaPartial + 8L * parts * cols;
            kernels.launch("batchnorm_partial_backward", (cols + 31) / 32, parts / 8, 32, 8, new KernelArgs()
                    .pointer(gradY.pointer()).pointer(normalized.pointer()).pointer(gammaPartial).pointer(betaPartial).i32(rows)
                    .i32(cols).i32(perSplit));
            kernels.launchElements("batchnorm_finalize_backward", cols, new KernelArgs().pointer(gammaPartial)
                    .pointer(betaPartial).i32(parts).i32(cols).pointer(gradGamma.pointer()).pointer(gradBeta.pointer()));
        }
    }
}
