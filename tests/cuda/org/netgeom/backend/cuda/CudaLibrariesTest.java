package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library discovery over a fake machine laid out in a temporary folder (nothing is loaded). */
class CudaLibrariesTest {
    @TempDir Path root;

    private Path touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }

    @Test
    void searchOrderIsExplicitThenEnvironmentThenToolkitThenPythonThenDriver() throws IOException {
        touch("explicit/libcublas.so.12");
        touch("ld/libcublas.so.12");
        touch("cudahome/lib64/libcublas.so.12");
        touch("usr/local/cuda-12.4/lib64/libcublas.so.12");
        touch("usr/lib/python3.11/site-packages/nvidia/cublas/lib/libcublas.so.12");
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", root.resolve("ld").toString(), "CUDA_HOME", root.resolve("cudahome").toString());
        List<Path> folders = CudaLibraries.searchFolders(root.resolve("explicit"), env, root.resolve("home"), root);
        List<Path> expected = List.of(root.resolve("explicit"), root.resolve("ld"), root.resolve("cudahome/lib64"),
                root.resolve("usr/local/cuda-12.4/lib64"), root.resolve("usr/lib/python3.11/site-packages/nvidia/cublas/lib"),
                root.resolve("usr/lib/x86_64-linux-gnu"));
        assertEquals(expected, folders);
        CudaLibraries libraries = new CudaLibraries(folders);
        assertEquals(root.resolve("explicit/libcublas.so.12"), libraries.locateCublas());
        assertEquals(root.resolve("usr/lib/x86_64-linux-gnu/libcuda.so.1"), libraries.locate(CudaLibraries.DRIVER));
    }

    @Test
    void cublas13IsPreferredOver12() throws IOException {
        touch("a/libcublas.so.12");
        touch("b/libcublas.so.13");
        CudaLibraries libraries = new CudaLibraries(List.of(root.resolve("a"), root.resolve("b")));
        assertEquals(root.resolve("b/libcublas.so.13"), libraries.locateCublas());
    }

    @Test
    void pipWheelFoldersOfVirtualEnvironmentsAreSearched() throws IOException {
        touch("opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13");
        List<Path> folders = CudaLibraries.searchFolders(null, Map.of(), root.resolve("home"), root);
        assertTrue(folders.contains(root.resolve("opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib")), folders.toString());
    }

    @Test
    void missingCublasErrorListsEveryFolderTried() throws IOException {
        Files.createDirectories(root.resolve("empty1"));
        Files.createDirectories(root.resolve("empty2"));
        CudaLibraries libraries = new CudaLibraries(List.of(root.resolve("empty1"), root.resolve("empty2")));
        assertNull(libraries.locateCublas());
        org.junit.jupiter.api.Assumptions.assumeFalse(systemHasCublas(), "this machine's loader knows libcublas, so nothing is missing");
        LibraryNotFoundException e = assertThrows(LibraryNotFoundException.class, () -> libraries.openCublas(Arena.ofAuto()));
        assertTrue(e.getMessage().contains(root.resolve("empty1").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(root.resolve("empty2").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cudaLibraryPath"), e.getMessage());
    }

    private static boolean systemHasCublas() {
        for (String soname : CudaLibraries.CUBLAS) {
            try {
                java.lang.foreign.SymbolLookup.libraryLookup(soname, Arena.ofAuto());
                return true;
            } catch (IllegalArgumentException e) {
                // not known to the loader
            }
        }
        return false;
    }
}
