package org.netgeom.experiments.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.netgeom.data.Dataset;
import org.netgeom.experiments.BarrierRun;
import org.netgeom.star.BarrierCurve;
import org.netgeom.tensor.Backend;

/**
 * Barrier curve and weight matching times, as {@code BarrierRun} computes them with alignment,
 * after one untimed warm-up run in the same process (bench/pytorch/barrier.py times PyTorch +
 * scipy the same way).
 */
public final class BarrierBenchmark {
    public record Settings(Path a, Path b, String split, int points, int repetitions, long seed) {
        public Settings {
            BarrierCurve.requirePointCount(points);
            BenchmarkSummary.requireRepetitions(repetitions);
        }
    }

    /** One timed run: the curve's and the alignment's wall time, and the loss barrier (the same every time). */
    public record Repetition(int repetition, double curveSeconds, double alignSeconds, double barrierLoss) {
        /** One JSON line: repetition, curve_seconds, align_seconds, barrier_loss. */
        public Map<String, Object> toMap() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("repetition", repetition);
            line.put("curve_seconds", curveSeconds);
            line.put("align_seconds", alignSeconds);
            line.put("barrier_loss", barrierLoss);
            return line;
        }
    }

    /** The repetitions, then the summaries of the curve times and of the weight-matching times. */
    public record Result(List<Repetition> repetitions, BenchmarkSummary curve, BenchmarkSummary alignment) {}

    private BarrierBenchmark() {}

    public static Result run(Settings settings, Backend backend, Dataset data, Consumer<? super Repetition> onRepetition) {
        List<Repetition> repetitions = new ArrayList<>();
        for (int rep = -1; rep < settings.repetitions(); rep++) { // repetition -1 warms up
            BarrierRun.Outcome outcome = BarrierRun.run(backend, settings.a(), settings.b(), data, settings.split(), settings.points(),
                    true, settings.seed());
            if (rep < 0) continue;
            Repetition repetition = new Repetition(rep, outcome.curveSeconds(), outcome.alignSeconds(), outcome.curve().barrierLoss());
            repetitions.add(repetition);
            onRepetition.accept(repetition);
        }
        String shape = settings.points() + " points x " + data.size() + " rows";
        return new Result(repetitions,
                BenchmarkSummary.of("barrier curve " + shape, backend, repetitions.stream().map(Repetition::curveSeconds).toList(), "s"),
                BenchmarkSummary.of("weight matching", backend, repetitions.stream().map(Repetition::alignSeconds).toList(), "s"));
    }
}
