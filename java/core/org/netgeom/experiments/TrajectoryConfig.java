package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.ImageShape;
import org.netgeom.io.CsvTable;
import org.netgeom.io.PathNames;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.OptimizerConfig;

/**
 * One configuration of a trajectory sweep, a row of the --configs CSV:
 * {@code name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed}
 * ({@code momentum} and {@code input_shape} optional). model is an MLP architecture
 * (784-256-10), rf:P (random features trained by gradient descent) or a convolutional network
 * as {@code train --model} takes it (a layer list like conv:16k3p1,relu,maxpool:2,flatten,linear:10,
 * or allcnn, resnet20, resnet18:w0.5); a network's layer list says its activations, so its
 * activation column is not used, and its dropout and batch_norm must be 0 and false.
 * input_shape (CxHxW, empty: a square image of 1 or 3 channels from the data) applies to networks.
 */
public record TrajectoryConfig(String name, String model, String activation, String optimizer, float learningRate,
                               int batch, float weightDecay, float dropout, boolean batchNorm, int epochs, long seed,
                               float momentum, String inputShape) {
    public static final List<String> REQUIRED_COLUMNS = List.of("name", "model", "activation", "optimizer", "lr", "batch",
            "weight_decay", "dropout", "batch_norm", "epochs", "seed");

    public TrajectoryConfig {
        PathNames.requireSegment(name, "config name"); // it names the run's folder, runs/NAME
        if (!(learningRate > 0)) throw new InvalidInputException("config " + name + ": lr must be > 0, got " + learningRate);
        if (epochs < 1) throw new InvalidInputException("config " + name + ": epochs must be >= 1, got " + epochs);
        if (batch < 1) throw new InvalidInputException("config " + name + ": batch must be >= 1, got " + batch);
        inputShape = inputShape == null || inputShape.isBlank() ? null : inputShape.trim();
        OptimizerConfig.parseKind(optimizer);
        ModelSpec spec = modelSpec(model, activation, dropout, batchNorm, inputShape);
        if (inputShape != null && !(spec instanceof ModelSpec.NetworkSpec)) {
            throw new InvalidInputException("config " + name + ": input_shape " + inputShape
                    + " applies to convolutional networks, not to " + spec.describe() + "; leave it empty");
        }
    }

    /** A configuration without an input shape (MLPs, random features, or a network on square images). */
    public TrajectoryConfig(String name, String model, String activation, String optimizer, float learningRate, int batch,
                            float weightDecay, float dropout, boolean batchNorm, int epochs, long seed, float momentum) {
        this(name, model, activation, optimizer, learningRate, batch, weightDecay, dropout, batchNorm, epochs, seed, momentum, null);
    }

    public ModelSpec modelSpec() { return modelSpec(model, activation, dropout, batchNorm, inputShape); }

    private static ModelSpec modelSpec(String model, String activation, float dropout, boolean batchNorm, String inputShape) {
        return ModelSpec.parse(model, activation, Initialization.parse("pytorch"), new MlpOptions(dropout, batchNorm),
                inputShape == null ? null : ImageShape.parse(inputShape));
    }

    public OptimizerConfig optimizerConfig() {
        return new OptimizerConfig(OptimizerConfig.parseKind(optimizer), learningRate, momentum, false, weightDecay,
                0.9f, 0.999f, 1e-8f);
    }

    /**
     * The factors trajectories are grouped by, as text (derived: family, depth, width; for
     * networks see {@link NetworkFactors}).
     */
    public Map<String, String> factors() {
        Map<String, String> f = new LinkedHashMap<>();
        if (Network.isNetworkSpec(model)) {
            NetworkFactors network = NetworkFactors.of(model);
            f.put("family", network.family());
            f.put("depth", Integer.toString(network.depth()));
            f.put("width", Integer.toString(network.width()));
            f.put("architecture", model);
            f.put("activation", network.activation());
        } else {
            boolean randomFeatures = model.toLowerCase(Locale.ROOT).startsWith("rf:");
            String[] widths = model.split("-");
            f.put("family", randomFeatures ? "random-features" : "mlp");
            f.put("depth", randomFeatures ? "1" : Integer.toString(widths.length - 2));
            int width = 0;
            if (randomFeatures) width = Integer.parseInt(model.substring(3));
            else for (int i = 1; i < widths.length - 1; i++) width = Math.max(width, Integer.parseInt(widths[i]));
            f.put("width", Integer.toString(width));
            f.put("architecture", model);
            f.put("activation", activation);
        }
        f.put("optimizer", optimizer);
        f.put("lr", Float.toString(learningRate));
        f.put("batch", Integer.toString(batch));
        f.put("weight_decay", Float.toString(weightDecay));
        f.put("regularization", (dropout > 0 ? "dropout" : "") + (batchNorm ? "batchnorm" : "") + (dropout == 0 && !batchNorm ? "none" : ""));
        f.put("epochs", Integer.toString(epochs));
        f.put("seed", Long.toString(seed));
        return f;
    }

    /** The configurations in a CSV file; names must be unique. */
    public static List<TrajectoryConfig> read(Path file) {
        CsvTable table = CsvTable.read(file);
        for (String column : REQUIRED_COLUMNS) {
            if (!table.header().contains(column)) {
                throw new InvalidInputException(file + " lacks the column '" + column + "'; the columns are "
                        + String.join(",", REQUIRED_COLUMNS) + " (momentum and input_shape optional)");
            }
        }
        boolean hasMomentum = table.header().contains("momentum");
        boolean hasInputShape = table.header().contains("input_shape");
        List<TrajectoryConfig> configs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
            try {
                TrajectoryConfig config = new TrajectoryConfig(table.value(r, "name"), table.value(r, "model"),
                        table.value(r, "activation"), table.value(r, "optimizer"), (float) table.doubleValue(r, "lr"),
                        (int) table.doubleValue(r, "batch"), (float) table.doubleValue(r, "weight_decay"),
                        (float) table.doubleValue(r, "dropout"), Boolean.parseBoolean(table.value(r, "batch_norm").trim()),
                        (int) table.doubleValue(r, "epochs"), (long) table.doubleValue(r, "seed"),
                        hasMomentum ? (float) table.doubleValue(r, "momentum") : 0f,
                        hasInputShape ? table.value(r, "input_shape") : null);
                if (!names.add(config.name())) throw new InvalidInputException("config name '" + config.name() + "' appears twice");
                configs.add(config);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file + " row " + (r + 2) + ": " + e.getMessage(), e);
            }
        }
        if (configs.isEmpty()) throw new InvalidInputException(file + " lists no configurations");
        return configs;
    }
}
