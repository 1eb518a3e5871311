package org.netgeom.symmetry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.netgeom.data.SafeTensor;
import org.netgeom.data.SafeTensorsFile;
import org.netgeom.data.SafeTensors;
import org.netgeom.nn.ModelFiles;
import org.netgeom.tensor.InvalidInputException;

/** Per-layer Wasserstein-1 distances between the weight distributions of two models of one architecture. */
public final class WeightDistances {
    /** One layer's distance: {@code name} is the tensor name, e.g. layers.0.weight. */
    public record LayerDistance(String name, double w1) {}

    private WeightDistances() {}

    /** Every layers.{i}.weight of the two files, or only layer {@code layer} when it is not null. */
    public static List<LayerDistance> between(Path a, Path b, Integer layer) {
        SafeTensorsFile fa = SafeTensors.read(ModelFiles.locate(a)), fb = SafeTensors.read(ModelFiles.locate(b));
        String archA = fa.metadata().get("netgeom.architecture"), archB = fb.metadata().get("netgeom.architecture");
        if (archA == null || archB == null) {
            throw new InvalidInputException((archA == null ? a : b) + " is not a netgeom model (no netgeom.architecture metadata)");
        }
        if (!Objects.equals(archA, archB) || !Objects.equals(fa.metadata().get("netgeom.model"), fb.metadata().get("netgeom.model"))) {
            throw new InvalidInputException("models have different architectures: " + a + " is " + archA + ", " + b + " is " + archB);
        }
        List<LayerDistance> distances = new ArrayList<>();
        for (int i = 0; fa.tensors().containsKey("layers." + i + ".weight"); i++) {
            if (layer != null && layer != i) continue;
            String name = "layers." + i + ".weight";
            SafeTensor ta = fa.tensor(name), tb = fb.tensor(name);
            distances.add(new LayerDistance(name, Wasserstein.distance(ta.data(), tb.data())));
        }
        if (distances.isEmpty()) {
            throw new InvalidInputException(layer == null ? "no layers.{i}.weight tensors in " + a
                    : "layer " + layer + " does not exist in " + archA + " (layers 0.." + (countLayers(fa) - 1) + ")");
        }
        return distances;
    }

    private static int countLayers(SafeTensorsFile file) {
        int i = 0;
        while (file.tensors().containsKey("layers." + i + ".weight")) i++;
        return i;
    }
}
