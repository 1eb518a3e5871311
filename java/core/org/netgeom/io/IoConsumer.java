package org.netgeom.io;

import java.io.IOException;

/** A consumer that may throw IOException: the body of an {@link AtomicFiles#write} call. */
@FunctionalInterface
public interface IoConsumer<T> {
    /** Consumes {@code value}; may fail with an IOException. */
    void accept(T value) throws IOException;
}
