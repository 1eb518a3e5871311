package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that an error message says what it must: the file, the value, the way out. */
final class Messages {
    private Messages() {}

    static void assertMessageContains(Throwable e, String... parts) {
        for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
    }
}
