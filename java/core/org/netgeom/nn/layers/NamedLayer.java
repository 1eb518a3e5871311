package org.netgeom.nn.layers;

/** A layer under its module name, the prefix of its state_dict keys ("layers.3", "layer2.0", "fc"). */
public record NamedLayer(String name, Layer layer) {}
