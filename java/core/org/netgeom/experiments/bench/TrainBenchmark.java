package org.netgeom.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;

/**
 * MLP training throughput in samples per second: one epoch of Adam over {@code steps} batches
 * of synthetic data shaped like the model's input (an MLP teacher's), data resident on the
 * backend, a fresh model per repetition after one untimed warm-up repetition.
 */
public final class TrainBenchmark {
    public record Settings(Architecture model, Activation activation, int batch, int steps, int repetitions, long seed) {
        public Settings {
            if (batch < 1) throw new InvalidInputException("batch must be >= 1, got " + batch);
            if (steps < 1) throw new InvalidInputException("steps must be >= 1, got " + steps);
            BenchmarkSummary.requireRepetitions(repetitions);
        }
    }

    /** One timed repetition. */
    public record Repetition(Architecture model, int batch, int repetition, double samplesPerSecond) {
        /** One JSON line: framework (netgeom), model, batch, repetition, samples_per_second. */
        public Map<String, Object> toMap() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("framework", "netgeom");
            line.put("model", model.toString());
            line.put("batch", batch);
            line.put("repetition", repetition);
            line.put("samples_per_second", samplesPerSecond);
            return line;
        }
    }

    public record Result(List<Repetition> repetitions, BenchmarkSummary summary) {}

    private TrainBenchmark() {}

    /** Runs the benchmark; {@code onRepetition} hears each timed repetition as it ends. */
    public static Result run(Settings settings, Backend backend, Consumer<? super Repetition> onRepetition) {
        Architecture architecture = settings.model();
        DataSplit data = DataSets.load(DataSpec.teacher(Teacher.Kind.MLP), DataOptions.defaults()
                .withInputDim(architecture.inputDim()).withTeacherClasses(architecture.outputDim())
                .withTrainSize(settings.steps() * settings.batch()).withTestSize(1).withSeed(settings.seed()));
        TrainConfig config = new TrainConfig(1, settings.batch(), settings.seed(), Loss.CROSS_ENTROPY,
                OptimizerConfig.adam(1e-3f, 0f), LearningRateSchedule.constant(), Integer.MAX_VALUE);
        List<Repetition> repetitions = new ArrayList<>();
        for (int rep = -1; rep < settings.repetitions(); rep++) { // repetition -1 warms up
            try (Mlp mlp = new Mlp(backend, architecture, settings.activation()).initialize(Initialization.PYTORCH, settings.seed())) {
                TrainingResult result = new Trainer(config, List.of()).train(mlp, data.train(), null);
                if (rep < 0) continue;
                Repetition repetition = new Repetition(architecture, settings.batch(), rep, result.samplesPerSecond());
                repetitions.add(repetition);
                onRepetition.accept(repetition);
            }
        }
        List<Double> rates = repetitions.stream().map(Repetition::samplesPerSecond).toList();
        BenchmarkSummary summary = BenchmarkSummary.of("train " + architecture + " batch " + settings.batch(), backend, rates,
                "samples/s").with("binding", backend.bindingName());
        return new Result(repetitions, summary);
    }
}
