package org.netgeom.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.netgeom.fuzz.ParserProperty;

/** safetensors files (header JSON, metadata, data) come from netgeom, PyTorch and anyone else. */
class SafeTensorsFuzzTest {
    private static final Path NAME = Path.of("fuzz.safetensors");

    /** Jackson's tree of a JSON header takes tens of bytes per header byte; values at most 2x (F16 -> float). */
    @FuzzTest
    void safetensorsBytesParseOrAreRefused(byte[] input) {
        ParserProperty.parsesOrRefuses(input.length, 64, () -> SafeTensors.parse(input, NAME));
    }
}
