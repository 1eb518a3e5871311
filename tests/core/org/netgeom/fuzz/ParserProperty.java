package org.netgeom.fuzz;

import java.lang.management.ManagementFactory;
import org.netgeom.tensor.InvalidInputException;

/**
 * The property every parser of untrusted input must have, checked one input at a time by the
 * fuzz tests: it returns, or throws {@link InvalidInputException} (anything else propagates and
 * is a finding), and it allocates at most {@code expansion} bytes per input byte plus
 * {@link #OVERHEAD_BYTES} on the calling thread, as HotSpot counts them
 * (com.sun.management.ThreadMXBean). The count is exact whatever the heap size, so a header
 * that talks the parser into a large allocation fails the property even when the heap has room.
 */
public final class ParserProperty {
    /** Room for what does not grow with the input: Jackson's and the regex engine's state, messages. */
    public static final long OVERHEAD_BYTES = 16L << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ParserProperty() {}

    /** Checks the property for {@code parse} run on an input of {@code inputBytes}. */
    public static void parsesOrRefuses(long inputBytes, long expansion, Runnable parse) {
        long limit = expansion * inputBytes + OVERHEAD_BYTES;
        long allocated = allocatedBy(parse);
        // The first run may load and initialize classes (and, when fuzzing, instrument them) on
        // this thread; a parser is deterministic, so a second run shows what the input costs.
        if (allocated > limit) allocated = allocatedBy(parse);
        if (allocated > limit) {
            throw new AssertionError("parsing " + inputBytes + " bytes allocated " + allocated + " bytes, more than "
                    + expansion + " per input byte plus " + OVERHEAD_BYTES);
        }
    }

    /** Bytes allocated on this thread by {@code parse}; an {@link InvalidInputException} is a normal outcome. */
    public static long allocatedBy(Runnable parse) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            parse.run();
        } catch (InvalidInputException refused) {
            // the one way a parser may turn an input down
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
