package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.netgeom.panama.CudaDriver;
import org.netgeom.panama.Cublas;
import org.netgeom.tensor.BackendUnavailableException;

/** What the CUDA side promises on machines without a GPU: classes load, errors are clear, kernels are built. */
class CudaWithoutGpuTest {

    @Test
    void bindingClassesLoadWithoutCuda() {
        assertNotNull(CudaDriver.class.getName());
        assertNotNull(Cublas.class.getName());
        assertTrue(Cublas.CUBLAS_OP_T == 1 && CudaDriver.CUDA_ERROR_OUT_OF_MEMORY == 2);
    }

    @Test
    void openingWithoutADriverGivesAClearReason() {
        Assumptions.assumeTrue(CudaLibraries.discover(null).locate(CudaLibraries.DRIVER) == null && !driverKnownToLoader(),
                "this machine has libcuda.so.1");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, PanamaCudaApi::openDefault);
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
        assertTrue(e.getMessage().contains("driver"), e.getMessage());
    }

    @Test
    void jcudaWithoutCublas12SaysToUsePanama() {
        Assumptions.assumeTrue(CudaLibraries.discover(null).locate("libcublas.so.12") == null, "this machine has libcublas.so.12");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, JCudaApi::openDefault);
        assertTrue(e.getMessage().contains("libcublas.so.12") && e.getMessage().contains("use cudaBinding panama"), e.getMessage());
    }

    @Test
    void kernelImageIsOnTheClasspathWhenNvccBuiltIt() throws IOException {
        Assumptions.assumeTrue(nvccPresent(), "nvcc is not installed, so the build made no kernel image");
        try (InputStream in = Kernels.class.getResourceAsStream(Kernels.RESOURCE)) {
            assertNotNull(in, "resource " + Kernels.RESOURCE);
            assertTrue(in.readAllBytes().length > 1000, "kernel image is not empty");
        }
    }

    /**
     * The fatbin is uncompressed: each SASS image carries its ptxas options ("-arch sm_90") and the
     * PTX its ".target" line, and every kernel's name is in the symbol tables.
     */
    @Test
    void kernelImageHoldsEveryArchitectureAndKernel() throws IOException {
        Assumptions.assumeTrue(nvccPresent(), "nvcc is not installed, so the build made no kernel image");
        String image = new String(Kernels.readImage(), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String line : Files.readAllLines(Path.of("native/cuda-archs.txt"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String code = line.substring(line.indexOf("code=") + 5);
            String marker = code.startsWith("sm_") ? "-arch " + code : ".target sm_" + code.substring("compute_".length());
            assertTrue(image.contains(marker), code + " missing from the kernel image (no '" + marker + "')");
        }
        for (String kernel : Kernels.NAMES) assertTrue(image.contains(kernel), "kernel " + kernel + " missing from the image");
    }

    private static boolean nvccPresent() {
        return Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc")) || System.getenv("PATH") != null
                && java.util.Arrays.stream(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "nvcc")));
    }

    private static boolean driverKnownToLoader() {
        try {
            java.lang.foreign.SymbolLookup.libraryLookup(CudaLibraries.DRIVER, java.lang.foreign.Arena.ofAuto());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

}
