/**
 * The CPU {@link org.netgeom.tensor.Backend}, always available and the reference every other
 * backend is tested against: float arrays on the Java heap, a blocked float32 GEMM, element-wise,
 * loss, normalization, optimizer, reduction and image loops, Bhattacharyya distances and the
 * float64 Cholesky solve, on the Vector API when its module is present and otherwise in scalar
 * code with the same results. It sits beside {@code tensor}, outside the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli}: it imports only
 * {@code tensor}, {@code io} and {@code linalg}; {@code backend} opens it and netgeom-cuda shares
 * its Cholesky solver, while training and the measurements only see the {@code Backend} interface.
 */
package org.netgeom.backend.cpu;
