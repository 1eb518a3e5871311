/**
 * Symmetry measurements (Zhang et al., arXiv:2409.06402): the exact 1-D Wasserstein-1 distance,
 * per-layer distances between weight distributions, and the replica metric. The symmetry breakers
 * themselves live where they act (input expansion in {@code data}, dropout and batch norm in
 * {@code nn}) and the symmetry study in {@code experiments}. Definitions as implemented:
 * docs/methods/symmetry.md. In the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli} it imports {@code data},
 * {@code nn} (to read model files) and {@code tensor}; {@code experiments} and the CLI call it.
 */
package org.netgeom.symmetry;
