package org.netgeom.backend.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds libcuda.so.1 and libcublas.so.13 (else .so.12) on a machine. Folders are searched in
 * this order: the explicit --cuda-lib-path / NETGEOM_CUDA_LIB_PATH (a folder or colon list),
 * LD_LIBRARY_PATH, CUDA_HOME and CUDA_PATH, /usr/local/cuda*, the nvidia/&#42;/lib folders of
 * Python installations (where pip's CUDA wheels put cuBLAS), the driver's usual folders; then
 * the system loader by soname. Errors list every place tried.
 */
public final class CudaLibraries {
    public static final String DRIVER = "libcuda.so.1";
    public static final List<String> CUBLAS = List.of("libcublas.so.13", "libcublas.so.12");

    private static final List<String> CUDA_TOOLKIT_PATTERNS = List.of(
            "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
            "/usr/local/cuda-*/lib64", "/usr/local/cuda-*/targets/x86_64-linux/lib");
    private static final List<String> PYTHON_PATTERNS = List.of(
            "/usr/lib/python3*/*-packages/nvidia/*/lib", "/usr/local/lib/python3*/*-packages/nvidia/*/lib",
            "~/.local/lib/python3*/site-packages/nvidia/*/lib", "/opt/*/.venv/lib/python3*/site-packages/nvidia/*/lib",
            "/opt/*/lib/python3*/site-packages/nvidia/*/lib", "/opt/conda/lib/python3*/site-packages/nvidia/*/lib");
    private static final List<String> DRIVER_PATTERNS = List.of(
            "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/wsl/lib");

    private final List<Path> folders;

    /** The search folders, in order; tests build them over a fake layout. */
    public CudaLibraries(List<Path> folders) { this.folders = List.copyOf(folders); }

    /** The default search for this machine, with {@code explicit} (may be null) first. */
    public static CudaLibraries discover(Path explicit) {
        return new CudaLibraries(searchFolders(explicit, System.getenv(), Path.of(System.getProperty("user.home", "/root")), Path.of("/")));
    }

    /** The folders searched for the given explicit path, environment and home, in order, those that exist. */
    static List<Path> searchFolders(Path explicit, Map<String, String> env, Path home, Path root) {
        Set<Path> found = new LinkedHashSet<>();
        if (explicit != null) addColonList(found, explicit.toString(), root);
        addColonList(found, env.get("NETGEOM_CUDA_LIB_PATH"), root);
        addColonList(found, env.get("LD_LIBRARY_PATH"), root);
        for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                found.add(Path.of(value, "lib64"));
                found.add(Path.of(value, "targets", "x86_64-linux", "lib"));
            }
        }
        for (String pattern : CUDA_TOOLKIT_PATTERNS) found.addAll(expand(pattern, home, root));
        for (String pattern : PYTHON_PATTERNS) found.addAll(expand(pattern, home, root));
        for (String pattern : DRIVER_PATTERNS) found.addAll(expand(pattern, home, root));
        found.removeIf(p -> !Files.isDirectory(p));
        return new ArrayList<>(found);
    }

    private static void addColonList(Set<Path> into, String list, Path root) {
        if (list == null || list.isBlank()) return;
        for (String part : list.split(":")) if (!part.isBlank()) into.add(Path.of(part));
    }

    /** Expands a pattern whose segments may hold '*' (and a leading ~), relative to {@code root}. */
    static List<Path> expand(String pattern, Path home, Path root) {
        List<Path> current = new ArrayList<>();
        String body = pattern;
        if (body.startsWith("~/")) {
            current.add(home);
            body = body.substring(2);
        } else {
            current.add(root);
            body = body.substring(1);
        }
        for (String segment : body.split("/")) {
            List<Path> next = new ArrayList<>();
            for (Path base : current) {
                if (!segment.contains("*")) {
                    Path child = base.resolve(segment);
                    if (Files.exists(child)) next.add(child);
                    continue;
                }
                if (!Files.isDirectory(base)) continue;
                try (DirectoryStream<Path> children = Files.newDirectoryStream(base, segment)) {
                    List<Path> sorted = new ArrayList<>();
                    children.forEach(sorted::add);
                    sorted.sort(null);
                    next.addAll(sorted);
                } catch (IOException e) {
                    // An unreadable folder simply holds nothing we can use.
                }
            }
            current = next;
        }
        return current;
    }

    public List<Path> folders() { return folders; }

    /** The first folder holding {@code soname}, as a full path, or null. */
    public Path locate(String soname) {
        for (Path folder : folders) {
            Path candidate = folder.resolve(soname);
            if (Files.exists(candidate)) return candidate;
        }
        return null;
    }

    /** The cuBLAS found: libcublas.so.13 before .so.12, or null. */
    public Path locateCublas() {
        for (String soname : CUBLAS) {
            Path path = locate(soname);
            if (path != null) return path;
        }
        return null;
    }

    /** Opens the driver library: a found path, else the system loader's libcuda.so.1. */
    public SymbolLookup openDriver(Arena arena) {
        Path path = locate(DRIVER);
        try {
            return path != null ? SymbolLookup.libraryLookup(path, arena) : SymbolLookup.libraryLookup(DRIVER, arena);
        } catch (IllegalArgumentException e) {
            throw new LibraryNotFoundException(DRIVER + " (the NVIDIA driver) not found in " + folders
                    + " nor by the system loader: install the NVIDIA driver, or add its folder to {cudaLibraryPath}",
                    List.of("cudaLibraryPath"));
        }
    }

    /** Opens cuBLAS (.so.13, else .so.12), loading libcublasLt from the same folder first. */
    public SymbolLookup openCublas(Arena arena) {
        Path path = locateCublas();
        if (path != null) {
            String version = path.getFileName().toString().substring("libcublas.so.".length());
            Path lt = path.resolveSibling("libcublasLt.so." + version);
            if (Files.exists(lt)) SymbolLookup.libraryLookup(lt, arena);
            return SymbolLookup.libraryLookup(path, arena);
        }
        for (String soname : CUBLAS) {
            try {
                return SymbolLookup.libraryLookup(soname, arena);
            } catch (IllegalArgumentException e) {
                // Not known to the system loader either: try the next version.
            }
        }
        throw new LibraryNotFoundException("libcublas.so.13 or libcublas.so.12 not found in " + folders
                + " nor by the system loader: install cuBLAS (the CUDA toolkit, or pip install nvidia-cublas) or add its folder"
                + " to {cudaLibraryPath}", List.of("cudaLibraryPath"));
    }

    /** For netgeom info: where each library was found. */
    public String describe() {
        Path driver = locate(DRIVER);
        Path cublas = locateCublas();
        return "libcuda: " + (driver == null ? "system loader" : driver) + "; libcublas: "
                + (cublas == null ? "system loader (not in " + folders.size() + " searched folders)" : cublas);
    }
}
