/**
 * Models, the second step of the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli}: the MLP (PyTorch's layout
 * and parameter names) with optional dropout and batch norm, convolutional networks built from
 * {@code nn.layers} layer lists, random features with their closed-form ridge fit and penalty
 * search, losses and initializations, the {@link org.netgeom.nn.Model} and
 * {@link org.netgeom.nn.TrainableModel} interfaces that training and the measurements work on, and
 * model files (safetensors that PyTorch opens unchanged, plain PyTorch state_dicts). It imports
 * {@code nn.layers}, {@code data}, {@code linalg}, {@code io} and {@code tensor}, never
 * {@code train}. Random features and ridge are defined in docs/methods/bmd.md, the symmetry
 * breakers in docs/methods/symmetry.md, networks in docs/methods/networks.md.
 */
package org.netgeom.nn;
