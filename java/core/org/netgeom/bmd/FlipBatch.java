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
 * <p>Only the points themselves cross to the device; {@link Backend#flipBlocks} writes their
 * blocks there in one pass.
 */
final class FlipBatch implements AutoCloseable {
    private final Backend backend;
    private final MemoryScope scope;
    private final int inputDim;
    private final DeviceMatrix points;
    private final DeviceMatrix inputs;
    private final DeviceMatrix centreRow;

    FlipBatch(Backend backend, int inputDim, int pointsPerBatch, float[] centres) {
        this.backend = backend;
        this.scope = new MemoryScope(backend);
        this.inputDim = inputDim;
        points = scope.allocate(pointsPerBatch, inputDim);
        inputs = scope.allocate(rowsFor(pointsPerBatch), inputDim);
        centreRow = centres == null ? null : scope.upload(new Matrix(1, inputDim, centres.clone()));
    }

    int rowsFor(int pointCount) { return pointCount * (inputDim + 1); }

    /** The flip blocks of {@code hostPoints} (count x d, count <= pointsPerBatch): rowsFor(count) x d, valid until the next call. */
    DeviceMatrix build(Matrix hostPoints) {
        int count = hostPoints.rows();
        DeviceMatrix pointView = view(points, count);
        backend.upload(hostPoints, pointView);
        DeviceMatrix out = view(inputs, rowsFor(count));
        backend.flipBlocks(pointView, centreRow, out);
        return out;
    }

    private DeviceMatrix view(DeviceMatrix full, int rows) {
        return rows == full.rows() ? full : backend.view(full, 0, rows, full.cols());
    }

    @Override
    public void close() { scope.close(); }
}
