package org.netgeom.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.io.AtomicFiles;
import org.netgeom.data.Npy;
import org.netgeom.io.JsonOutput;
import org.netgeom.trajectory.BhattacharyyaDistances;
import org.netgeom.trajectory.PredictionSet;

@Command(name = "distance", mixinStandardHelpOptions = true,
        description = "The K x K Bhattacharyya distance matrix of prediction points, as a float64 .npy.")
final class DistanceCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PredictionArguments input = new PredictionArguments();
    @Mixin BackendArguments backend = new BackendArguments();

    @Option(names = "--out", required = true, paramLabel = "D.npy", description = "The K x K matrix (float64); point names go to D.points.txt.")
    Path out;
    @Option(names = "--references", description = "Append ignorance and (with labels) truth as the last points.")
    boolean references;
    @Option(names = "--json", description = "Print one JSON object (points, file, seconds).")
    boolean json;

    @Override
    public Integer call() {
        PredictionSet set = input.read();
        if (references) set = set.withReferencePoints();
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try {
            long start = System.nanoTime();
            double[][] d = new BhattacharyyaDistances(choice.backend()).pairwise(set);
            double seconds = (System.nanoTime() - start) / 1e9;
            int k = set.size();
            double[] flat = new double[k * k];
            for (int i = 0; i < k; i++) System.arraycopy(d[i], 0, flat, i * k, k);
            AtomicFiles.removeStaleTemporariesOf(out);
            Npy.write(out, new long[] {k, k}, flat);
            Path names = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.npy$", "") + ".points.txt");
            AtomicFiles.writeString(names, String.join("\n", set.points().stream().map(PredictionSet.Point::name).toList()) + "\n");
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("file", out.toString());
                result.put("points", set.points().stream().map(PredictionSet.Point::name).toList());
                result.put("samples", set.samples());
                result.put("classes", set.classes());
                result.put("seconds", seconds);
                result.put("backend", choice.backend().name());
                JsonOutput.printLine(System.out, result);
            } else {
                System.out.printf("%d x %d distances (%d samples x %d classes) in %.2f s -> %s%n", k, k, set.samples(),
                        set.classes(), seconds, out);
            }
            return 0;
        } finally {
            choice.backend().close();
        }
    }
}
