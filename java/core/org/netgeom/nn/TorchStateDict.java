package org.netgeom.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netgeom.data.SafeTensorsFile;
import org.netgeom.tensor.InvalidInputException;

/**
 * A plain PyTorch {@code state_dict} saved as safetensors without netgeom's metadata: an
 * {@code nn.Sequential} of {@code Linear} layers with parameterless activations between them,
 * keyed {@code 0.weight, 0.bias, 2.weight, ...} (the Sequential itself) or
 * {@code layers.0.weight, ...} (a module whose {@code layers} is the Sequential). The
 * architecture is read from the weights' shapes ({@code [out, in]}, as PyTorch stores them);
 * the activation is not in the file and comes from the caller. A Linear without bias
 * ({@code bias=False}) gets zero biases, which computes the same function.
 *
 * @param weightKeys the weight tensor of each layer, in order
 * @param biasKeys the bias tensor of each layer, null where the layer has none
 */
public record TorchStateDict(Architecture architecture, List<String> weightKeys, List<String> biasKeys) {
    private static final Pattern KEY = Pattern.compile("(layers\\.)?(\\d{1,9})\\.(weight|bias)");

    /** Reads the layout of {@code contents}, or says why it is not a state_dict netgeom can use. */
    public static TorchStateDict of(SafeTensorsFile contents, Path path) {
        Map<Integer, String> weights = new TreeMap<>(), biases = new TreeMap<>();
        String prefix = null;
        for (String key : contents.tensors().keySet()) {
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                throw new InvalidInputException(path + " has no netgeom metadata, and its tensor '" + shorten(key)
                        + "' is not a Linear layer of an nn.Sequential: netgeom reads its own model files and plain PyTorch"
                        + " state_dicts of Linear layers (keys 0.weight, 0.bias, 2.weight, ... or layers.{i}.weight, ...)");
            }
            String keyPrefix = m.group(1) == null ? "" : m.group(1);
            if (prefix != null && !prefix.equals(keyPrefix)) {
                throw new InvalidInputException(path + " mixes keys with and without 'layers.' (" + shorten(key)
                        + "): save the state_dict of one module");
            }
            prefix = keyPrefix;
            (m.group(3).equals("weight") ? weights : biases).put(Integer.parseInt(m.group(2)), key);
        }
        if (weights.isEmpty()) {
            throw new InvalidInputException(path + " holds no weights and no netgeom metadata: it is not a model file");
        }
        for (Integer index : biases.keySet()) {
            if (!weights.containsKey(index)) {
                throw new InvalidInputException(path + ": tensor " + biases.get(index) + " has no weight beside it");
            }
        }
        List<String> weightKeys = new ArrayList<>(), biasKeys = new ArrayList<>();
        int[] widths = new int[weights.size() + 1];
        int layer = 0;
        for (Map.Entry<Integer, String> entry : weights.entrySet()) {
            String key = entry.getValue();
            long[] shape = contents.tensors().get(key).shape();
            if (shape.length != 2) {
                throw new InvalidInputException(path + ": tensor " + key + " has " + shape.length + " dimensions; a Linear"
                        + " weight has 2 ([out, in]), and netgeom reads only Linear layers from a plain state_dict");
            }
            int in = (int) shape[1], out = (int) shape[0];
            if (layer == 0) widths[0] = in;
            else if (in != widths[layer]) {
                throw new InvalidInputException(path + ": tensor " + key + " takes " + in + " inputs but the layer before"
                        + " it gives " + widths[layer] + ": the Linear layers do not chain");
            }
            widths[layer + 1] = out;
            weightKeys.add(key);
            biasKeys.add(biases.get(entry.getKey()));
            layer++;
        }
        return new TorchStateDict(Architecture.of(widths), List.copyOf(weightKeys), Collections.unmodifiableList(biasKeys));
    }

    private static String shorten(String key) { return key.length() <= 80 ? key : key.substring(0, 77) + "..."; }
}
