package org.netgeom.train;

import org.netgeom.data.Dataset;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Model;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/** Mean loss and accuracy of a model on device-resident data, in batches of contiguous rows. */
public final class Evaluator {
    /** Mean loss per row and fraction of rows predicted right. */
    public record Evaluation(double loss, double accuracy, int rows) {}

    private static final int DEFAULT_BATCH_ROWS = 4096;

    private Evaluator() {}

    /**
     * Mean loss and accuracy of {@code model} on a host data set: uploaded to the model's backend
     * for the call (targets encoded for {@code loss}) and freed after, in batches of 4096 rows.
     */
    public static Evaluation evaluate(Model model, Loss loss, Dataset data) {
        try (MemoryScope scope = new MemoryScope(model.backend())) {
            ResidentData resident = ResidentData.upload(scope, data, loss, model.outputDim());
            return evaluate(model, loss, resident.inputs(), resident.targets(), DEFAULT_BATCH_ROWS);
        }
    }

    /** inputs n x d and targets (encoded for {@code loss}) stay where they are; rows are read as views. */
    public static Evaluation evaluate(Model model, Loss loss, DeviceMatrix inputs, DeviceMatrix targets, int batchSize) {
        Backend backend = model.backend();
        int n = inputs.rows();
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix stats = scope.allocate(1, 2);
            accumulate(model, loss, inputs, targets, batchSize, stats);
            return evaluation(backend.download(stats), 0, n);
        }
    }

    /**
     * Adds the summed loss and the count of rows predicted right to {@code stats} (1 x 2, on the
     * backend) without reading them back, so a caller that evaluates many models (a barrier
     * curve) queues them all and downloads once; {@link #evaluation} turns a row into means.
     */
    public static void accumulate(Model model, Loss loss, DeviceMatrix inputs, DeviceMatrix targets, int batchSize, DeviceMatrix stats) {
        Backend backend = model.backend();
        int n = inputs.rows();
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix outputs = scope.allocate(Math.min(batchSize, Math.max(n, 1)), model.outputDim());
            for (int start = 0; start < n; start += batchSize) {
                int rows = Math.min(batchSize, n - start);
                DeviceMatrix x = backend.view(inputs, (long) start * inputs.cols(), rows, inputs.cols());
                DeviceMatrix y = backend.view(targets, (long) start * targets.cols(), rows, targets.cols());
                DeviceMatrix out = rows == outputs.rows() ? outputs : backend.view(outputs, 0, rows, outputs.cols());
                model.predict(x, out);
                loss.evaluate(backend, out, y, null, rows, stats);
            }
        }
    }

    /** Row {@code row} of downloaded stats (summed loss, correct count) over {@code n} rows, as means. */
    public static Evaluation evaluation(Matrix stats, int row, int n) {
        return new Evaluation((double) stats.get(row, 0) / n, (double) stats.get(row, 1) / n, n);
    }
}
