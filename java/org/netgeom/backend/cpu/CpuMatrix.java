package org.netgeom.backend.cpu;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;

/** A CPU "device" matrix: a float array with an offset, so views share their owner's array. */
final class CpuMatrix implements DeviceMatrix {
    private final CpuBackend backend;
    private final CpuMatrix owner;
    final float[] data;
    final int offset;
    private final int rows;
    private final int cols;
    private boolean closed;

    CpuMatrix(CpuBackend backend, CpuMatrix owner, float[] data, int offset, int rows, int cols) {
        this.backend = backend;
        this.owner = owner;
        this.data = data;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public Backend backend() { return backend; }
    @Override public boolean isView() { return owner != null; }

    boolean isClosed() { return owner != null ? owner.isClosed() : closed; }

    /** The matrix owning this memory (itself unless a view). */
    CpuMatrix ownerForViews() { return owner != null ? owner : this; }

    @Override
    public void close() {
        if (owner != null || closed) return;
        closed = true;
        backend.released(this);
    }

    @Override
    public String toString() { return "CpuMatrix[" + shape() + (isView() ? ", view" : "") + "]"; }
}
