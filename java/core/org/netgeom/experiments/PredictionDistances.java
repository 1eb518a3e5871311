package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.data.Npy;
import org.netgeom.io.AtomicFiles;
import org.netgeom.tensor.Backend;
import org.netgeom.trajectory.BhattacharyyaDistances;
import org.netgeom.trajectory.PredictionSet;

/**
 * {@code netgeom distance}: the K x K Bhattacharyya distance matrix of prediction points
 * (docs/methods/trajectory.md), written as a float64 .npy, with the points' names one per line
 * beside it (D.npy -> D.points.txt).
 */
public final class PredictionDistances {
    /** The matrix file, the points in its row order, their shape, and the time from host to host. */
    public record Outcome(Path file, List<String> points, int samples, int classes, double seconds, String backend) {
        /** What distance --json prints: file, points, samples, classes, seconds, backend. */
        public Map<String, Object> toMap() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", file.toString());
            result.put("points", points);
            result.put("samples", samples);
            result.put("classes", classes);
            result.put("seconds", seconds);
            result.put("backend", backend);
            return result;
        }
    }

    private PredictionDistances() {}

    /** The file of the point names beside the matrix file {@code file}: D.npy -> D.points.txt. */
    public static Path pointNamesFile(Path file) {
        return file.resolveSibling(file.getFileName().toString().replaceFirst("\\.npy$", "") + ".points.txt");
    }

    /** Computes the distances of {@code set}'s points (plus ignorance and truth when {@code withReferences}) into {@code file}. */
    public static Outcome write(Backend backend, PredictionSet set, boolean withReferences, Path file) {
        PredictionSet points = withReferences ? set.withReferencePoints() : set;
        long start = System.nanoTime();
        double[][] d = new BhattacharyyaDistances(backend).pairwise(points);
        double seconds = (System.nanoTime() - start) / 1e9;
        int k = points.size();
        double[] flat = new double[k * k];
        for (int i = 0; i < k; i++) System.arraycopy(d[i], 0, flat, i * k, k);
        AtomicFiles.removeStaleTemporariesOf(file);
        Npy.write(file, new long[] {k, k}, flat);
        List<String> names = points.points().stream().map(PredictionSet.Point::name).toList();
        AtomicFiles.writeString(pointNamesFile(file), String.join("\n", names) + "\n");
        return new Outcome(file, names, points.samples(), points.classes(), seconds, backend.name());
    }
}
