package org.netgeom.star;

import java.util.LinkedHashMap;
import java.util.Map;
import org.netgeom.data.Dataset;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.MemoryScope;

/**
 * How an interpolated (or averaged) network gets BatchNorm running statistics that fit its own
 * parameters (docs/methods/star.md, Interpolation and barriers): reset to mean 0, variance 1,
 * then forward passes in training mode over the first {@code batches} batches of
 * {@code batchSize} consecutive rows of {@code inputs} (training data), the statistics being
 * the plain average over those batches: PyTorch's reset_running_stats with momentum=None, then
 * the model in train mode over training batches (the reset_bn_stats of Git Re-Basin's and
 * REPAIR's released code). The star-domain authors' code instead keeps model a's statistics
 * and runs a whole training epoch with momentum 0.1; docs/methods/star.md says how that
 * differs. Dropout is active in those passes, as in PyTorch's train mode.
 */
public record BatchNormRecompute(DeviceMatrix inputs, int batchSize, int batches) {
    /** Batches when none are given: 10 of 256 rows, 2,560 training images. */
    public static final int DEFAULT_BATCHES = 10;
    public static final int DEFAULT_BATCH_SIZE = 256;

    public BatchNormRecompute {
        if (inputs == null) throw InvalidInputException.forField("inputs", "recomputing BatchNorm statistics needs training {inputs}");
        if (batchSize < 2) {
            throw InvalidInputException.forField("batchSize", "{batchSize} of the BatchNorm recomputation must be >= 2 (a batch variance), got " + batchSize);
        }
        if (batches < 1) throw InvalidInputException.forField("batches", "{batches} of the BatchNorm recomputation must be >= 1, got " + batches);
        if (inputs.rows() < 2) throw InvalidInputException.forField("inputs", "recomputing BatchNorm statistics needs at least 2 training rows");
    }

    /**
     * The recomputation Starlight's star network gets: the first {@link #DEFAULT_BATCHES} batches
     * of {@link #DEFAULT_BATCH_SIZE} rows of {@code train} (all of it when smaller), uploaded in {@code scope}.
     */
    public static BatchNormRecompute ofTraining(MemoryScope scope, Dataset train) {
        int rows = Math.min(train.size(), DEFAULT_BATCHES * DEFAULT_BATCH_SIZE);
        return new BatchNormRecompute(scope.upload(train.firstRows(rows).inputs()), DEFAULT_BATCH_SIZE, DEFAULT_BATCHES);
    }

    /** Rows actually used: every full batch, and the last one shortened to the data. */
    public int rowsUsed() {
        int rows = (int) Math.min((long) batchSize * batches, inputs.rows());
        return rows % batchSize == 1 ? rows - 1 : rows; // a one-row batch has no variance; PyTorch refuses it in training mode
    }

    /** Batches actually used (fewer than asked when the data run out). */
    public int batchesUsed() { return (rowsUsed() + batchSize - 1) / batchSize; }

    /** Recomputes {@code model}'s running statistics; a model without BatchNorm is left alone. */
    public void apply(TrainableModel model) {
        if (!(model instanceof ConvNet net) || !net.hasBatchNorm()) return;
        Backend backend = net.backend();
        net.restartRunningAverages();
        int rows = rowsUsed();
        for (int start = 0; start < rows; start += batchSize) {
            int count = Math.min(batchSize, rows - start);
            net.forward(backend.view(inputs, (long) start * inputs.cols(), count, inputs.cols()), true);
        }
    }

    /** What barrier and starlight outputs record: batches, batch_size, samples. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batches", batchesUsed());
        m.put("batch_size", batchSize);
        m.put("samples", rowsUsed());
        return m;
    }
}
