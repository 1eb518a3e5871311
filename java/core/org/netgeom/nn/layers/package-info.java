/**
 * Networks described as PyTorch module lists: a {@link org.netgeom.nn.layers.Network} parsed from
 * a layer list ({@code conv:32k3p1,relu,maxpool:2,flatten,linear:10}) or a named model (resnet18,
 * resnet20, allcnn, lenet5), its layers with their shapes, parameters and cost, and the exact
 * {@code state_dict} names and shapes PyTorch would give them
 * ({@link org.netgeom.nn.layers.NetworkDescription}). Definitions as implemented:
 * docs/methods/networks.md. Part of the model step of the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli}: it imports only
 * {@code tensor}; {@code nn} builds trainable networks from it and the CLI describes them.
 */
package org.netgeom.nn.layers;
