package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * native/build-kernels.sh, run from a copy of the checkout's native/ folder (so that nothing is
 * written to the real target/): what each build mode does without nvcc, and how a fake nvcc is
 * called. NETGEOM_NVCC=none stands for a machine without nvcc, since the script would otherwise
 * also find this machine's /usr/local/cuda*.
 */
class KernelBuildScriptTest {
    private static final String NO_NVCC_IN_DIST = "nvcc not found (NETGEOM_NVCC=none): a dist bundle for GPU servers needs "
            + "the CUDA kernels. Install the CUDA toolkit (nvcc) or set NETGEOM_NVCC, or ask for a bundle without them: "
            + "mvn -Pdist -Dnetgeom.cpuOnly=true package";

    @TempDir Path folder;
    private Path checkout;
    private Path script;
    private Path output;
    private Path tools;

    @BeforeEach
    void copyTheScriptAndArchitectures() throws IOException {
        Path root = ShellScripts.repositoryRoot();
        checkout = folder.resolve("checkout");
        Files.createDirectories(checkout.resolve("native"));
        Files.createDirectories(checkout.resolve("cuda"));
        script = Files.copy(root.resolve("native/build-kernels.sh"), checkout.resolve("native/build-kernels.sh"));
        Files.copy(root.resolve("native/cuda-archs.txt"), checkout.resolve("native/cuda-archs.txt"));
        Files.writeString(checkout.resolve("cuda/kernel.cu"), "extern \"C\" __global__ void kernel() {}\n");
        output = folder.resolve("classes");
        tools = ShellScripts.toolFolder(folder, "dirname", "rm", "sed", "sort", "head", "tail", "find", "mkdir", "mktemp",
                "cat", "cp", "mv");
    }

    /** Runs the script with only the basic tools on the PATH and NETGEOM_NVCC set to {@code nvcc}. */
    private ShellScripts.Result buildKernels(String nvcc, String dist, String cpuOnly) throws Exception {
        return ShellScripts.bash(folder, Map.of("PATH", tools.toString(), "NETGEOM_NVCC", nvcc), script.toString(),
                output.toString(), dist, cpuOnly);
    }

    @Test
    void distBuildWithoutNvccFailsAndSaysHowToAskForACpuOnlyBundle() throws Exception {
        ShellScripts.Result result = buildKernels("none", "true", "false");

        assertEquals(1, result.exitCode(), result.stdout());
        assertTrue(result.stderr().contains(NO_NVCC_IN_DIST), result.stderr());
    }

    @Test
    void cpuOnlyDistBuildWithoutNvccPassesAndRemovesAnEarlierKernelImage() throws Exception {
        Files.createDirectories(output);
        Path earlierImage = Files.writeString(output.resolve("netgeom_kernels.fatbin"), "an earlier build's kernels");

        ShellScripts.Result result = buildKernels("none", "true", "true");

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("kernels: not built (CPU-only build asked for"), result.stdout());
        assertFalse(Files.exists(earlierImage));
    }

    @Test
    void plainBuildWithoutNvccGoesOnWithoutKernels() throws Exception {
        ShellScripts.Result result = buildKernels("none", "false", "false");

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("CUDA kernels not built; the CUDA backend will be unavailable"), result.stdout());
        assertFalse(Files.exists(output.resolve("netgeom_kernels.fatbin")));
    }

    @Test
    void targetsOlderThanNvccBuildsAreSkippedWithANoteAndTheRestBuilt() throws Exception {
        Path nvcc = fakeNvcc("cuda13", "13.0");

        ShellScripts.Result result = buildKernels(nvcc.toString(), "true", "false");

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("kernels: skipped sm_70: this nvcc (CUDA 13.0) builds compute_75 and newer only; "
                + "for those GPUs build with a CUDA 12.x nvcc"), result.stderr());
        assertEquals(List.of("-gencode=arch=compute_75,code=sm_75", "-gencode=arch=compute_80,code=sm_80",
                "-gencode=arch=compute_86,code=sm_86", "-gencode=arch=compute_89,code=sm_89",
                "-gencode=arch=compute_90,code=sm_90", "-gencode=arch=compute_90,code=compute_90"), gencodes("cuda13"));
        assertTrue(Files.exists(output.resolve("netgeom_kernels.fatbin")));
    }

    @Test
    void anotherNvccRebuildsTheKernelsAndTheSameOneDoesNot() throws Exception {
        Path cuda13 = fakeNvcc("cuda13", "13.0");
        Path cuda12 = fakeNvcc("cuda12", "12.8");
        assertEquals(0, buildKernels(cuda13.toString(), "false", "false").exitCode());
        Files.delete(folder.resolve("cuda13.calls"));

        assertEquals(0, buildKernels(cuda13.toString(), "false", "false").exitCode());
        assertFalse(Files.exists(folder.resolve("cuda13.calls")), "an up-to-date image is not rebuilt");

        assertEquals(0, buildKernels(cuda12.toString(), "false", "false").exitCode());
        assertTrue(gencodes("cuda12").contains("-gencode=arch=compute_70,code=sm_70"), "CUDA 12 builds Volta");
    }

    /**
     * An nvcc that builds compute_75 and newer (compute_70 too for release 12.x) and, asked to
     * compile, writes its arguments to NAME.calls and an image where -o says.
     */
    private Path fakeNvcc(String name, String release) throws IOException {
        String architectures = release.startsWith("12.") ? "compute_70\\ncompute_75\\ncompute_80\\ncompute_90\\n"
                : "compute_75\\ncompute_80\\ncompute_90\\ncompute_100\\n";
        return ShellScripts.executable(folder.resolve(name + "/bin/nvcc"),
                "case \"$1\" in",
                "  --version) printf 'Cuda compilation tools, release " + release + ", V" + release + ".1\\nBuild " + name + "\\n' ;;",
                "  --list-gpu-arch) printf '" + architectures + "' ;;",
                "  *) previous=''",
                "     for argument in \"$@\"; do",
                "       echo \"$argument\" >> '" + folder.resolve(name + ".calls") + "'",
                "       [ \"$previous\" = -o ] && echo image > \"$argument\"",
                "       previous=\"$argument\"",
                "     done ;;",
                "esac");
    }

    private List<String> gencodes(String name) throws IOException {
        return Files.readAllLines(folder.resolve(name + ".calls")).stream().filter(a -> a.startsWith("-gencode=")).toList();
    }
}
