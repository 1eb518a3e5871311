package org.netgeom.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.BackendUnavailableException;
import org.netgeom.tensor.InvalidInputException;

/** Opening a backend from typed options, as a library user does. */
class BackendsTest {
    @Test
    void optionsHaveDefaultsAndWithersThatChangeOneThing() {
        BackendOptions options = BackendOptions.auto().onDevice(1).withBinding("JCuda").withLibraryPath(Path.of("/opt/cuda"))
                .withTf32(true);
        assertEquals(new BackendOptions("auto", "jcuda", Path.of("/opt/cuda"), 1, true), options);
        assertEquals("cuda", BackendOptions.cuda().kind());
        assertThrows(InvalidInputException.class, () -> BackendOptions.auto().onDevice(-1));
        assertThrows(InvalidInputException.class, () -> BackendOptions.auto().withBinding("opencl"));
    }

    @Test
    void theCpuBackendNamesNoBinding() {
        Backends.Choice choice = Backends.open(BackendOptions.cpu());
        try (Backend backend = choice.backend()) {
            assertEquals("cpu", backend.name());
            assertEquals("none", backend.bindingName());
            assertTrue(choice.note().startsWith("backend: cpu"), choice.note());
        }
    }

    /** netgeom-core's tests run without netgeom-cuda, as a CPU-only consumer does. */
    @Test
    void withoutTheCudaModuleAutoIsTheCpuAndSaysWhy() {
        assertTrue(BackendProvider.find("cuda").isEmpty(), "netgeom-cuda must not be on netgeom-core's test class path");
        Backends.Choice choice = Backends.open(BackendOptions.auto());
        try (Backend backend = choice.backend()) {
            assertEquals("cpu", backend.name());
            assertTrue(choice.note().contains("netgeom-cuda"), choice.note());
        }
    }

    @Test
    void askingForCudaWithoutTheModuleNamesTheArtifact() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.open(BackendOptions.cuda()));
        assertTrue(e.getMessage().contains("netgeom-cuda"), e.getMessage());
    }
}
