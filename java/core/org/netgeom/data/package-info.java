/**
 * Where examples come from, the first step of the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli}: Fashion-MNIST from IDX
 * files, synthetic teachers and the heat-equation task, data sets from .npy files, standardization
 * and input expansion, and the file formats models and predictions are stored in (numpy .npy,
 * safetensors). It imports only {@code tensor} and {@code io}; models, training, the measurements
 * and the experiments read from it. The teachers are defined in docs/methods/bmd.md and input
 * expansion in docs/methods/symmetry.md.
 */
package org.netgeom.data;
