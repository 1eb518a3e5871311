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
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.TrainableModel;
import org.netgeom.nn.layers.Network;
import org.netgeom.nn.layers.NetworkDescription;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;

/**
 * Training throughput in samples per second of an MLP or a convolutional network (any
 * {@link ModelSpec}): one epoch of Adam over {@code steps} batches of synthetic data shaped like
 * the model's input (an MLP teacher's rows; a network reads them as images), data resident on
 * the backend, a fresh model per repetition after one untimed warm-up repetition.
 */
public final class TrainBenchmark {
    /**
     * The model as {@code --model} spells it (MLP widths, or a network with the image shape it
     * takes: null means 1x28x28), the MLP's hidden activation, the batch size, steps per
     * repetition, timed repetitions, and the seed of the data, the model and the shuffling.
     */
    public record Settings(String model, ImageShape inputShape, Activation activation, int batch, int steps, int repetitions,
                           long seed) {
        public Settings {
            if (batch < 1) throw InvalidInputException.forField("batch", "{batch} must be >= 1, got " + batch);
            if (steps < 1) throw InvalidInputException.forField("steps", "{steps} must be >= 1, got " + steps);
            BenchmarkSummary.requireRepetitions(repetitions);
        }

        /** An MLP's settings. */
        public Settings(Architecture model, Activation activation, int batch, int steps, int repetitions, long seed) {
            this(model.toString(), null, activation, batch, steps, repetitions, seed);
        }
    }

    /** One timed repetition. */
    public record Repetition(String model, int batch, int repetition, double samplesPerSecond) {
        /** One JSON line: framework (netgeom), model, batch, repetition, samples_per_second. */
        public Map<String, Object> toMap() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("framework", "netgeom");
            line.put("model", model);
            line.put("batch", batch);
            line.put("repetition", repetition);
            line.put("samples_per_second", samplesPerSecond);
            return line;
        }
    }

    /** The timed repetitions and their summary. */
    public record Result(List<Repetition> repetitions, BenchmarkSummary summary) {}

    private TrainBenchmark() {}

    /** Runs the benchmark; {@code onRepetition} hears each timed repetition as it ends. */
    public static Result run(Settings settings, Backend backend, Consumer<? super Repetition> onRepetition) {
        boolean network = Network.isNetworkSpec(settings.model());
        ImageShape shape = settings.inputShape() != null ? settings.inputShape() : new ImageShape(1, 28, 28);
        int inputDim, classes;
        if (network) {
            inputDim = shape.size();
            classes = (int) NetworkDescription.of(Network.parse(settings.model(), 10), shape).outputs();
        } else {
            Architecture architecture = Architecture.parse(settings.model());
            inputDim = architecture.inputDim();
            classes = architecture.outputDim();
        }
        ModelSpec spec = ModelSpec.parse(settings.model(), settings.activation().cliName(), Initialization.PYTORCH, MlpOptions.none(),
                network ? shape : null);
        DataSplit data = DataSets.load(DataSpec.teacher(Teacher.Kind.MLP), DataOptions.defaults()
                .withInputDim(inputDim).withTeacherClasses(classes)
                .withTrainSize(settings.steps() * settings.batch()).withTestSize(1).withSeed(settings.seed()));
        TrainConfig config = new TrainConfig(1, settings.batch(), settings.seed(), Loss.CROSS_ENTROPY,
                OptimizerConfig.adam(1e-3f, 0f), LearningRateSchedule.constant(), Integer.MAX_VALUE);
        List<Repetition> repetitions = new ArrayList<>();
        for (int rep = -1; rep < settings.repetitions(); rep++) { // repetition -1 warms up
            try (TrainableModel model = spec.build(backend, inputDim, classes, settings.seed())) {
                TrainingResult result = new Trainer(config, List.of()).train(model, data.train(), null);
                if (rep < 0) continue;
                Repetition repetition = new Repetition(settings.model(), settings.batch(), rep, result.samplesPerSecond());
                repetitions.add(repetition);
                onRepetition.accept(repetition);
            }
        }
        List<Double> rates = repetitions.stream().map(Repetition::samplesPerSecond).toList();
        BenchmarkSummary summary = BenchmarkSummary.of("train " + settings.model() + (network ? " on " + shape : "") + " batch "
                + settings.batch(), backend, rates,
                "samples/s").with("binding", backend.bindingName());
        return new Result(repetitions, summary);
    }
}
