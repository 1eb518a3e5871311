package org.netgeom.backend.jcuda;

import static jcuda.driver.JCudaDriver.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;
import org.netgeom.backend.cuda.CudaApi;
import org.netgeom.backend.cuda.CudaApiProvider;
import org.netgeom.backend.cuda.CudaException;
import org.netgeom.backend.cuda.CudaLibraries;
import org.netgeom.backend.cuda.DeviceOutOfMemoryException;
import org.netgeom.backend.cuda.DeviceProperties;
import org.netgeom.backend.cuda.KernelArgs;
import org.netgeom.tensor.BackendUnavailableException;

/**
 * {@link CudaApi} over JCuda/JCublas 12.6 (org.jcuda), the second host binding. JCuda's natives
 * link CUDA 12's libcublas.so.12, so this binding needs that library; JCuda's handle objects
 * are kept in a table and named by their index (CudaApi speaks in longs).
 */
public final class JCudaApi implements CudaApi {
    private static final CUdeviceptr NULL_DEVICE = new CUdeviceptr();

    private final List<Object> handles = new ArrayList<>();
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final cublasHandle blas = new cublasHandle();
    private final int deviceOrdinal;
    private final DeviceProperties properties;
    private Thread currentThread;
    private boolean closed;

    /** A device pointer at an arbitrary address: JCuda adds the byte offset to a null base. */
    private static final class Address extends CUdeviceptr {
        Address(long address) { super(NULL_DEVICE, address); }
    }

    /** Receives an address from cuMemAlloc; reads it back through the protected accessors. */
    private static final class AllocatedPointer extends CUdeviceptr {
        long address() { return getNativePointer() + getByteOffset(); }
    }

    /** Registered in META-INF/services: netgeom-cuda opens the "jcuda" binding through it. */
    public static final class Provider implements CudaApiProvider {
        @Override public String binding() { return "jcuda"; }

        @Override
        public CudaApi open(int deviceOrdinal, CudaLibraries libraries, boolean tf32) {
            return JCudaApi.open(deviceOrdinal, libraries, tf32);
        }
    }

    public static JCudaApi openDefault() { return open(0, CudaLibraries.discover(null), false); }

    public static JCudaApi open(int deviceOrdinal, CudaLibraries libraries, boolean tf32) {
        Path cublas12 = libraries.locate("libcublas.so.12");
        if (cublas12 == null) {
            Path other = libraries.locateCublas();
            throw new BackendUnavailableException("JCuda 12.6 needs libcublas.so.12, which was not found"
                    + (other != null ? " (only " + other + ")" : "") + ": use {cudaBinding} panama, or install CUDA 12's cuBLAS",
                    List.of("cudaBinding"));
        }
        try {
            // Load cuBLAS 12 (and its Lt) by path so that JCublas2's native library resolves it by soname.
            Path lt = cublas12.resolveSibling("libcublasLt.so.12");
            if (java.nio.file.Files.exists(lt)) System.load(lt.toString());
            System.load(cublas12.toString());
            JCudaDriver.setExceptionsEnabled(false);
            JCublas2.setExceptionsEnabled(false);
            return new JCudaApi(deviceOrdinal, tf32);
        } catch (UnsatisfiedLinkError e) {
            throw new BackendUnavailableException("JCuda could not load its native libraries: " + e.getMessage(), e);
        }
    }

    private JCudaApi(int deviceOrdinal, boolean tf32) {
        this.deviceOrdinal = deviceOrdinal;
        int init = cuInit(0);
        if (init != CUresult.CUDA_SUCCESS) {
            throw new BackendUnavailableException("no usable CUDA device: cuInit failed with " + CUresult.stringFor(init));
        }
        int[] count = new int[1];
        check("cuDeviceGetCount", cuDeviceGetCount(count));
        if (deviceOrdinal >= count[0]) {
            throw new BackendUnavailableException("GPU " + deviceOrdinal + " asked for, but " + count[0] + " CUDA device(s) present");
        }
        check("cuDeviceGet", cuDeviceGet(device, deviceOrdinal));
        check("cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain(context, device));
        makeCurrent();
        check("cuStreamCreate", cuStreamCreate(stream, 0));
        checkBlas("cublasCreate", JCublas2.cublasCreate(blas));
        checkBlas("cublasSetStream", JCublas2.cublasSetStream(blas, new cudaStream_t(stream)));
        setTf32(tf32);
        byte[] name = new byte[256];
        check("cuDeviceGetName", cuDeviceGetName(name, name.length, device));
        long[] total = new long[1];
        check("cuDeviceTotalMem", cuDeviceTotalMem(total, device));
        int[] version = new int[1];
        check("cuDriverGetVersion", cuDriverGetVersion(version));
        String deviceName = new String(name, java.nio.charset.StandardCharsets.US_ASCII).trim().replace("\0", "");
        properties = new DeviceProperties(deviceOrdinal, deviceName,
                attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR), total[0],
                attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), version[0]);
    }

    private int attribute(int attribute) {
        int[] value = new int[1];
        check("cuDeviceGetAttribute", cuDeviceGetAttribute(value, attribute, device));
        return value[0];
    }

    private void makeCurrent() {
        if (closed) throw new IllegalStateException("CUDA API used after close");
        if (Thread.currentThread() != currentThread) {
            check("cuCtxSetCurrent", cuCtxSetCurrent(context));
            currentThread = Thread.currentThread();
        }
    }

    private long register(Object handle) {
        handles.add(handle);
        return handles.size();
    }

    @SuppressWarnings("unchecked")
    private <T> T handle(long id, Class<T> type) { return (T) type.cast(handles.get((int) id - 1)); }

    @Override public String bindingName() { return "jcuda"; }
    @Override public DeviceProperties device() { return properties; }

    @Override
    public long[] memoryInfo() {
        makeCurrent();
        long[] free = new long[1], total = new long[1];
        check("cuMemGetInfo", cuMemGetInfo(free, total));
        return new long[] {free[0], total[0]};
    }

    @Override
    public long malloc(long bytes) {
        makeCurrent();
        AllocatedPointer pointer = new AllocatedPointer();
        int status = cuMemAlloc(pointer, Math.max(bytes, 1));
        if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            long[] info = memoryInfo();
            throw new DeviceOutOfMemoryException("cuMemAlloc", status, CUresult.stringFor(status), bytes, info[0], info[1]);
        }
        check("cuMemAlloc", status);
        return pointer.address();
    }

    @Override public void free(long pointer) { makeCurrent(); check("cuMemFree", cuMemFree(new Address(pointer))); }

    @Override
    public void memsetD32(long pointer, int value, long count) {
        makeCurrent();
        check("cuMemsetD32Async", cuMemsetD32Async(new Address(pointer), value, count, stream));
    }

    @Override
    public void copyHostToDevice(long dst, float[] src, int srcOffset, int count) {
        makeCurrent();
        check("cuStreamSynchronize", cuStreamSynchronize(stream));
        check("cuMemcpyHtoD", cuMemcpyHtoD(new Address(dst), Pointer.to(src).withByteOffset(4L * srcOffset), 4L * count));
    }

    @Override
    public void copyDeviceToHost(float[] dst, int dstOffset, long src, int count) {
        makeCurrent();
        check("cuStreamSynchronize", cuStreamSynchronize(stream));
        check("cuMemcpyDtoH", cuMemcpyDtoH(Pointer.to(dst).withByteOffset(4L * dstOffset), new Address(src), 4L * count));
    }

    @Override
    public void copyDeviceToDevice(long dst, long src, long bytes) {
        makeCurrent();
        check("cuMemcpyDtoDAsync", cuMemcpyDtoDAsync(new Address(dst), new Address(src), bytes, stream));
    }

    @Override
    public long loadModule(byte[] image) {
        makeCurrent();
        CUmodule module = new CUmodule();
        check("cuModuleLoadData", cuModuleLoadData(module, image));
        return register(module);
    }

    @Override
    public long function(long module, String name) {
        makeCurrent();
        CUfunction function = new CUfunction();
        int status = cuModuleGetFunction(function, handle(module, CUmodule.class), name);
        if (status != CUresult.CUDA_SUCCESS) {
            throw new CudaException("cuModuleGetFunction(" + name + ")", status, CUresult.stringFor(status),
                    "the kernel image lacks this kernel; rebuild netgeom");
        }
        return register(function);
    }

    @Override
    public void launch(long function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedMemoryBytes, KernelArgs args) {
        makeCurrent();
        Pointer[] values = new Pointer[args.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (args.kind(i)) {
                case POINTER, INT64 -> Pointer.to(new long[] {args.bits(i)});
                case INT32 -> Pointer.to(new int[] {args.intValue(i)});
                case FLOAT32 -> Pointer.to(new float[] {args.floatValue(i)});
            };
        }
        check("cuLaunchKernel", cuLaunchKernel(handle(function, CUfunction.class), gridX, gridY, gridZ, blockX, blockY,
                blockZ, sharedMemoryBytes, stream, Pointer.to(values), null));
    }

    @Override public void synchronize() { makeCurrent(); check("cuStreamSynchronize", cuStreamSynchronize(stream)); }

    @Override
    public long createEvent() {
        makeCurrent();
        CUevent event = new CUevent();
        check("cuEventCreate", cuEventCreate(event, 0));
        return register(event);
    }

    @Override
    public void recordEvent(long event) { makeCurrent(); check("cuEventRecord", cuEventRecord(handle(event, CUevent.class), stream)); }

    @Override
    public float elapsedMillis(long startEvent, long endEvent) {
        makeCurrent();
        check("cuEventSynchronize", cuEventSynchronize(handle(endEvent, CUevent.class)));
        float[] millis = new float[1];
        check("cuEventElapsedTime", cuEventElapsedTime(millis, handle(startEvent, CUevent.class), handle(endEvent, CUevent.class)));
        return millis[0];
    }

    @Override public void destroyEvent(long event) { makeCurrent(); check("cuEventDestroy", cuEventDestroy(handle(event, CUevent.class))); }

    @Override
    public void beginCapture() { makeCurrent(); check("cuStreamBeginCapture", cuStreamBeginCapture(stream, 0)); }

    @Override
    public long endCapture() {
        makeCurrent();
        CUgraph graph = new CUgraph();
        check("cuStreamEndCapture", cuStreamEndCapture(stream, graph));
        CUgraphExec exec = new CUgraphExec();
        try {
            check("cuGraphInstantiate", cuGraphInstantiate(exec, graph, 0));
        } finally {
            cuGraphDestroy(graph);
        }
        return register(exec);
    }

    @Override public void launchGraph(long graphExec) { makeCurrent(); check("cuGraphLaunch", cuGraphLaunch(handle(graphExec, CUgraphExec.class), stream)); }

    @Override public void destroyGraph(long graphExec) { makeCurrent(); check("cuGraphExecDestroy", cuGraphExecDestroy(handle(graphExec, CUgraphExec.class))); }

    @Override
    public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, long a, int lda, long b,
                      int ldb, float beta, long c, int ldc) {
        makeCurrent();
        checkBlas("cublasSgemm", JCublas2.cublasSgemm(blas, transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k,
                Pointer.to(new float[] {alpha}), new Address(a), lda, new Address(b), ldb, Pointer.to(new float[] {beta}),
                new Address(c), ldc));
    }

    @Override
    public void sgemmStridedBatched(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, long a, int lda,
                                    long strideA, long b, int ldb, long strideB, float beta, long c, int ldc, long strideC,
                                    int batchCount) {
        makeCurrent();
        checkBlas("cublasSgemmStridedBatched", JCublas2.cublasSgemmStridedBatched(blas, transposeA ? 1 : 0, transposeB ? 1 : 0,
                m, n, k, Pointer.to(new float[] {alpha}), new Address(a), lda, strideA, new Address(b), ldb, strideB,
                Pointer.to(new float[] {beta}), new Address(c), ldc, strideC, batchCount));
    }

    /** cublasMath_t: CUBLAS_DEFAULT_MATH = 0, CUBLAS_TF32_TENSOR_OP_MATH = 3. */
    @Override
    public void setTf32(boolean enabled) { makeCurrent(); checkBlas("cublasSetMathMode", JCublas2.cublasSetMathMode(blas, enabled ? 3 : 0)); }

    @Override
    public void close() {
        if (closed) return;
        makeCurrent();
        closed = true;
        JCublas2.cublasDestroy(blas);
        cuStreamDestroy(stream);
        cuDevicePrimaryCtxRelease(device);
    }

    private static void check(String call, int status) {
        if (status != CUresult.CUDA_SUCCESS) throw new CudaException(call, status, CUresult.stringFor(status), null);
    }

    private static void checkBlas(String call, int status) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) throw new CudaException(call, status, cublasStatus.stringFor(status), null);
    }
}
