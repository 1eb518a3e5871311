package org.netgeom.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Loss;
import org.netgeom.nn.RandomFeatures;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * Random-features ridge fit time (features, Gram matrix, Cholesky, solve) on a sign teacher,
 * as bench/pytorch/ridge.py times it: n samples of dimension d, p erf features, after one
 * untimed warm-up fit.
 */
public final class RidgeBenchmark {
    public record Settings(int features, int samples, int inputDim, double lambda, RidgeRegression.Precision precision,
                           int repetitions, long seed) {
        public Settings {
            if (features < 1) throw new InvalidInputException("features (p) must be >= 1, got " + features);
            if (samples < 1) throw new InvalidInputException("samples (n) must be >= 1, got " + samples);
            if (inputDim < 1) throw new InvalidInputException("input dimension (d) must be >= 1, got " + inputDim);
            BenchmarkSummary.requireRepetitions(repetitions);
        }

        /** float64 or float32, as the summary names it. */
        String precisionName() { return precision.name().toLowerCase(Locale.ROOT); }
    }

    /** One timed fit. */
    public record Repetition(int samples, int features, String precision, int repetition, double seconds) {
        /** One JSON line: n, p, precision, repetition, seconds. */
        public Map<String, Object> toMap() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("n", samples);
            line.put("p", features);
            line.put("precision", precision);
            line.put("repetition", repetition);
            line.put("seconds", seconds);
            return line;
        }
    }

    public record Result(List<Repetition> repetitions, BenchmarkSummary summary) {}

    private RidgeBenchmark() {}

    public static Result run(Settings settings, Backend backend, Consumer<? super Repetition> onRepetition) {
        DataSplit data = DataSets.load(DataSpec.teacher(Teacher.Kind.SIGN), DataOptions.defaults().withInputDim(settings.inputDim())
                .withTrainSize(settings.samples()).withTestSize(1).withSeed(settings.seed()));
        List<Repetition> repetitions = new ArrayList<>();
        try (RandomFeatures model = new RandomFeatures(backend, settings.inputDim(), settings.features(), 1, Activation.ERF,
                settings.seed()); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix inputs = scope.upload(data.train().inputs());
            Matrix targets = Loss.SQUARED_ERROR.encodeTargets(data.train().targets(), data.train().classes(), 1);
            for (int rep = -1; rep < settings.repetitions(); rep++) { // repetition -1 warms up
                long start = System.nanoTime();
                RidgeRegression.fit(model, inputs, targets, settings.lambda(), settings.precision());
                double seconds = (System.nanoTime() - start) / 1e9;
                if (rep < 0) continue;
                Repetition repetition = new Repetition(settings.samples(), settings.features(), settings.precisionName(), rep, seconds);
                repetitions.add(repetition);
                onRepetition.accept(repetition);
            }
        }
        List<Double> times = repetitions.stream().map(Repetition::seconds).toList();
        BenchmarkSummary summary = BenchmarkSummary.of("ridge n=" + settings.samples() + " p=" + settings.features() + " "
                + settings.precisionName(), backend, times, "s");
        return new Result(repetitions, summary);
    }
}
