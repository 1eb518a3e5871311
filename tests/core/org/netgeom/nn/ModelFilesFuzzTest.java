package org.netgeom.nn;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.SafeTensors;
import org.netgeom.fuzz.ParserProperty;

/**
 * Model files are loaded by eval, bmd, star and predict from wherever the user points: the
 * metadata (model kind, architecture, activations, options) decides what is allocated, so a
 * small file must not be able to ask for a large model.
 */
class ModelFilesFuzzTest {
    private static final Path NAME = Path.of("fuzz.safetensors");
    private static final CpuBackend BACKEND = new CpuBackend();

    /** The tensors as floats, the model's parameters, gradients and a staging copy: a few times the file, plus JSON. */
    @FuzzTest
    void modelBytesLoadOrAreRefused(byte[] input) {
        ParserProperty.parsesOrRefuses(input.length, 64, () -> {
            try (TrainableModel model = ModelFiles.load(BACKEND, SafeTensors.parse(input, NAME), NAME)) {
                model.parameters();
            }
        });
    }
}
