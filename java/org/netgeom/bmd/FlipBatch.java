package org.netgeom.bmd;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * Builds, on the backend, the (d + 1) x d block of inputs for each point: row 0 is the point x,
 * row 1 + i is x with coordinate i flipped (2 c_i - x_i for flip centre c). Blocks of several
 * points are stacked, so one model call (one GEMM per layer) carries thousands of flips.
 *
 * <p>Only the points themselves cross to the device. There, gatherRows copies each point to the
 * d + 1 rows of its block, a fixed +-1 pattern (all ones in row 0, a single -1 at column i in
 * row 1 + i) multiplies them element-wise, and for a non-zero centre the points are uploaded
 * centred and c is added back to every row by a rank-one GEMM (ones x c).
 */
final class FlipBatch implements AutoCloseable {
    private final Backend backend;
    private final MemoryScope scope;
    private final int inputDim;
    private final int pointsPerBatch;
    private final float[] centres;
    private final DeviceMatrix points;
    private final DeviceMatrix blockIndices;
    private final DeviceMatrix flipSigns;
    private final DeviceMatrix inputs;
    private final DeviceMatrix onesColumn;
    private final DeviceMatrix centreRow;

    FlipBatch(Backend backend, int inputDim, int pointsPerBatch, float[] centres) {
        this.backend = backend;
        this.scope = new MemoryScope(backend);
        this.inputDim = inputDim;
        this.pointsPerBatch = pointsPerBatch;
        this.centres = centres;
        int rows = rowsFor(pointsPerBatch);
        points = scope.allocate(pointsPerBatch, inputDim);
        blockIndices = scope.upload(blockIndices(pointsPerBatch, inputDim));
        flipSigns = scope.upload(flipSigns(pointsPerBatch, inputDim));
        inputs = scope.allocate(rows, inputDim);
        onesColumn = centres == null ? null : scope.upload(ones(rows));
        centreRow = centres == null ? null : scope.upload(new Matrix(1, inputDim, centres.clone()));
    }

    int pointsPerBatch() { return pointsPerBatch; }

    int rowsFor(int pointCount) { return pointCount * (inputDim + 1); }

    /** The flip blocks of {@code hostPoints} (count x d, count <= pointsPerBatch): rowsFor(count) x d, valid until the next call. */
    DeviceMatrix build(Matrix hostPoints) {
        int count = hostPoints.rows();
        int rows = rowsFor(count);
        Matrix uploaded = centres == null ? hostPoints : centred(hostPoints);
        DeviceMatrix pointView = count == pointsPerBatch ? points : backend.view(points, 0, count, inputDim);
        backend.upload(uploaded, pointView);
        DeviceMatrix out = view(inputs, rows);
        backend.gatherRows(pointView, blockIndices, 0, out);
        backend.multiply(out, view(flipSigns, rows), out);
        if (centres != null) backend.gemm(false, false, 1f, view(onesColumn, rows), centreRow, 1f, out);
        return out;
    }

    private DeviceMatrix view(DeviceMatrix full, int rows) {
        return rows == full.rows() ? full : backend.view(full, 0, rows, full.cols());
    }

    private Matrix centred(Matrix hostPoints) {
        Matrix m = hostPoints.copy();
        float[] values = m.data();
        for (int i = 0; i < values.length; i++) values[i] -= centres[i % inputDim];
        return m;
    }

    private static Matrix blockIndices(int pointCount, int inputDim) {
        int rows = pointCount * (inputDim + 1);
        float[] indices = new float[rows];
        for (int r = 0; r < rows; r++) indices[r] = r / (inputDim + 1);
        return new Matrix(1, rows, indices);
    }

    private static Matrix flipSigns(int pointCount, int inputDim) {
        int block = inputDim + 1;
        Matrix signs = new Matrix(pointCount * block, inputDim);
        java.util.Arrays.fill(signs.data(), 1f);
        for (int p = 0; p < pointCount; p++) {
            for (int i = 0; i < inputDim; i++) signs.set(p * block + 1 + i, i, -1f);
        }
        return signs;
    }

    private static Matrix ones(int rows) {
        Matrix m = new Matrix(rows, 1);
        java.util.Arrays.fill(m.data(), 1f);
        return m;
    }

    @Override
    public void close() { scope.close(); }
}
