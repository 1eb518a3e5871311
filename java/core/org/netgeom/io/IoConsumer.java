package org.netgeom.io;

import java.io.IOException;

/** A consumer that may throw IOException: the body of an {@link AtomicFiles#write} call. */
@FunctionalInterface
public interface IoConsumer<T> {
    void accept(T value) throws IOException;
}
