package org.netgeom.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.netgeom.fuzz.ParserProperty;

/** .npy files (header dict and data) come from users and from other programs. */
class NpyFuzzTest {
    private static final Path NAME = Path.of("fuzz.npy");

    /** Values arrive as float or double: at most 8 bytes per 1-byte element, twice for the copy the reader makes. */
    @FuzzTest
    void npyBytesParseOrAreRefused(byte[] input) {
        ParserProperty.parsesOrRefuses(input.length, 16, () -> Npy.parse(input, NAME));
    }
}
