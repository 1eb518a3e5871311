package org.netgeom.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cuda.CudaApiProvider;
import org.netgeom.backend.cuda.CudaBackendFactory;
import org.netgeom.backend.cuda.CudaLibraries;
import org.netgeom.tensor.BackendUnavailableException;

/** What the JCuda binding promises on machines without a GPU: it is found, and its errors are clear. */
class JCudaWithoutGpuTest {

    @Test
    void serviceLoaderFindsTheJcudaBinding() {
        CudaApiProvider provider = CudaApiProvider.find("jcuda").orElseThrow();
        assertEquals(JCudaApi.Provider.class, provider.getClass());
    }

    @Test
    void jcudaWithoutCublas12SaysToUsePanama() {
        Assumptions.assumeTrue(CudaLibraries.discover(null).locate("libcublas.so.12") == null, "this machine has libcublas.so.12");
        BackendUnavailableException direct = assertThrows(BackendUnavailableException.class, JCudaApi::openDefault);
        assertTrue(direct.getMessage().contains("libcublas.so.12") && direct.getMessage().contains("panama"), direct.getMessage());
        // Through the factory (as --cuda-binding jcuda goes) the same reason arrives, not "add netgeom-jcuda".
        BackendUnavailableException viaFactory = assertThrows(BackendUnavailableException.class,
                () -> CudaBackendFactory.openApi("jcuda", null, 0, false));
        assertTrue(viaFactory.getMessage().contains("libcublas.so.12"), viaFactory.getMessage());
    }
}
