package org.netgeom.backend.cuda;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;

/** A matrix in device memory: the owner's allocation plus an element offset for views. */
final class CudaMatrix implements DeviceMatrix {
    private final CudaBackend backend;
    private final CudaMatrix owner;
    private final long base;
    private final long offset;
    private final int rows;
    private final int cols;
    private boolean closed;

    CudaMatrix(CudaBackend backend, CudaMatrix owner, long base, long offset, int rows, int cols) {
        this.backend = backend;
        this.owner = owner;
        this.base = base;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    /** Device address of element 0. */
    long pointer() { return base + 4L * offset; }

    long elementOffset() { return offset; }

    CudaMatrix owner() { return owner != null ? owner : this; }

    boolean isClosed() { return owner != null ? owner.isClosed() : closed; }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public Backend backend() { return backend; }
    @Override public boolean isView() { return owner != null; }

    @Override
    public void close() {
        if (owner != null || closed) return;
        closed = true;
        backend.release(this, base);
    }

    @Override
    public String toString() { return "CudaMatrix[" + shape() + (isView() ? ", view" : "") + "]"; }
}
