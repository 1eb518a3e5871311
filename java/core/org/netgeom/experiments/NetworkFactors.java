package org.netgeom.experiments;

import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netgeom.nn.layers.Layer;
import org.netgeom.nn.layers.NamedLayer;
import org.netgeom.nn.layers.Network;

/**
 * The trajectory sweep's grouping factors of a convolutional network spec: its family (a named
 * model's name without its size: allcnn, resnet, lenet; a layer list is "resnet" when it has
 * residual blocks, else "cnn"), its depth (weight layers: convolutions and linear layers, two per
 * residual block), its width (most channels of any convolution or block) and its activations.
 */
record NetworkFactors(String family, int depth, int width, String activation) {
    private static final Pattern NAMED = Pattern.compile("([a-z]+)\\d*(?::w.*)?");

    static NetworkFactors of(String spec) {
        String key = spec.trim().toLowerCase(Locale.ROOT);
        Network network = Network.parse(key, 10);
        int depth = 0, width = 0;
        boolean blocks = false;
        TreeSet<String> activations = new TreeSet<>();
        for (NamedLayer named : network.layers()) {
            switch (named.layer()) {
                case Layer.Conv2d conv -> {
                    depth++;
                    width = Math.max(width, conv.outChannels());
                }
                case Layer.BasicBlock block -> {
                    depth += 2;
                    width = Math.max(width, block.outChannels());
                    blocks = true;
                    activations.add("relu");
                }
                case Layer.Linear unused -> depth++;
                case Layer.Nonlinearity nonlinearity -> activations.add(nonlinearity.activation().cliName());
                default -> { }
            }
        }
        Matcher named = NAMED.matcher(key);
        String family = named.matches() && Network.NAMED.stream().anyMatch(n -> key.startsWith(n))
                ? named.group(1) : blocks ? "resnet" : "cnn";
        return new NetworkFactors(family, depth, width, activations.isEmpty() ? "none" : String.join("+", activations));
    }
}
