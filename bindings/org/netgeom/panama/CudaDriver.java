package org.netgeom.panama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * CUDA driver API (cuda.h, libcuda.so.1), the functions netgeom calls, 1:1 with the header.
 * Versioned entry points are bound by their exported names (cuMemAlloc is cuMemAlloc_v2 ...),
 * which CUDA 12 and 13 drivers both export. Every function returns the CUresult; no checks
 * here (see backend.cuda.PanamaCudaApi). Types: CUdevice int, CUdeviceptr and size_t long,
 * handles and out-parameters addresses. How the bindings are made and extended: see the package.
 */
public final class CudaDriver {
    private static final FunctionDescriptor INT_OF_INT = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor INT_OF_ADDRESS = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor INT_OF_ADDRESS_INT = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor INT_OF_ADDRESS_ADDRESS = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    private final NativeSymbols symbols;

    public CudaDriver(NativeSymbols symbols) { this.symbols = symbols; }

    public String libraryName() { return symbols.libraryName(); }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    public int cuInit(int flags) {
        try { return (int) symbols.handle("cuInit", INT_OF_INT).invokeExact(flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDriverGetVersion(MemorySegment driverVersion) {
        try { return (int) symbols.handle("cuDriverGetVersion", INT_OF_ADDRESS).invokeExact(driverVersion); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceGetCount(MemorySegment count) {
        try { return (int) symbols.handle("cuDeviceGetCount", INT_OF_ADDRESS).invokeExact(count); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceGet(MemorySegment device, int ordinal) {
        try { return (int) symbols.handle("cuDeviceGet", INT_OF_ADDRESS_INT).invokeExact(device, ordinal); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceGetName(MemorySegment name, int length, int device) {
        try {
            return (int) symbols.handle("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT))
                    .invokeExact(name, length, device);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceGetAttribute(MemorySegment value, int attribute, int device) {
        try {
            return (int) symbols.handle("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT))
                    .invokeExact(value, attribute, device);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceTotalMem_v2(MemorySegment bytes, int device) {
        try { return (int) symbols.handle("cuDeviceTotalMem_v2", INT_OF_ADDRESS_INT).invokeExact(bytes, device); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDevicePrimaryCtxRetain(MemorySegment context, int device) {
        try { return (int) symbols.handle("cuDevicePrimaryCtxRetain", INT_OF_ADDRESS_INT).invokeExact(context, device); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDevicePrimaryCtxRelease_v2(int device) {
        try { return (int) symbols.handle("cuDevicePrimaryCtxRelease_v2", INT_OF_INT).invokeExact(device); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuCtxSetCurrent(MemorySegment context) {
        try { return (int) symbols.handle("cuCtxSetCurrent", INT_OF_ADDRESS).invokeExact(context); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamCreate(MemorySegment stream, int flags) {
        try { return (int) symbols.handle("cuStreamCreate", INT_OF_ADDRESS_INT).invokeExact(stream, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamDestroy_v2(MemorySegment stream) {
        try { return (int) symbols.handle("cuStreamDestroy_v2", INT_OF_ADDRESS).invokeExact(stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamSynchronize(MemorySegment stream) {
        try { return (int) symbols.handle("cuStreamSynchronize", INT_OF_ADDRESS).invokeExact(stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamBeginCapture_v2(MemorySegment stream, int mode) {
        try { return (int) symbols.handle("cuStreamBeginCapture_v2", INT_OF_ADDRESS_INT).invokeExact(stream, mode); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamEndCapture(MemorySegment stream, MemorySegment graph) {
        try { return (int) symbols.handle("cuStreamEndCapture", INT_OF_ADDRESS_ADDRESS).invokeExact(stream, graph); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuGraphInstantiateWithFlags(MemorySegment graphExec, MemorySegment graph, long flags) {
        try {
            return (int) symbols.handle("cuGraphInstantiateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG))
                    .invokeExact(graphExec, graph, flags);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuGraphLaunch(MemorySegment graphExec, MemorySegment stream) {
        try { return (int) symbols.handle("cuGraphLaunch", INT_OF_ADDRESS_ADDRESS).invokeExact(graphExec, stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuGraphExecDestroy(MemorySegment graphExec) {
        try { return (int) symbols.handle("cuGraphExecDestroy", INT_OF_ADDRESS).invokeExact(graphExec); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuGraphDestroy(MemorySegment graph) {
        try { return (int) symbols.handle("cuGraphDestroy", INT_OF_ADDRESS).invokeExact(graph); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventCreate(MemorySegment event, int flags) {
        try { return (int) symbols.handle("cuEventCreate", INT_OF_ADDRESS_INT).invokeExact(event, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventRecord(MemorySegment event, MemorySegment stream) {
        try { return (int) symbols.handle("cuEventRecord", INT_OF_ADDRESS_ADDRESS).invokeExact(event, stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventSynchronize(MemorySegment event) {
        try { return (int) symbols.handle("cuEventSynchronize", INT_OF_ADDRESS).invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
    }

    /** Bound as cuEventElapsedTime_v2 where the driver has it (CUDA 12.8+), else the original symbol. */
    public int cuEventElapsedTime(MemorySegment milliseconds, MemorySegment start, MemorySegment end) {
        String name = symbols.has("cuEventElapsedTime_v2") ? "cuEventElapsedTime_v2" : "cuEventElapsedTime";
        try {
            return (int) symbols.handle(name, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS))
                    .invokeExact(milliseconds, start, end);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventDestroy_v2(MemorySegment event) {
        try { return (int) symbols.handle("cuEventDestroy_v2", INT_OF_ADDRESS).invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemAlloc_v2(MemorySegment devicePointer, long bytes) {
        try {
            return (int) symbols.handle("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG)).invokeExact(devicePointer, bytes);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemFree_v2(long devicePointer) {
        try { return (int) symbols.handle("cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG)).invokeExact(devicePointer); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemGetInfo_v2(MemorySegment free, MemorySegment total) {
        try { return (int) symbols.handle("cuMemGetInfo_v2", INT_OF_ADDRESS_ADDRESS).invokeExact(free, total); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemAllocHost_v2(MemorySegment hostPointer, long bytes) {
        try {
            return (int) symbols.handle("cuMemAllocHost_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG)).invokeExact(hostPointer, bytes);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemFreeHost(MemorySegment hostPointer) {
        try { return (int) symbols.handle("cuMemFreeHost", INT_OF_ADDRESS).invokeExact(hostPointer); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemcpyHtoDAsync_v2(long destination, MemorySegment source, long bytes, MemorySegment stream) {
        try {
            return (int) symbols.handle("cuMemcpyHtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS))
                    .invokeExact(destination, source, bytes, stream);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemcpyDtoHAsync_v2(MemorySegment destination, long source, long bytes, MemorySegment stream) {
        try {
            return (int) symbols.handle("cuMemcpyDtoHAsync_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS))
                    .invokeExact(destination, source, bytes, stream);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemcpyDtoDAsync_v2(long destination, long source, long bytes, MemorySegment stream) {
        try {
            return (int) symbols.handle("cuMemcpyDtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS))
                    .invokeExact(destination, source, bytes, stream);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemsetD32Async(long destination, int value, long count, MemorySegment stream) {
        try {
            return (int) symbols.handle("cuMemsetD32Async", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS))
                    .invokeExact(destination, value, count, stream);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuModuleLoadData(MemorySegment module, MemorySegment image) {
        try { return (int) symbols.handle("cuModuleLoadData", INT_OF_ADDRESS_ADDRESS).invokeExact(module, image); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuModuleUnload(MemorySegment module) {
        try { return (int) symbols.handle("cuModuleUnload", INT_OF_ADDRESS).invokeExact(module); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuModuleGetFunction(MemorySegment function, MemorySegment module, MemorySegment name) {
        try {
            return (int) symbols.handle("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS))
                    .invokeExact(function, module, name);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuLaunchKernel(MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                              int sharedMemoryBytes, MemorySegment stream, MemorySegment kernelParams, MemorySegment extra) {
        try {
            return (int) symbols.handle("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS))
                    .invokeExact(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedMemoryBytes, stream, kernelParams, extra);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuGetErrorName(int error, MemorySegment name) {
        try { return (int) symbols.handle("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)).invokeExact(error, name); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuGetErrorString(int error, MemorySegment text) {
        try { return (int) symbols.handle("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)).invokeExact(error, text); } catch (Throwable t) { throw rethrow(t); }
    }

    /** CU_DEVICE_ATTRIBUTE_* values used by netgeom (cuda.h). */
    public static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    /** CUstreamCaptureMode. */
    public static final int CU_STREAM_CAPTURE_MODE_GLOBAL = 0;
    public static final int CU_EVENT_DISABLE_TIMING = 2;
    /** CUresult values netgeom treats specially. */
    public static final int CUDA_SUCCESS = 0;
    public static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    public static final int CUDA_ERROR_NO_DEVICE = 100;
}
