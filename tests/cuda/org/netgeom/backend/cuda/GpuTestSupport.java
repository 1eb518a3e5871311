package org.netgeom.backend.cuda;

import org.junit.jupiter.api.Assumptions;
import org.netgeom.tensor.BackendUnavailableException;

/**
 * Opens the CUDA API for gpu-tagged tests with the binding NETGEOM_CUDA_BINDING names (default
 * panama), or aborts the test with the reason when no GPU or library is present.
 */
final class GpuTestSupport {
    private GpuTestSupport() {}

    static String binding() {
        String binding = System.getenv("NETGEOM_CUDA_BINDING");
        return binding == null || binding.isBlank() ? "panama" : binding;
    }

    static CudaApi openApi() {
        try {
            return CudaBackendFactory.openApi(binding(), null, 0, false);
        } catch (BackendUnavailableException | UnsatisfiedLinkError e) {
            Assumptions.abort("no GPU for this test (" + binding() + " binding): " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    static CudaBackend openBackend() { return new CudaBackend(openApi()); }
}
