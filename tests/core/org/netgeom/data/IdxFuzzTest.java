package org.netgeom.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.netgeom.fuzz.ParserProperty;

/** IDX files, plain or gzip-compressed, are what --data-dir points at. */
class IdxFuzzTest {
    private static final Path NAME = Path.of("fuzz-idx");

    /**
     * Each input is read as it is (plain, or gzip when it starts with 1f 8b) and gzip-compressed,
     * so mutations of the header also reach the decompressing reader. Plain: the values are
     * copied about twice; gzip: an input byte may inflate to 1032.
     */
    @FuzzTest
    void idxBytesParseOrAreRefused(byte[] input) {
        ParserProperty.parsesOrRefuses(input.length, 2 * Idx.MAX_GZIP_EXPANSION, () -> Idx.parse(input, NAME, "values"));
        byte[] compressed = IdxFixtures.gzip(input);
        ParserProperty.parsesOrRefuses(input.length, 8, () -> Idx.parse(compressed, NAME, "values"));
    }
}
