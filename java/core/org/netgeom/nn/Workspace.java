package org.netgeom.nn;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;

/**
 * A reusable activation buffer for batches of varying row counts: one allocation for the
 * largest batch seen, smaller batches (the last partial one) get a view of its first rows.
 */
final class Workspace implements AutoCloseable {
    private final Backend backend;
    private final int cols;
    private DeviceMatrix storage;
    private DeviceMatrix current;

    Workspace(Backend backend, int cols) {
        this.backend = backend;
        this.cols = cols;
    }

    /** A rows x cols matrix; contents are whatever the last user left. */
    DeviceMatrix rows(int rows) {
        if (storage == null || storage.rows() < rows) {
            if (storage != null) storage.close();
            storage = backend.allocate(rows, cols);
            current = null;
        }
        if (current == null || current.rows() != rows) {
            current = rows == storage.rows() ? storage : backend.view(storage, 0, rows, cols);
        }
        return current;
    }

    @Override
    public void close() {
        if (storage != null) storage.close();
        storage = null;
        current = null;
    }
}
