package org.netgeom.trajectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.netgeom.data.Npy;
import org.netgeom.nn.Model;
import org.netgeom.io.CsvTable;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.StepSchedule;
import org.netgeom.train.TrainingCallback;
import org.netgeom.train.TrainingContext;

/**
 * Saves the model's softmax predictions on fixed sample sets at the steps a {@link StepSchedule}
 * selects (docs/methods/trajectory.md, Prediction points): for each set,
 * FOLDER/SET/CONFIG_stepS.npy ([N, C] float32), one row in FOLDER/SET/index.csv (file, config,
 * seed, epoch, step) and, once, FOLDER/SET/labels.npy with the samples' class indices. Several runs
 * may share a folder.
 */
public final class PredictionSnapshots implements TrainingCallback {
    public static final List<String> INDEX_HEADER = List.of("file", "config", "seed", "epoch", "step");
    public static final String INDEX_FILE = "index.csv";
    public static final String LABELS_FILE = "labels.npy";
    private static final int BATCH = 1024;

    /** A fixed set of inputs (n x d) to predict on, with their labels (may be null); {@code name} is its subfolder. */
    public record SampleSet(String name, Matrix inputs, int[] labels) {
        public SampleSet {
            if (!name.matches("[A-Za-z0-9._-]+")) throw new InvalidInputException("sample set name '" + name + "' must be a plain file name");
            if (labels != null && labels.length != inputs.rows()) {
                throw new InvalidInputException(labels.length + " labels for " + inputs.rows() + " snapshot samples");
            }
        }
    }

    private final StepSchedule schedule;
    private final List<SampleSet> sets;
    private final Path folder;
    private final String config;
    private final long seed;
    private Set<Long> steps = Set.of();

    public PredictionSnapshots(StepSchedule schedule, List<SampleSet> sets, Path folder, String config, long seed) {
        if (!config.matches("[A-Za-z0-9._=+-]+")) {
            throw new InvalidInputException("config name '" + config + "' may hold only letters, digits and . _ = + -");
        }
        this.schedule = schedule;
        this.sets = List.copyOf(sets);
        this.folder = folder;
        this.config = config;
        this.seed = seed;
    }

    @Override
    public void onStart(TrainingContext context) {
        steps = schedule.steps(context.totalSteps(), context.stepsPerEpoch());
    }

    @Override
    public void afterStep(TrainingContext context) {
        if (!steps.contains(context.step())) return;
        for (SampleSet set : sets) save(context, set);
    }

    private void save(TrainingContext context, SampleSet set) {
        Path setFolder = folder.resolve(set.name());
        try {
            Files.createDirectories(setFolder);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot create snapshot folder " + setFolder + ": " + e.getMessage(), e);
        }
        if (set.labels() != null && !Files.exists(setFolder.resolve(LABELS_FILE))) {
            Npy.writeInt32(setFolder.resolve(LABELS_FILE), new long[] {set.labels().length}, set.labels());
        }
        String file = String.format("%s_step%09d.npy", config, context.step());
        Npy.write(setFolder.resolve(file), probabilities(context.model(), set.inputs()));
        double epoch = context.stepsPerEpoch() == 0 ? 0 : context.step() / (double) context.stepsPerEpoch();
        CsvTable.appendRow(setFolder.resolve(INDEX_FILE), INDEX_HEADER, file, config, seed, epoch, context.step());
    }

    /** softmax(model(inputs)), n x outputs, computed in batches in inference mode. */
    public static Matrix probabilities(Model model, Matrix inputs) {
        Backend backend = model.backend();
        int n = inputs.rows();
        Matrix result = new Matrix(n, model.outputDim());
        try (MemoryScope scope = new MemoryScope(backend)) {
            int batch = Math.max(1, Math.min(BATCH, n));
            DeviceMatrix x = scope.allocate(batch, inputs.cols());
            DeviceMatrix out = scope.allocate(batch, model.outputDim());
            DeviceMatrix probabilities = scope.allocate(batch, model.outputDim());
            for (int start = 0; start < n; start += batch) {
                int rows = Math.min(batch, n - start);
                DeviceMatrix xs = rows == batch ? x : backend.view(x, 0, rows, x.cols());
                DeviceMatrix os = rows == batch ? out : backend.view(out, 0, rows, out.cols());
                DeviceMatrix ps = rows == batch ? probabilities : backend.view(probabilities, 0, rows, out.cols());
                backend.upload(inputs.rowRange(start, start + rows), xs);
                model.predict(xs, os);
                backend.softmax(os, ps);
                Matrix host = backend.download(ps);
                System.arraycopy(host.data(), 0, result.data(), start * result.cols(), host.size());
            }
        }
        return result;
    }
}
