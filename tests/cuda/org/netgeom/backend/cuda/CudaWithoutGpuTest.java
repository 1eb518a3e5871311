package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void jcudaBindingWithoutNetgeomJcudaSaysWhichArtifactToAdd() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> CudaBackendFactory.openApi("jcuda", null, 0, false));
        assertTrue(e.getMessage().contains("netgeom-jcuda"), e.getMessage());
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
     * PTX its ".target" line, and every kernel's name is in the symbol tables. Targets older than
     * the oldest this nvcc builds (sm_70 under CUDA 13) are skipped by the build, as they are here.
     */
    @Test
    void kernelImageHoldsEveryArchitectureAndKernel() throws Exception {
        Assumptions.assumeTrue(nvccPresent(), "nvcc is not installed, so the build made no kernel image");
        String image = new String(Kernels.readImage(), java.nio.charset.StandardCharsets.ISO_8859_1);
        int oldestBuildable = oldestArchitectureOfNvcc();
        for (String line : Files.readAllLines(Path.of("native/cuda-archs.txt"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int generation = Integer.parseInt(line.replaceFirst("^arch=compute_(\\d+).*", "$1"));
            if (generation < oldestBuildable) continue;
            String code = line.substring(line.indexOf("code=") + 5);
            String marker = code.startsWith("sm_") ? "-arch " + code : ".target sm_" + code.substring("compute_".length());
            assertTrue(image.contains(marker), code + " missing from the kernel image (no '" + marker + "')");
        }
        for (String kernel : Kernels.NAMES) assertTrue(image.contains(kernel), "kernel " + kernel + " missing from the image");
    }

    /** A kernel written in cuda/*.cu but missing from Kernels.NAMES would never be looked up, and the reverse fails on load. */
    @Test
    void everyKernelInTheSourcesIsLoadedByName() throws IOException {
        java.util.Set<String> defined = new java.util.TreeSet<>();
        java.util.regex.Pattern kernel = java.util.regex.Pattern.compile(
                "extern \"C\" __global__ void (?:__launch_bounds__\\([^)]*\\)\\s+)?(\\w+)\\(");
        try (var sources = Files.list(Path.of("cuda"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".cu")).toList()) {
                var matcher = kernel.matcher(Files.readString(source));
                while (matcher.find()) defined.add(matcher.group(1));
            }
        }
        assertTrue(defined.contains("im2col") && defined.contains("max_pool_backward"), "kernels found: " + defined);
        assertEquals(defined, new java.util.TreeSet<>(Kernels.NAMES));
    }

    /** ConvNet takes any backend that offers ImageOps; the CUDA backend's kernels for them are in cuda/images.cu. */
    @Test
    void theCudaBackendOffersTheImageOpsConvolutionalNetworksNeed() {
        assertTrue(org.netgeom.tensor.ImageOps.class.isAssignableFrom(CudaBackend.class));
    }

    private static boolean nvccPresent() {
        return nvcc() != null;
    }

    /** The nvcc native/build-kernels.sh picks (NETGEOM_NVCC, the PATH, then /usr/local/cuda), or null. */
    private static Path nvcc() {
        String chosen = System.getenv("NETGEOM_NVCC");
        if (chosen != null && !chosen.isEmpty()) return chosen.equals("none") ? null : Path.of(chosen);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String folder : path.split(":")) {
                if (Files.isExecutable(Path.of(folder, "nvcc"))) return Path.of(folder, "nvcc");
            }
        }
        return Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc")) ? Path.of("/usr/local/cuda/bin/nvcc") : null;
    }

    /** The oldest compute capability nvcc builds, as 75 for compute_75 (from --list-gpu-arch). */
    private static int oldestArchitectureOfNvcc() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(nvcc().toString(), "--list-gpu-arch").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor() == 0, "nvcc --list-gpu-arch failed: " + output);
        return output.lines().filter(line -> line.matches("compute_\\d+.*"))
                .mapToInt(line -> Integer.parseInt(line.replaceFirst("compute_(\\d+).*", "$1"))).min().orElseThrow();
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
