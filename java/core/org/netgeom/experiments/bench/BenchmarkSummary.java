package org.netgeom.experiments.bench;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * The summary of one benchmark: min, median and max of its timed repetitions, in {@code unit},
 * on one backend and device. {@code extras} (e.g. the binding, the matrix size) follow the fixed
 * fields in the JSON form, in the order they were added.
 */
public record BenchmarkSummary(String benchmark, String backend, String device, String unit, double min, double median,
                               double max, int repetitions, Map<String, Object> extras) {
    public BenchmarkSummary {
        if (repetitions < 1) throw new IllegalArgumentException("a summary needs at least one repetition, got " + repetitions);
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** The summary of {@code values} (one per timed repetition); the median is the upper one of an even count. */
    public static BenchmarkSummary of(String benchmark, Backend backend, List<Double> values, String unit) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new BenchmarkSummary(benchmark, backend.name(), backend.deviceDescription(), unit, sorted[0],
                sorted[sorted.length / 2], sorted[sorted.length - 1], sorted.length, Map.of());
    }

    /** This summary with one more extra field. */
    public BenchmarkSummary with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extras);
        more.put(key, value);
        return new BenchmarkSummary(benchmark, backend, device, unit, min, median, max, repetitions, more);
    }

    /** The JSON form: benchmark, backend, device, unit, min, median, max, repetitions, then the extras. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", benchmark);
        m.put("backend", backend);
        m.put("device", device);
        m.put("unit", unit);
        m.put("min", min);
        m.put("median", median);
        m.put("max", max);
        m.put("repetitions", repetitions);
        m.putAll(extras);
        return m;
    }

    /** The median of {@code values} as {@link #of} takes it (the upper one of an even count). */
    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Fails, naming the value, unless there is at least one timed repetition. */
    static int requireRepetitions(int repetitions) {
        if (repetitions < 1) throw new InvalidInputException("repetitions must be >= 1, got " + repetitions);
        return repetitions;
    }
}
