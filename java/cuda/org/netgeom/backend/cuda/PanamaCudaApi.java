package org.netgeom.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.netgeom.panama.CudaDriver;
import org.netgeom.panama.Cublas;
import org.netgeom.panama.NativeSymbols;
import org.netgeom.tensor.BackendUnavailableException;

/**
 * {@link CudaApi} over the Panama bindings (bindings/org/netgeom/panama). Not thread-safe: one
 * thread at a time, though not always the same one (the context is made current as needed).
 */
public final class PanamaCudaApi implements CudaApi {
    private static final int MAX_KERNEL_ARGS = 32;
    /** Host-device copies go through pinned memory in chunks of at most this many bytes. */
    private static final long STAGING_CHUNK = 32L << 20;

    private final CudaDriver driver;
    private final Cublas cublas;
    private final Arena arena = Arena.ofShared();
    private final int deviceOrdinal;
    private final int device;
    private final MemorySegment context;
    private final MemorySegment stream;
    private final MemorySegment cublasHandle;
    private final MemorySegment out8 = arena.allocate(JAVA_LONG);
    private final MemorySegment out8b = arena.allocate(JAVA_LONG);
    private final MemorySegment alpha = arena.allocate(JAVA_FLOAT);
    private final MemorySegment beta = arena.allocate(JAVA_FLOAT);
    private final MemorySegment argumentValues = arena.allocate(8L * MAX_KERNEL_ARGS, 8);
    private final MemorySegment argumentPointers = arena.allocate(ADDRESS.byteSize() * MAX_KERNEL_ARGS, 8);
    private final DeviceProperties properties;
    /** Two pinned buffers used in turn by uploads, each with an event recorded after the copy that last read it. */
    private final MemorySegment[] staging = {MemorySegment.NULL, MemorySegment.NULL};
    private final long[] stagingBytes = new long[2];
    private final MemorySegment[] stagingDone = new MemorySegment[2];
    private final boolean[] stagingPending = new boolean[2];
    private int nextStaging;
    private Thread currentThread;
    private boolean closed;

    /** Device 0, default library discovery, TF32 off. */
    public static PanamaCudaApi openDefault() {
        return open(0, CudaLibraries.discover(null), false);
    }

    public static PanamaCudaApi open(int deviceOrdinal, CudaLibraries libraries, boolean tf32) {
        CudaDriver driver = new CudaDriver(new NativeSymbols(libraries.openDriver(Arena.global()), CudaLibraries.DRIVER));
        Cublas cublas = new Cublas(new NativeSymbols(libraries.openCublas(Arena.global()), "libcublas"));
        return new PanamaCudaApi(driver, cublas, deviceOrdinal, tf32);
    }

    private PanamaCudaApi(CudaDriver driver, Cublas cublas, int deviceOrdinal, boolean tf32) {
        this.driver = driver;
        this.cublas = cublas;
        this.deviceOrdinal = deviceOrdinal;
        int init = driver.cuInit(0);
        if (init != CudaDriver.CUDA_SUCCESS) {
            throw new BackendUnavailableException("no usable CUDA device: cuInit failed with " + errorName(init));
        }
        check("cuDeviceGetCount", driver.cuDeviceGetCount(out8));
        int count = out8.get(JAVA_INT, 0);
        if (deviceOrdinal >= count) {
            throw new BackendUnavailableException("GPU " + deviceOrdinal + " asked for, but " + count + " CUDA device(s) present");
        }
        check("cuDeviceGet", driver.cuDeviceGet(out8, deviceOrdinal));
        device = out8.get(JAVA_INT, 0);
        check("cuDevicePrimaryCtxRetain", driver.cuDevicePrimaryCtxRetain(out8, device));
        context = out8.get(ADDRESS, 0);
        makeCurrent();
        check("cuStreamCreate", driver.cuStreamCreate(out8, 0));
        stream = out8.get(ADDRESS, 0);
        checkBlas("cublasCreate_v2", cublas.cublasCreate_v2(out8));
        cublasHandle = out8.get(ADDRESS, 0);
        checkBlas("cublasSetStream_v2", cublas.cublasSetStream_v2(cublasHandle, stream));
        setTf32(tf32);
        for (int b = 0; b < 2; b++) {
            check("cuEventCreate", driver.cuEventCreate(out8, CudaDriver.CU_EVENT_DISABLE_TIMING));
            stagingDone[b] = out8.get(ADDRESS, 0);
        }
        properties = readProperties(device);
    }

    private DeviceProperties readProperties(int device) {
        MemorySegment name = arena.allocate(256);
        check("cuDeviceGetName", driver.cuDeviceGetName(name, 256, device));
        check("cuDeviceTotalMem_v2", driver.cuDeviceTotalMem_v2(out8, device));
        long total = out8.get(JAVA_LONG, 0);
        int major = attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
        int minor = attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        int sms = attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
        check("cuDriverGetVersion", driver.cuDriverGetVersion(out8));
        int driverVersion = out8.get(JAVA_INT, 0);
        return new DeviceProperties(deviceOrdinal, name.getString(0), major, minor, total, sms, driverVersion);
    }

    private int attribute(int attribute, int device) {
        check("cuDeviceGetAttribute", driver.cuDeviceGetAttribute(out8, attribute, device));
        return out8.get(JAVA_INT, 0);
    }

    /** The primary context must be current on whichever thread calls; switching costs one driver call. */
    private void makeCurrent() {
        Thread thread = Thread.currentThread();
        if (thread != currentThread) {
            check("cuCtxSetCurrent", driver.cuCtxSetCurrent(context));
            currentThread = thread;
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("CUDA API used after close");
        makeCurrent();
    }

    @Override public String bindingName() { return "panama"; }
    @Override public DeviceProperties device() { return properties; }

    @Override
    public long[] memoryInfo() {
        ensureOpen();
        check("cuMemGetInfo_v2", driver.cuMemGetInfo_v2(out8, out8b));
        return new long[] {out8.get(JAVA_LONG, 0), out8b.get(JAVA_LONG, 0)};
    }

    @Override
    public long malloc(long bytes) {
        ensureOpen();
        int status = driver.cuMemAlloc_v2(out8, Math.max(bytes, 1));
        if (status == CudaDriver.CUDA_ERROR_OUT_OF_MEMORY) {
            long[] info = memoryInfo();
            throw new DeviceOutOfMemoryException("cuMemAlloc", status, errorName(status), bytes, info[0], info[1]);
        }
        check("cuMemAlloc", status);
        return out8.get(JAVA_LONG, 0);
    }

    @Override
    public void free(long pointer) {
        ensureOpen();
        check("cuMemFree", driver.cuMemFree_v2(pointer));
    }

    @Override
    public void memsetD32(long pointer, int value, long count) {
        ensureOpen();
        check("cuMemsetD32Async", driver.cuMemsetD32Async(pointer, value, count, stream));
    }

    /** Pinned buffer b with room for {@code bytes}, once the device has finished reading it. */
    private MemorySegment staging(int b, long bytes) {
        if (stagingPending[b]) {
            check("cuEventSynchronize", driver.cuEventSynchronize(stagingDone[b]));
            stagingPending[b] = false;
        }
        if (bytes > stagingBytes[b]) {
            if (stagingBytes[b] > 0) check("cuMemFreeHost", driver.cuMemFreeHost(staging[b]));
            stagingBytes[b] = 0;
            check("cuMemAllocHost", driver.cuMemAllocHost_v2(out8, bytes));
            staging[b] = out8.get(ADDRESS, 0).reinterpret(bytes);
            stagingBytes[b] = bytes;
        }
        return staging[b];
    }

    /**
     * Chunks alternate between two pinned buffers: the host fills one while the device copies
     * from the other, and the call returns once the last chunk is queued (src may be reused then),
     * without waiting for the stream, so an upload does not stall work queued before it.
     */
    @Override
    public void copyHostToDevice(long dst, float[] src, int srcOffset, int count) {
        ensureOpen();
        long total = 4L * count;
        for (long done = 0; done < total; done += STAGING_CHUNK) {
            long bytes = Math.min(STAGING_CHUNK, total - done);
            int b = nextStaging;
            nextStaging ^= 1;
            MemorySegment pinned = staging(b, Math.min(total, STAGING_CHUNK));
            MemorySegment.copy(src, srcOffset + (int) (done / 4), pinned, JAVA_FLOAT, 0, (int) (bytes / 4));
            check("cuMemcpyHtoDAsync", driver.cuMemcpyHtoDAsync_v2(dst + done, pinned, bytes, stream));
            check("cuEventRecord", driver.cuEventRecord(stagingDone[b], stream));
            stagingPending[b] = true;
        }
    }

    /** Waits for the stream (all queued work, uploads included), chunk by chunk through one pinned buffer. */
    @Override
    public void copyDeviceToHost(float[] dst, int dstOffset, long src, int count) {
        ensureOpen();
        long total = 4L * count;
        MemorySegment pinned = staging(0, Math.min(total, STAGING_CHUNK));
        for (long done = 0; done < total; done += STAGING_CHUNK) {
            long bytes = Math.min(STAGING_CHUNK, total - done);
            check("cuMemcpyDtoHAsync", driver.cuMemcpyDtoHAsync_v2(pinned, src + done, bytes, stream));
            check("cuStreamSynchronize", driver.cuStreamSynchronize(stream));
            MemorySegment.copy(pinned, JAVA_FLOAT, 0, dst, dstOffset + (int) (done / 4), (int) (bytes / 4));
        }
    }

    @Override
    public void copyDeviceToDevice(long dst, long src, long bytes) {
        ensureOpen();
        check("cuMemcpyDtoDAsync", driver.cuMemcpyDtoDAsync_v2(dst, src, bytes, stream));
    }

    @Override
    public long loadModule(byte[] image) {
        ensureOpen();
        try (Arena temporary = Arena.ofConfined()) {
            MemorySegment data = temporary.allocate(image.length + 1L);
            MemorySegment.copy(image, 0, data, JAVA_BYTE, 0, image.length);
            check("cuModuleLoadData", driver.cuModuleLoadData(out8, data));
        }
        return out8.get(JAVA_LONG, 0);
    }

    @Override
    public long function(long module, String name) {
        ensureOpen();
        try (Arena temporary = Arena.ofConfined()) {
            int status = driver.cuModuleGetFunction(out8, MemorySegment.ofAddress(module), temporary.allocateFrom(name));
            if (status != CudaDriver.CUDA_SUCCESS) {
                throw new CudaException("cuModuleGetFunction(" + name + ")", status, errorName(status),
                        "the kernel image lacks this kernel; rebuild netgeom");
            }
        }
        return out8.get(JAVA_LONG, 0);
    }

    @Override
    public void launch(long function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedMemoryBytes, KernelArgs args) {
        ensureOpen();
        if (args.count() > MAX_KERNEL_ARGS) throw new IllegalArgumentException("at most " + MAX_KERNEL_ARGS + " kernel arguments");
        for (int i = 0; i < args.count(); i++) {
            long slot = 8L * i;
            switch (args.kind(i)) {
                case POINTER, INT64 -> argumentValues.set(JAVA_LONG, slot, args.bits(i));
                case INT32 -> argumentValues.set(JAVA_INT, slot, args.intValue(i));
                case FLOAT32 -> argumentValues.set(JAVA_FLOAT, slot, args.floatValue(i));
            }
            argumentPointers.setAtIndex(ADDRESS, i, argumentValues.asSlice(slot));
        }
        check("cuLaunchKernel", driver.cuLaunchKernel(MemorySegment.ofAddress(function), gridX, gridY, gridZ, blockX, blockY,
                blockZ, sharedMemoryBytes, stream, argumentPointers, MemorySegment.NULL));
    }

    @Override
    public void synchronize() {
        ensureOpen();
        check("cuStreamSynchronize", driver.cuStreamSynchronize(stream));
    }

    @Override
    public long createEvent() {
        ensureOpen();
        check("cuEventCreate", driver.cuEventCreate(out8, 0));
        return out8.get(JAVA_LONG, 0);
    }

    @Override
    public void recordEvent(long event) {
        ensureOpen();
        check("cuEventRecord", driver.cuEventRecord(MemorySegment.ofAddress(event), stream));
    }

    @Override
    public float elapsedMillis(long startEvent, long endEvent) {
        ensureOpen();
        check("cuEventSynchronize", driver.cuEventSynchronize(MemorySegment.ofAddress(endEvent)));
        check("cuEventElapsedTime", driver.cuEventElapsedTime(out8, MemorySegment.ofAddress(startEvent),
                MemorySegment.ofAddress(endEvent)));
        return out8.get(JAVA_FLOAT, 0);
    }

    @Override
    public void destroyEvent(long event) {
        ensureOpen();
        check("cuEventDestroy", driver.cuEventDestroy_v2(MemorySegment.ofAddress(event)));
    }

    @Override
    public void beginCapture() {
        ensureOpen();
        check("cuStreamBeginCapture", driver.cuStreamBeginCapture_v2(stream, CudaDriver.CU_STREAM_CAPTURE_MODE_GLOBAL));
    }

    @Override
    public long endCapture() {
        ensureOpen();
        check("cuStreamEndCapture", driver.cuStreamEndCapture(stream, out8));
        MemorySegment graph = out8.get(ADDRESS, 0);
        try {
            check("cuGraphInstantiateWithFlags", driver.cuGraphInstantiateWithFlags(out8, graph, 0));
            return out8.get(JAVA_LONG, 0);
        } finally {
            check("cuGraphDestroy", driver.cuGraphDestroy(graph));
        }
    }

    @Override
    public void launchGraph(long graphExec) {
        ensureOpen();
        check("cuGraphLaunch", driver.cuGraphLaunch(MemorySegment.ofAddress(graphExec), stream));
    }

    @Override
    public void destroyGraph(long graphExec) {
        ensureOpen();
        check("cuGraphExecDestroy", driver.cuGraphExecDestroy(MemorySegment.ofAddress(graphExec)));
    }

    @Override
    public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alphaValue, long a, int lda,
                      long b, int ldb, float betaValue, long c, int ldc) {
        ensureOpen();
        alpha.set(JAVA_FLOAT, 0, alphaValue);
        beta.set(JAVA_FLOAT, 0, betaValue);
        checkBlas("cublasSgemm_v2", cublas.cublasSgemm_v2(cublasHandle, op(transposeA), op(transposeB), m, n, k, alpha, a,
                lda, b, ldb, beta, c, ldc));
    }

    @Override
    public void sgemmStridedBatched(boolean transposeA, boolean transposeB, int m, int n, int k, float alphaValue, long a,
                                    int lda, long strideA, long b, int ldb, long strideB, float betaValue, long c, int ldc,
                                    long strideC, int batchCount) {
        ensureOpen();
        alpha.set(JAVA_FLOAT, 0, alphaValue);
        beta.set(JAVA_FLOAT, 0, betaValue);
        checkBlas("cublasSgemmStridedBatched", cublas.cublasSgemmStridedBatched(cublasHandle, op(transposeA), op(transposeB),
                m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batchCount));
    }

    private static int op(boolean transpose) { return transpose ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N; }

    @Override
    public void setTf32(boolean enabled) {
        ensureOpen();
        checkBlas("cublasSetMathMode", cublas.cublasSetMathMode(cublasHandle,
                enabled ? Cublas.CUBLAS_TF32_TENSOR_OP_MATH : Cublas.CUBLAS_DEFAULT_MATH));
    }

    @Override
    public void close() {
        if (closed) return;
        makeCurrent();
        closed = true;
        driver.cuStreamSynchronize(stream); // an upload may still be reading the pinned buffers freed below
        cublas.cublasDestroy_v2(cublasHandle);
        for (int b = 0; b < 2; b++) {
            if (stagingBytes[b] > 0) driver.cuMemFreeHost(staging[b]);
            driver.cuEventDestroy_v2(stagingDone[b]);
        }
        driver.cuStreamDestroy_v2(stream);
        driver.cuDevicePrimaryCtxRelease_v2(device);
        arena.close();
    }

    private void check(String call, int status) {
        if (status != CudaDriver.CUDA_SUCCESS) throw new CudaException(call, status, errorName(status), null);
    }

    private void checkBlas(String call, int status) {
        if (status == Cublas.CUBLAS_STATUS_SUCCESS) return;
        String name = cublas.hasStatusName() ? cublas.cublasGetStatusName(status).reinterpret(128).getString(0)
                : "CUBLAS_STATUS_" + status;
        throw new CudaException(call, status, name, null);
    }

    private String errorName(int status) {
        try (Arena temporary = Arena.ofConfined()) {
            MemorySegment pointer = temporary.allocate(ADDRESS);
            if (driver.cuGetErrorName(status, pointer) != CudaDriver.CUDA_SUCCESS) return "CUDA error " + status;
            return pointer.get(ADDRESS, 0).reinterpret(256).getString(0);
        }
    }
}
