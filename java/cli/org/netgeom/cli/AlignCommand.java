package org.netgeom.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.io.AtomicFiles;
import org.netgeom.backend.Backends;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.BarrierRun;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.io.JsonOutput;
import org.netgeom.star.StarModels;
import org.netgeom.star.WeightMatching;
import org.netgeom.tensor.Backend;

@Command(name = "align", mixinStandardHelpOptions = true,
        description = "Permute b's hidden units to match a (weight matching) and write the aligned model.")
final class AlignCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();

    @Option(names = "--a", required = true, description = "Reference model: a .safetensors file or the folder holding it.") Path a;
    @Option(names = "--b", required = true, description = "Model to align to a (same architecture).") Path b;
    @Option(names = "--out", required = true,
            description = "Where to write b aligned to a: a .safetensors file, or a folder to write model.safetensors into.") Path out;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the layer visiting order (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--points", defaultValue = "21", description = "Points of the barrier curves with --data (default: ${DEFAULT-VALUE}).") int points;
    @Option(names = "--json", description = "Print one JSON object on stdout.") boolean json;

    @Override
    public Integer call() {
        boolean withData = spec.commandLine().getParseResult().hasMatchedOption("--data");
        Dataset test = withData ? ModelFiles.matchInputs(a, data.loadSplit(seed, spec.commandLine().getErr(), "test"))
                : null;
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        Map<String, Object> result = new LinkedHashMap<>();
        try (Backend compute = choice.backend(); Mlp reference = StarModels.load(compute, a); Mlp other = StarModels.load(compute, b)) {
            WeightMatching.Alignment alignment = WeightMatching.align(reference, other, seed, BarrierRun.ALIGNMENT_ROUNDS);
            other.loadParameters(alignment.alignedParameters());
            Map<String, String> metadata = new LinkedHashMap<>(org.netgeom.data.SafeTensors.read(ModelFiles.locate(b)).metadata());
            metadata.put("netgeom.aligned_to", a.toString());
            Path target = ModelFiles.target(out);
            AtomicFiles.removeStaleTemporariesOf(target);
            ModelFiles.save(other, target, metadata);
            result.put("out", target.toString());
            result.put("rounds", alignment.rounds());
            result.put("converged", alignment.converged());
            int moved = 0;
            for (int[] p : alignment.permutations()) for (int i = 0; i < p.length; i++) if (p[i] != i) moved++;
            result.put("units_moved", moved);
            if (test != null) {
                result.put("barrier_before", BarrierRun.run(compute, a, b, test, "test", points, false, seed).toMap());
                result.put("barrier_after", BarrierRun.run(compute, a, out, test, "test", points, false, seed).toMap());
            }
        }
        if (json) {
            JsonOutput.printLine(System.out, result);
        } else {
            System.out.printf("aligned %s to %s in %s rounds -> %s%n", b, a, result.get("rounds"), out);
            if (test != null) {
                System.out.printf("test loss barrier: before %.4f, after %.4f%n",
                        ((Map<?, ?>) result.get("barrier_before")).get("barrier_loss"),
                        ((Map<?, ?>) result.get("barrier_after")).get("barrier_loss"));
            }
        }
        return 0;
    }
}
