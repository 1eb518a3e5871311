package org.netgeom.panama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * cuBLAS (cublas_api.h, libcublas.so.13 or .so.12), the functions netgeom calls, 1:1 with the
 * header under their exported (_v2) names. Every function returns the cublasStatus_t.
 * Matrices are column-major, as cuBLAS defines them. How the bindings are made: see the package.
 */
public final class Cublas {
    private final NativeSymbols symbols;

    public Cublas(NativeSymbols symbols) { this.symbols = symbols; }

    public String libraryName() { return symbols.libraryName(); }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    public int cublasCreate_v2(MemorySegment handle) {
        try { return (int) symbols.handle("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS)).invokeExact(handle); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasDestroy_v2(MemorySegment handle) {
        try { return (int) symbols.handle("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS)).invokeExact(handle); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasGetVersion_v2(MemorySegment handle, MemorySegment version) {
        try {
            return (int) symbols.handle("cublasGetVersion_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)).invokeExact(handle, version);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasSetStream_v2(MemorySegment handle, MemorySegment stream) {
        try {
            return (int) symbols.handle("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)).invokeExact(handle, stream);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasSetMathMode(MemorySegment handle, int mode) {
        try {
            return (int) symbols.handle("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)).invokeExact(handle, mode);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasSgemm_v2(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha,
                              long a, int lda, long b, int ldb, MemorySegment beta, long c, int ldc) {
        try {
            return (int) symbols.handle("cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                            JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT))
                    .invokeExact(handle, transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int cublasSgemmStridedBatched(MemorySegment handle, int transa, int transb, int m, int n, int k,
                                         MemorySegment alpha, long a, int lda, long strideA, long b, int ldb, long strideB,
                                         MemorySegment beta, long c, int ldc, long strideC, int batchCount) {
        try {
            return (int) symbols.handle("cublasSgemmStridedBatched", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                            JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT,
                            JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT))
                    .invokeExact(handle, transa, transb, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc,
                            strideC, batchCount);
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** const char* name of a status; present since cuBLAS 11.4. */
    public MemorySegment cublasGetStatusName(int status) {
        try {
            return (MemorySegment) symbols.handle("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT)).invokeExact(status);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public boolean hasStatusName() { return symbols.has("cublasGetStatusName"); }

    /** cublasOperation_t. */
    public static final int CUBLAS_OP_N = 0;
    public static final int CUBLAS_OP_T = 1;
    /** cublasMath_t. */
    public static final int CUBLAS_DEFAULT_MATH = 0;
    public static final int CUBLAS_TF32_TENSOR_OP_MATH = 3;
    public static final int CUBLAS_STATUS_SUCCESS = 0;
}
