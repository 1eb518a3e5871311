package org.netgeom.experiments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.layers.NetworkDescription;
import org.netgeom.nn.layers.StateEntry;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.TrainableModel;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.Provenance;
import org.netgeom.symmetry.ReplicaDistance;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;

/**
 * Trains R replicas of one MLP or convolutional-network configuration (seeds seed, seed + 1, ...;
 * each seed drives both initialization and shuffling) and measures how far apart their weight
 * distributions end up (docs/methods/symmetry.md, Replica metric). The layers are the weight
 * tensors of the linear and convolutional layers under their state_dict names (biases and
 * batch-norm parameters are not measured).
 */
public final class ReplicaRun {
    /** The metric, and each replica's final test accuracy and loss. */
    public record Outcome(ReplicaDistance.Result metric, List<Long> seeds, List<Double> testAccuracies, List<Double> testLosses,
                          int epochs, int trainSize) {
        public double meanAccuracy() { return testAccuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN); }

        /** The JSON form: per layer the replica and init distances, their means, and the replicas' test accuracies. */
        public Map<String, Object> toMap() {
            List<Map<String, Object>> layers = new ArrayList<>();
            for (ReplicaDistance.Layer layer : metric.layers()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", layer.name());
                entry.put("replica_distance", layer.replicaDistance());
                entry.put("init_distance", layer.initDistance());
                entry.put("init_std", layer.initStd());
                layers.add(entry);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("layers", layers);
            result.put("mean_replica_distance", metric.meanReplicaDistance());
            result.put("replicas", metric.replicas());
            result.put("epochs", epochs);
            result.put("train_size", trainSize);
            result.put("test_accuracy", testAccuracies);
            result.put("mean_test_accuracy", meanAccuracy());
            return result;
        }
    }

    /**
     * The symmetry command's settings: the configuration (model and training; {@code description}
     * is how the user wrote it, recorded as "config"), replicas, the first seed, progress display.
     */
    public record Settings(ModelSpec model, TrainConfig training, int replicas, long seed, ProgressMode progress, String description,
                           List<String> commandLine) {}

    /** The replicas' outcome and symmetry.json's content: {@link Outcome#toMap}, config and provenance. */
    public record Report(Outcome outcome, Map<String, Object> json) {}

    /** What the symmetry command writes in its folder. */
    public static final List<String> RESULT_ENTRIES = List.of("symmetry.json", "replicas.csv");

    private ReplicaRun() {}

    /**
     * The symmetry command's work: trains the replicas ({@link #run}) and, with {@code outDir},
     * writes symmetry.json and replicas.csv (replica, seed, test accuracy and loss) there.
     */
    public static Report run(Settings settings, Backend backend, DataSplit data, Path outDir) {
        Instant started = Instant.now();
        Outcome outcome = run(backend, settings.model(), settings.training(), data, settings.replicas(), settings.seed(),
                settings.progress());
        Map<String, Object> json = outcome.toMap();
        json.put("config", settings.description());
        Provenance provenance = Provenance.capture(backend, settings.commandLine(), settings.seed(), started).finished(Instant.now());
        json.put("provenance", provenance.toMap());
        if (outDir != null) {
            JsonOutput.writeFile(outDir.resolve("symmetry.json"), json);
            CsvTable table = new CsvTable("replica", "seed", "test_accuracy", "test_loss");
            for (int r = 0; r < outcome.seeds().size(); r++) {
                table.addRow(r, outcome.seeds().get(r), outcome.testAccuracies().get(r), outcome.testLosses().get(r));
            }
            table.write(outDir.resolve("replicas.csv"));
        }
        return new Report(outcome, json);
    }

    /** {@link #run(Backend, ModelSpec, TrainConfig, DataSplit, int, long, ProgressMode)} without progress shown. */
    public static Outcome run(Backend backend, ModelSpec spec, TrainConfig config, DataSplit data, int replicas, long seed) {
        return run(backend, spec, config, data, replicas, seed, ProgressMode.QUIET);
    }

    /** {@code replicas} replicas of {@code spec} trained by {@code config}, replica r with seed + r. */
    public static Outcome run(Backend backend, ModelSpec spec, TrainConfig config, DataSplit data, int replicas, long seed,
                              ProgressMode progressMode) {
        if (spec instanceof ModelSpec.RandomFeaturesSpec) {
            throw new InvalidInputException("the replica metric measures MLPs and convolutional networks; got " + spec.describe());
        }
        if (replicas < 2) throw InvalidInputException.forField("replicas", "{replicas} must be >= 2, got " + replicas);
        Dataset train = data.train();
        int outputs = config.loss() == Loss.SQUARED_ERROR ? train.targets().cols() : train.classes();
        if (spec instanceof ModelSpec.MlpSpec mlp) outputs = mlp.architecture().outputDim();
        List<String> names = new ArrayList<>();
        float[][][] initial = new float[replicas][][], trained = new float[replicas][][];
        List<Long> seeds = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>(), losses = new ArrayList<>();
        try (Progress progress = Progress.start(progressMode, "replicas", replicas, "models")) {
            for (int r = 0; r < replicas; r++) {
                long replicaSeed = seed + r;
                TrainConfig replicaConfig = config.withSeed(replicaSeed);
                try (TrainableModel model = spec.build(backend, train.inputDim(), outputs, replicaSeed)) {
                    names.clear();
                    initial[r] = layerWeights(model, names);
                    TrainingResult result = new Trainer(replicaConfig, List.of()).train(model, train, data.test());
                    trained[r] = layerWeights(model, new ArrayList<>());
                    seeds.add(replicaSeed);
                    accuracies.add(result.testAccuracy());
                    losses.add(result.testLoss());
                }
                progress.step();
            }
        }
        return new Outcome(ReplicaDistance.compute(names, initial, trained), seeds, accuracies, losses, config.epochs(), train.size());
    }

    /** The weight tensors of the model's linear and convolutional layers, in state_dict order; their names go to {@code names}. */
    static float[][] layerWeights(TrainableModel model, List<String> names) {
        if (model instanceof Mlp mlp) {
            float[][] weights = new float[mlp.architecture().layerCount()][];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = mlp.backend().download(mlp.weight(i)).data();
                names.add("layers." + i + ".weight");
            }
            return weights;
        }
        ConvNet net = (ConvNet) model;
        float[] flat = net.backend().download(net.parameters()).data();
        List<float[]> weights = new ArrayList<>();
        int offset = 0;
        for (StateEntry entry : NetworkDescription.of(net.network(), net.inputShape()).state()) {
            if (!entry.parameter()) continue;
            int size = (int) entry.size();
            // Linear [out, in] and convolution [out, in, k, k] weights; batch norm's 1-D weight is not a layer's weight distribution.
            if (entry.key().endsWith(".weight") && entry.shape().size() >= 2) {
                weights.add(java.util.Arrays.copyOfRange(flat, offset, offset + size));
                names.add(entry.key());
            }
            offset += size;
        }
        return weights.toArray(new float[0][]);
    }
}
