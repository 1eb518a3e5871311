package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.netgeom.symmetry.WeightDistances;

@Command(name = "wasserstein", mixinStandardHelpOptions = true,
        description = "Per-layer Wasserstein-1 distance between two models' weight distributions.")
final class WassersteinCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--a", required = true, description = "First model: a .safetensors file or the folder holding it.") Path a;
    @Option(names = "--b", required = true, description = "Second model, same architecture.") Path b;
    @Option(names = "--layer", description = "Only layer i (layers.i.weight).") Integer layer;
    @Option(names = "--json", description = "Print one JSON object.") boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        List<WeightDistances.LayerDistance> distances = WeightDistances.between(a, b, layer);
        if (json) {
            List<Map<String, Object>> layers = new ArrayList<>();
            for (WeightDistances.LayerDistance d : distances) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", d.name());
                entry.put("w1", d.w1());
                layers.add(entry);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("layers", layers);
            result.put("mean_w1", distances.stream().mapToDouble(WeightDistances.LayerDistance::w1).average().orElse(Double.NaN));
            CommandJson.print(spec, result, null, started);
        } else {
            for (WeightDistances.LayerDistance d : distances) System.out.printf("%-18s W1 %.6g%n", d.name(), d.w1());
        }
        return 0;
    }
}
