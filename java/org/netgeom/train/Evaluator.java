package org.netgeom.train;

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

    private Evaluator() {}

    /** inputs n x d and targets (encoded for {@code loss}) stay where they are; rows are read as views. */
    public static Evaluation evaluate(Model model, Loss loss, DeviceMatrix inputs, DeviceMatrix targets, int batchSize) {
        Backend backend = model.backend();
        int n = inputs.rows();
        try (MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix stats = scope.allocate(1, 2);
            DeviceMatrix outputs = scope.allocate(Math.min(batchSize, Math.max(n, 1)), model.outputDim());
            for (int start = 0; start < n; start += batchSize) {
                int rows = Math.min(batchSize, n - start);
                DeviceMatrix x = backend.view(inputs, (long) start * inputs.cols(), rows, inputs.cols());
                DeviceMatrix y = backend.view(targets, (long) start * targets.cols(), rows, targets.cols());
                DeviceMatrix out = rows == outputs.rows() ? outputs : backend.view(outputs, 0, rows, outputs.cols());
                model.predict(x, out);
                loss.evaluate(backend, out, y, null, rows, stats);
            }
            Matrix totals = backend.download(stats);
            return new Evaluation((double) totals.get(0, 0) / n, (double) totals.get(0, 1) / n, n);
        }
    }
}
