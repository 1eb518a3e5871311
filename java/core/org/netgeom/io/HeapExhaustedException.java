package org.netgeom.io;

/**
 * The Java heap is too small for what a run needs: raised before a large allocation that
 * would not fit ({@link HeapBudget#require}), and made by the CLI from an
 * {@link OutOfMemoryError}. Its message says what was being allocated, the heap limit, and how
 * to raise it; the CLI prints that one line and exits with 1.
 */
public class HeapExhaustedException extends RuntimeException {
    /**
     * @param what what ran out, e.g. "the 60000 x 784 training images need 180 MiB but only 20 MiB is free"
     * @param requestedBytes the size of the allocation that failed, 0 when unknown
     */
    public HeapExhaustedException(String what, long requestedBytes) {
        super(what + " (Java heap limit " + HeapBudget.bytes(HeapBudget.maxHeap()) + "): raise it, e.g. NETGEOM_JAVA_OPTS=-Xmx"
                + HeapBudget.suggestedHeapGiB(requestedBytes) + "g, or make the problem smaller");
    }
}
