package org.netgeom.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.tensor.BackendUnavailableException;

/**
 * netgeom's CUDA kernels (cuda/*.cu), loaded from the fatbin resource the build makes, each
 * looked up once. Remembers the kernels launched since the last successful synchronization,
 * so an asynchronous fault can be reported with the kernels that may have caused it.
 */
final class Kernels {
    static final String RESOURCE = "/org/netgeom/backend/cuda/netgeom_kernels.fatbin";
    static final List<String> NAMES = List.of("bias_activation", "activation_forward", "activation_backward", "softmax_rows",
            "softmax_cross_entropy", "squared_error", "sum_columns", "sum_rows", "sum_all", "axpy", "scale", "multiply",
            "add_scaled", "gather_rows", "flip_blocks", "flip_influence", "sgd_update", "adam_update", "philox_uniform", "philox_normal", "dropout_mask",
            "batchnorm_stats", "batchnorm_apply", "batchnorm_inference", "batchnorm_backward_reduce", "batchnorm_backward_apply",
            "bhattacharyya_distances", "bhattacharyya_reduce", "im2col", "col2im", "channels_samples", "transpose_batched",
            "max_pool", "max_pool_backward", "average_pool", "average_pool_backward", "crop_flip", "batchnorm_partial_sums",
            "batchnorm_finalize_mean", "batchnorm_finalize_variance", "batchnorm_partial_backward", "batchnorm_finalize_backward");
    private static final int THREADS = 256;
    private static final int ROWS_PER_BLOCK = 8;
    private static final int RECENT = 16;

    private final CudaApi api;
    private final Map<String, Long> functions = new HashMap<>();
    private final int maxBlocks;
    private final Deque<String> recent = new ArrayDeque<>();

    Kernels(CudaApi api) {
        this.api = api;
        long module = api.loadModule(readImage());
        for (String name : NAMES) functions.put(name, api.function(module, name));
        // Enough blocks to fill every SM several times over; grid-stride loops cover the rest.
        this.maxBlocks = Math.max(1, api.device().multiprocessors()) * 32;
    }

    static byte[] readImage() {
        try (InputStream in = Kernels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BackendUnavailableException(
                        "CUDA kernels were not built (nvcc was not found when netgeom was built, or a CPU-only build was asked for);"
                                + " rebuild with nvcc on PATH");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot read the CUDA kernel image " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** A 1-D grid-stride launch over n elements. */
    void launchElements(String name, long n, KernelArgs args) {
        int blocks = (int) Math.max(1, Math.min(maxBlocks, (n + THREADS - 1) / THREADS));
        launch(name, blocks, 1, THREADS, 1, args);
    }

    /** A warp-per-row launch over {@code rows} rows: 8 rows per 256-thread block. */
    void launchRows(String name, int rows, KernelArgs args) {
        launch(name, Math.max(1, (rows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK), 1, 32 * ROWS_PER_BLOCK, 1, args);
    }

    void launch(String name, int gridX, int gridY, int blockX, int blockY, KernelArgs args) {
        launch(name, gridX, gridY, 1, blockX, blockY, args);
    }

    void launch(String name, int gridX, int gridY, int gridZ, int blockX, int blockY, KernelArgs args) {
        Long function = functions.get(name);
        if (function == null) throw new IllegalArgumentException("unknown kernel " + name);
        if (recent.size() == RECENT) recent.removeFirst();
        recent.addLast(name);
        try {
            api.launch(function, gridX, gridY, gridZ, blockX, blockY, 1, 0, args);
        } catch (CudaException e) {
            throw new CudaException("kernel " + name + ": " + e.call(), e.status(), e.errorName(), null);
        }
    }

    /** Kernels launched since the last {@link #forgetRecent()}, oldest first. */
    String recentKernels() { return String.join(", ", recent); }

    void forgetRecent() { recent.clear(); }
}
