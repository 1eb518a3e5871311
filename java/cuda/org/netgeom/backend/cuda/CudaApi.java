package org.netgeom.backend.cuda;

/**
 * The CUDA driver and cuBLAS calls the CUDA backend makes, one method per call, no logic.
 * Two host bindings implement it: {@link PanamaCudaApi} (java.lang.foreign over
 * bindings/org/netgeom/panama) and JCudaApi (org.jcuda, in netgeom-jcuda). Selected by
 * {@code --cuda-binding panama|jcuda}.
 *
 * <p>Every failing status becomes a {@link CudaException} naming the call and the error name
 * (e.g. "cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY"). One instance owns one context (the
 * device's primary context), one stream on which every asynchronous call and cuBLAS run, and
 * one cuBLAS handle. Device pointers are plain {@code long} addresses.
 */
public interface CudaApi extends AutoCloseable {

    /** "panama" or "jcuda". */
    String bindingName();

    /** Name, compute capability and memory of the device this instance uses. */
    DeviceProperties device();

    /** {free, total} device memory in bytes (cuMemGetInfo). */
    long[] memoryInfo();

    /** cuMemAlloc; an out-of-memory status becomes {@link DeviceOutOfMemoryException} naming the bytes asked and free. */
    long malloc(long bytes);

    /** cuMemFree. */
    void free(long pointer);

    /** cuMemsetD32Async on the stream: count 32-bit words at pointer set to value. */
    void memsetD32(long pointer, int value, long count);

    /** Copies count floats from host src[srcOffset..] to device dst, ordered on the stream; returns once src may be reused. */
    void copyHostToDevice(long dst, float[] src, int srcOffset, int count);

    /** Copies count floats from device src to host dst[dstOffset..]; waits for the stream first. */
    void copyDeviceToHost(float[] dst, int dstOffset, long src, int count);

    /** cuMemcpyDtoDAsync on the stream. */
    void copyDeviceToDevice(long dst, long src, long bytes);

    /** cuModuleLoadData on a fatbin or PTX image; returns the CUmodule. */
    long loadModule(byte[] image);

    /** cuModuleGetFunction; returns the CUfunction. */
    long function(long module, String name);

    /** cuLaunchKernel on the stream. */
    void launch(long function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                int sharedMemoryBytes, KernelArgs args);

    /** cuStreamSynchronize on the stream. */
    void synchronize();

    /** cuEventCreate; events time device work (benchmarks). */
    long createEvent();

    /** cuEventRecord on the stream. */
    void recordEvent(long event);

    /** cuEventElapsedTime between two recorded events, after synchronizing on the second. */
    float elapsedMillis(long startEvent, long endEvent);

    /** cuEventDestroy. */
    void destroyEvent(long event);

    /** cuStreamBeginCapture (global mode): later calls on the stream are recorded, not run. */
    void beginCapture();

    /** cuStreamEndCapture + cuGraphInstantiate; returns the executable graph. */
    long endCapture();

    /** cuGraphLaunch on the stream. */
    void launchGraph(long graphExec);

    /** cuGraphExecDestroy. */
    void destroyGraph(long graphExec);

    /**
     * cublasSgemm on the stream, column-major as cuBLAS defines it:
     * C(m x n) = alpha op(A) op(B) + beta C with leading dimensions lda, ldb, ldc.
     */
    void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, long a, int lda,
               long b, int ldb, float beta, long c, int ldc);

    /** cublasSgemmStridedBatched, column-major, strides in elements. */
    void sgemmStridedBatched(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                             long a, int lda, long strideA, long b, int ldb, long strideB, float beta,
                             long c, int ldc, long strideC, int batchCount);

    /** cublasSetMathMode: TF32 tensor-core math on or off (off by default: exact float32). */
    void setTf32(boolean enabled);

    /** Destroys the cuBLAS handle, stream, staging memory and releases the primary context. */
    @Override
    void close();
}
