package org.netgeom.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.BooleanMeanDimension;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;

/**
 * Monte Carlo BMD throughput in bit flips per second (points x input dimension / seconds)
 * through a ReLU MLP with PyTorch's initialization on uniform +-1 points, after one untimed
 * warm-up repetition.
 */
public final class BmdBenchmark {
    public record Settings(Architecture model, int samples, int rowsPerCall, int repetitions, long seed) {
        public Settings {
            BmdSettings.of(new InputDistribution.Uniform(), samples, seed).withRowsPerCall(rowsPerCall); // validates both
            BenchmarkSummary.requireRepetitions(repetitions);
        }
    }

    /** One timed repetition, with the BMD it measured (the same every time: a check that the work is the same). */
    public record Repetition(Architecture model, int samples, int repetition, double seconds, double flipsPerSecond, double bmd) {
        /** One JSON line: model, samples, repetition, seconds, flips_per_second, bmd. */
        public Map<String, Object> toMap() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("model", model.toString());
            line.put("samples", samples);
            line.put("repetition", repetition);
            line.put("seconds", seconds);
            line.put("flips_per_second", flipsPerSecond);
            line.put("bmd", bmd);
            return line;
        }
    }

    public record Result(List<Repetition> repetitions, BenchmarkSummary summary) {}

    private BmdBenchmark() {}

    public static Result run(Settings settings, Backend backend, Consumer<? super Repetition> onRepetition) {
        Architecture architecture = settings.model();
        BmdSettings bmd = BmdSettings.of(new InputDistribution.Uniform(), settings.samples(), settings.seed())
                .withRowsPerCall(settings.rowsPerCall());
        List<Repetition> repetitions = new ArrayList<>();
        try (Mlp mlp = new Mlp(backend, architecture, Activation.RELU).initialize(Initialization.PYTORCH, settings.seed())) {
            for (int rep = -1; rep < settings.repetitions(); rep++) { // repetition -1 warms up
                long start = System.nanoTime();
                BmdResult result = BooleanMeanDimension.monteCarlo(mlp, bmd);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (rep < 0) continue;
                Repetition repetition = new Repetition(architecture, settings.samples(), rep, seconds,
                        (double) settings.samples() * architecture.inputDim() / seconds, result.bmd());
                repetitions.add(repetition);
                onRepetition.accept(repetition);
            }
        }
        List<Double> rates = repetitions.stream().map(Repetition::flipsPerSecond).toList();
        BenchmarkSummary summary = BenchmarkSummary.of("bmd " + architecture + " " + settings.samples() + " points", backend, rates,
                "flips/s").with("binding", backend.bindingName()).with("rows_per_call", settings.rowsPerCall());
        return new Result(repetitions, summary);
    }
}
