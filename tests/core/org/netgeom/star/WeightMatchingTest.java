package org.netgeom.star;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

class WeightMatchingTest {

    @Test
    void recoversARandomPermutationExactly() {
        try (Backend backend = new CpuBackend(1)) {
            Architecture architecture = Architecture.of(12, 16, 10, 3);
            try (Mlp a = new Mlp(backend, architecture, Activation.RELU).initialize(Initialization.PYTORCH, 5);
                 Mlp b = new Mlp(backend, architecture, Activation.RELU)) {
                List<int[]> hidden = List.of(Philox.permutation(16, 11, 0), Philox.permutation(10, 11, 1));
                Matrix original = backend.download(a.parameters());
                b.loadParameters(WeightMatching.permute(architecture, original, hidden));
                WeightMatching.Alignment alignment = WeightMatching.align(a, b, 1, 50);
                assertArrayEquals(original.data(), alignment.alignedParameters().data(), "aligned copy equals the original");
                assertTrue(alignment.converged(), "stopped because nothing changed");
                for (int l = 0; l < 2; l++) {
                    int[] recovered = alignment.permutations().get(l);
                    for (int i = 0; i < recovered.length; i++) assertEquals(i, hidden.get(l)[recovered[i]], "layer " + l + " unit " + i);
                }
            }
        }
    }

    @Test
    void permutingHiddenUnitsKeepsTheFunction() {
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            Architecture architecture = Architecture.of(5, 7, 6, 4);
            try (Mlp a = new Mlp(backend, architecture, Activation.TANH).initialize(Initialization.PYTORCH, 2);
                 Mlp b = new Mlp(backend, architecture, Activation.TANH)) {
                b.loadParameters(WeightMatching.permute(architecture, backend.download(a.parameters()),
                        List.of(Philox.permutation(7, 4, 0), Philox.permutation(6, 4, 1))));
                Matrix inputs = new Matrix(9, 5);
                Philox.fillNormal(inputs.data(), 0, inputs.size(), 8, 0, 0f, 1f);
                var x = scope.upload(inputs);
                var outA = scope.allocate(9, 4);
                var outB = scope.allocate(9, 4);
                a.predict(x, outA);
                b.predict(x, outB);
                Matrix ya = backend.download(outA), yb = backend.download(outB);
                for (int i = 0; i < ya.size(); i++) assertEquals(ya.data()[i], yb.data()[i], 1e-5, "output " + i);
                assertTrue(!java.util.Arrays.equals(backend.download(a.parameters()).data(), backend.download(b.parameters()).data()),
                        "the permuted parameters differ");
            }
        }
    }

    @Test
    void differentArchitecturesAreBadInputNamingBoth() {
        try (Backend backend = new CpuBackend(1);
             Mlp a = new Mlp(backend, Architecture.of(4, 6, 2), Activation.RELU);
             Mlp b = new Mlp(backend, Architecture.of(4, 5, 2), Activation.RELU)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> WeightMatching.align(a, b, 1, 10));
            assertTrue(e.getMessage().contains("4-6-2") && e.getMessage().contains("4-5-2"), e.getMessage());
        }
    }
}
