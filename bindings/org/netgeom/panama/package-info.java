/**
 * Panama ({@code java.lang.foreign}) bindings to the C libraries the CUDA backend calls, one class
 * per library, 1:1 with its header and without logic: {@link org.netgeom.panama.CudaDriver}
 * (cuda.h, libcuda.so.1) and {@link org.netgeom.panama.Cublas} (cublas_api.h, libcublas.so.13 or
 * .so.12); {@link org.netgeom.panama.NativeSymbols} links each function on first use, so the
 * classes load on machines without the library. Every method returns the library's status code
 * unchecked; {@code backend.cuda.PanamaCudaApi} checks each call and turns a failure into an
 * exception. The bindings are written by hand, not generated, and cover only the functions netgeom
 * calls. To add one, add a method named as the library exports it (versioned entry points under
 * their exported names, such as cuMemAlloc_v2 or cublasCreate_v2) whose FunctionDescriptor follows
 * the header's prototype: int for CUresult, cublasStatus_t and CUdevice, long for CUdeviceptr and
 * size_t, an address for handles, pointers and out-parameters. The sources live in bindings/ and
 * compile into netgeom-cuda. With {@code tensor}, it is at the very bottom, outside the one-way
 * import order {@code data -> model -> training -> measurement -> experiments -> cli}: it imports
 * no netgeom package, and only {@code backend.cuda} imports it.
 */
package org.netgeom.panama;
