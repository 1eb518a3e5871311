package org.netgeom.backend.cpu;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;

/**
 * A CPU "device" matrix: elements [offset, offset + rows * cols) of a float array, row-major.
 * Views share their owner's array, so writes through a view reach the owner; a view is usable
 * exactly as long as its owner is open.
 */
final class CpuMatrix implements DeviceMatrix {
    private final CpuBackend backend;
    /** The matrix owning the array; null when this matrix owns it. */
    private final CpuMatrix owner;
    final float[] data;
    final int offset;
    private final int rows;
    private final int cols;
    private volatile boolean closed;

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

    /** Number of elements as an int (a CPU matrix lives in one Java array). */
    int length() { return rows * cols; }

    boolean isClosed() { return owner != null ? owner.isClosed() : closed; }

    /** The matrix owning this memory (itself unless a view), so views of views track the real owner. */
    CpuMatrix owner() { return owner != null ? owner : this; }

    /** True when both cover the same elements of the same array. */
    boolean sameElementsAs(CpuMatrix other) {
        return data == other.data && offset == other.offset && length() == other.length();
    }

    @Override
    public void close() {
        if (owner != null) return;
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        backend.released(this);
    }

    @Override
    public String toString() { return "CpuMatrix[" + shape() + (isView() ? ", view at " + offset : "") + "]"; }
}
