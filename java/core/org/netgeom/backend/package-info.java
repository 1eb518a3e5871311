/**
 * Choosing and opening a {@link org.netgeom.tensor.Backend}:
 * {@link org.netgeom.backend.BackendOptions} (cpu, cuda or auto, and the CUDA settings),
 * {@link org.netgeom.backend.Backends#open}, which says what it chose and why, and
 * {@link org.netgeom.backend.BackendProvider}, through which ServiceLoader finds netgeom-cuda
 * without the core naming it. It sits beside {@code tensor}, outside the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli}: it imports {@code tensor}
 * and {@code backend.cpu}, and only front ends (the CLI, a consumer's main) open backends; training
 * and the measurements receive one and never ask which.
 */
package org.netgeom.backend;
