/**
 * The CUDA {@link org.netgeom.tensor.Backend} (netgeom-cuda): netgeom's own kernels (cuda/*.cu,
 * built into a fatbin resource) and cuBLAS on one stream, called through a host binding ({@link
 * org.netgeom.backend.cuda.CudaApi}): the built-in Panama one over {@code org.netgeom.panama}, or
 * another registered with {@link org.netgeom.backend.cuda.CudaApiProvider} (netgeom-jcuda's). Also
 * here: library discovery, a device memory cache, and one exception per kind of native failure.
 * {@link org.netgeom.backend.cuda.CudaBackendProvider} registers it with ServiceLoader, so
 * netgeom-core finds it without naming it. It sits beside {@code backend.cpu}, outside the one-way
 * import order {@code data -> model -> training -> measurement -> experiments -> cli}: it imports
 * {@code tensor}, {@code backend} (the provider interface), {@code backend.cpu} (the shared float64
 * Cholesky solve) and {@code panama}; nothing in netgeom-core imports it.
 */
package org.netgeom.backend.cuda;
