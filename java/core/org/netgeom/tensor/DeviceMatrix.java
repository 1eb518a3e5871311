package org.netgeom.tensor;

/**
 * A float32 row-major matrix resident where a {@link Backend} computes (host memory for the
 * CPU backend, device memory for CUDA). It either owns its memory, released by {@link #close()},
 * or is a view into another matrix (see {@link Backend#view}), whose close does nothing.
 * Using a matrix after its owner was closed is an error the backend reports.
 */
public interface DeviceMatrix extends AutoCloseable {
    int rows();

    int cols();

    /** Number of elements, rows x cols, as a long: device matrices may exceed a Java array. */
    default long size() { return (long) rows() * cols(); }

    /** The shape as text, e.g. "64x784", for messages. */
    default String shape() { return rows() + "x" + cols(); }

    /** The backend that made it; operations only accept matrices of their own backend. */
    Backend backend();

    /** True for a view into another matrix's memory. */
    boolean isView();

    /** Releases owned memory; idempotent; a no-op for views. */
    @Override
    void close();
}
