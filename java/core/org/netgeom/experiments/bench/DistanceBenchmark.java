package org.netgeom.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.netgeom.tensor.Backend;
import org.netgeom.trajectory.BhattacharyyaDistances;
import org.netgeom.trajectory.PredictionSet;

/**
 * Bhattacharyya distance matrix time, from predictions in host memory to the K x K matrix in
 * host memory (upload, kernel, download), after one untimed warm-up run in the same process.
 */
public final class DistanceBenchmark {
    /** One timed run, with d(0, 1), a value to compare between runs and backends (0 for a single point). */
    public record Repetition(int repetition, double secondsFromHost, double distance01) {
        /** One JSON line: repetition, seconds_from_host, distance_0_1. */
        public Map<String, Object> toMap() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("repetition", repetition);
            line.put("seconds_from_host", secondsFromHost);
            line.put("distance_0_1", distance01);
            return line;
        }
    }

    public record Result(List<Repetition> repetitions, BenchmarkSummary summary) {}

    private DistanceBenchmark() {}

    public static Result run(PredictionSet set, int repetitions, Backend backend, Consumer<? super Repetition> onRepetition) {
        BenchmarkSummary.requireRepetitions(repetitions);
        BhattacharyyaDistances distances = new BhattacharyyaDistances(backend);
        List<Repetition> timed = new ArrayList<>();
        for (int rep = -1; rep < repetitions; rep++) { // repetition -1 warms up
            long start = System.nanoTime();
            double[][] d = distances.pairwise(set);
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (rep < 0) continue;
            Repetition repetition = new Repetition(rep, elapsed, d.length > 1 ? d[0][1] : 0.0);
            timed.add(repetition);
            onRepetition.accept(repetition);
        }
        BenchmarkSummary summary = BenchmarkSummary.of("distance matrix " + set.size() + " points x " + set.samples() + " samples x "
                + set.classes() + " classes", backend, timed.stream().map(Repetition::secondsFromHost).toList(), "s");
        return new Result(timed, summary);
    }
}
