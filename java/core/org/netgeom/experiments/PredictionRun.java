package org.netgeom.experiments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.data.Dataset;
import org.netgeom.data.Npy;
import org.netgeom.io.AtomicFiles;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * {@code netgeom predict}: a model file's class probabilities (softmax of its outputs) or raw
 * outputs for every row of a data set, written as one float32 .npy of shape [N, C].
 */
public final class PredictionRun {
    /**
     * @param plainActivation the activation between the layers of a plain PyTorch state_dict
     * @param logits          write raw outputs instead of probabilities
     * @param seed            the seed the data subset was drawn with, for the provenance
     */
    public record Settings(Path model, Activation plainActivation, boolean logits, long seed, Map<String, Object> commandConfig,
                           List<String> commandLine) {}

    /** The file written, its shape, what it holds, and the run's config and provenance. */
    public record Outcome(Path file, int rows, int cols, boolean logits, Map<String, Object> config, Provenance provenance) {
        /** What predict --json prints: file, shape, outputs (logits or probabilities), config, provenance. */
        public Map<String, Object> toMap() {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("file", file.toString());
            summary.put("shape", List.of(rows, cols));
            summary.put("outputs", logits ? "logits" : "probabilities");
            summary.put("config", config);
            summary.put("provenance", provenance.toMap());
            return summary;
        }
    }

    private PredictionRun() {}

    /** Predicts every row of {@code data} (matched to the model's inputs) and writes the matrix to {@code file}. */
    public static Outcome run(Settings settings, Backend backend, Dataset data, Path file) {
        Instant started = Instant.now();
        try (TrainableModel model = ModelFiles.load(backend, settings.model(), settings.plainActivation());
             MemoryScope scope = new MemoryScope(backend)) {
            Dataset matched = ModelFiles.matchInputs(settings.model(), data, model.inputDim());
            DeviceMatrix inputs = scope.upload(matched.inputs());
            DeviceMatrix outputs = scope.allocate(matched.size(), model.outputDim());
            model.predict(inputs, outputs);
            if (!settings.logits()) backend.softmax(outputs, outputs);
            Matrix result = backend.download(outputs);
            AtomicFiles.removeStaleTemporariesOf(file);
            Npy.write(file, result);
            Provenance provenance = Provenance.capture(backend, settings.commandLine(), settings.seed(), started).finished(Instant.now());
            return new Outcome(file, result.rows(), result.cols(), settings.logits(), settings.commandConfig(), provenance);
        }
    }
}
