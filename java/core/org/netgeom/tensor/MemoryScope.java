package org.netgeom.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns every matrix allocated through it and frees them all, newest first, when closed:
 * {@code try (MemoryScope scope = new MemoryScope(backend)) { ... }}.
 */
public final class MemoryScope implements AutoCloseable {
    private final Backend backend;
    private final List<DeviceMatrix> owned = new ArrayList<>();
    private boolean closed;

    /** A scope that allocates on {@code backend}; close it to free what it owns. */
    public MemoryScope(Backend backend) { this.backend = backend; }

    public Backend backend() { return backend; }

    /** A zero-filled rows x cols matrix owned by this scope. */
    public DeviceMatrix allocate(int rows, int cols) {
        return adopt(backend.allocate(rows, cols));
    }

    /** A device copy of {@code host} owned by this scope. */
    public DeviceMatrix upload(Matrix host) {
        return adopt(backend.upload(host));
    }

    /** Takes ownership of {@code matrix}: it is closed with this scope. */
    public <M extends DeviceMatrix> M adopt(M matrix) {
        if (closed) throw new IllegalStateException("memory scope already closed");
        owned.add(matrix);
        return matrix;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        RuntimeException first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        owned.clear();
        if (first != null) throw first;
    }
}
