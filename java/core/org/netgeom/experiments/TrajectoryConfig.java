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
import org.netgeom.io.CsvTable;
import org.netgeom.io.PathNames;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.OptimizerConfig;

/**
 * One configuration of a trajectory sweep, a row of the --configs CSV:
 * {@code name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed}
 * ({@code momentum} optional). model is an MLP architecture (784-256-10) or rf:P (random
 * features trained by gradient descent).
 */
public record TrajectoryConfig(String name, String model, String activation, String optimizer, float learningRate,
                               int batch, float weightDecay, float dropout, boolean batchNorm, int epochs, long seed,
                               float momentum) {
    public static final List<String> REQUIRED_COLUMNS = List.of("name", "model", "activation", "optimizer", "lr", "batch",
            "weight_decay", "dropout", "batch_norm", "epochs", "seed");

    public TrajectoryConfig {
        PathNames.requireSegment(name, "config name"); // it names the run's folder, runs/NAME
        if (!(learningRate > 0)) throw new InvalidInputException("config " + name + ": lr must be > 0, got " + learningRate);
        if (epochs < 1) throw new InvalidInputException("config " + name + ": epochs must be >= 1, got " + epochs);
        if (batch < 1) throw new InvalidInputException("config " + name + ": batch must be >= 1, got " + batch);
        OptimizerConfig.parseKind(optimizer);
        modelSpec(model, activation, dropout, batchNorm);
    }

    public ModelSpec modelSpec() { return modelSpec(model, activation, dropout, batchNorm); }

    private static ModelSpec modelSpec(String model, String activation, float dropout, boolean batchNorm) {
        return ModelSpec.parse(model, activation, Initialization.parse("pytorch"), new MlpOptions(dropout, batchNorm));
    }

    public OptimizerConfig optimizerConfig() {
        return new OptimizerConfig(OptimizerConfig.parseKind(optimizer), learningRate, momentum, false, weightDecay,
                0.9f, 0.999f, 1e-8f);
    }

    /** The factors trajectories are grouped by, as text (derived: family, depth, width). */
    public Map<String, String> factors() {
        Map<String, String> f = new LinkedHashMap<>();
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
                        + String.join(",", REQUIRED_COLUMNS) + " (momentum optional)");
            }
        }
        boolean hasMomentum = table.header().contains("momentum");
        List<TrajectoryConfig> configs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
            try {
                TrajectoryConfig config = new TrajectoryConfig(table.value(r, "name"), table.value(r, "model"),
                        table.value(r, "activation"), table.value(r, "optimizer"), (float) table.doubleValue(r, "lr"),
                        (int) table.doubleValue(r, "batch"), (float) table.doubleValue(r, "weight_decay"),
                        (float) table.doubleValue(r, "dropout"), Boolean.parseBoolean(table.value(r, "batch_norm").trim()),
                        (int) table.doubleValue(r, "epochs"), (long) table.doubleValue(r, "seed"),
                        hasMomentum ? (float) table.doubleValue(r, "momentum") : 0f);
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
