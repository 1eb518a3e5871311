package org.netgeom.nn;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.netgeom.fuzz.ParserProperty;

/** Architecture strings come from the command line and from model files' metadata. */
class ArchitectureFuzzTest {
    @FuzzTest
    void architectureTextParsesOrIsRefused(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ParserProperty.parsesOrRefuses(input.length, 64, () -> {
            Architecture architecture = Architecture.parse(text);
            architecture.parameterCount(); // exact, or refused: never a wrapped count
        });
    }
}
