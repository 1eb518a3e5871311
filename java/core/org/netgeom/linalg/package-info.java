/**
 * Host float64 dense linear algebra on the Vector API: the X^T Y product ({@link
 * org.netgeom.linalg.Float64Gemm}) and the blocked Cholesky solve ({@link
 * org.netgeom.linalg.Float64Cholesky}) that closed-form fits need in float64 (ridge regression's
 * normal equations, every backend's choleskySolve). It sits beside {@code tensor}, at the left
 * of the house: it imports only {@code tensor}, and {@code nn} and {@code backend} use it.
 */
package org.netgeom.linalg;
