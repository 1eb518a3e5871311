package org.netgeom.tensor;

/**
 * A backend capability: timing queued work by the device's own clock (CUDA events), apart from
 * the host's cost of issuing it. Benchmarks ask for it with {@code instanceof}; a backend
 * without a device clock (the CPU) does not implement it.
 */
public interface DeviceTiming {
    /** Runs {@code work}, which queues operations on this backend, between two device events: the device milliseconds between them. */
    double deviceMillis(Runnable work);
}
