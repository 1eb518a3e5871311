/**
 * The optional JCuda host binding of the CUDA backend (netgeom-jcuda):
 * {@link org.netgeom.backend.jcuda.JCudaApi} implements netgeom-cuda's
 * {@link org.netgeom.backend.cuda.CudaApi} over JCuda/JCublas 12.6 and registers it as "jcuda" with
 * ServiceLoader; a run selects it with the binding "jcuda" (CLI {@code --cuda-binding jcuda}),
 * which needs CUDA 12's libcublas.so.12. It sits beside {@code backend.cuda}, outside the one-way
 * import order {@code data -> model -> training -> measurement -> experiments -> cli}: it imports
 * only {@code backend.cuda} and {@code tensor}, and nothing imports it.
 */
package org.netgeom.backend.jcuda;
