/**
 * Host float64 dense linear algebra on the Vector API: the X^T Y product ({@link
 * org.netgeom.linalg.Float64Gemm}) and the blocked Cholesky solve ({@link
 * org.netgeom.linalg.Float64Cholesky}) that closed-form fits need in float64 (ridge regression's
 * normal equations, every backend's choleskySolve); and what every CPU kernel shares: the worker
 * threads ({@link org.netgeom.linalg.Parallel}) and whether the Vector API is there, with the
 * vector width the scalar fallback follows ({@link org.netgeom.linalg.VectorCapability}). It sits
 * beside {@code tensor}, at the left of the house: it imports only {@code tensor}, and {@code nn},
 * {@code bmd} and {@code backend} use it.
 */
package org.netgeom.linalg;
