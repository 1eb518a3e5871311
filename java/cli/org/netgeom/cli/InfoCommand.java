package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.netgeom.backend.cuda.CudaApi;
import org.netgeom.backend.cuda.CudaBackend;
import org.netgeom.backend.cuda.CudaBackendFactory;
import org.netgeom.backend.cuda.CudaLibraries;
import org.netgeom.backend.cuda.DeviceProperties;

/** What this machine can run: each backend and binding, available or why not. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Version, Java, and each backend and CUDA binding with its availability.")
final class InfoCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--cuda-lib-path", defaultValue = "${env:NETGEOM_CUDA_LIB_PATH}", paramLabel = "DIR",
            description = "Extra folder(s) to search first for libcuda and libcublas.")
    Path libraryPath;

    @Override
    public Integer call() {
        started = Instant.now();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", Main.Version.version());
        info.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        List<Map<String, Object>> backends = new ArrayList<>();
        backends.add(entry("cpu", null, true, null, Runtime.getRuntime().availableProcessors() + " cores"));
        for (String binding : List.of("panama", "jcuda")) backends.add(probeCuda(binding));
        info.put("backends", backends);
        info.put("cuda_libraries", CudaLibraries.discover(libraryPath).describe());
        if (json) {
            CommandJson.print(spec, info, null, started);
        } else {
            System.out.println("netgeom " + info.get("version") + " on Java " + info.get("java") + ", " + info.get("os"));
            for (Map<String, Object> b : backends) {
                String name = b.get("backend") + (b.get("binding") == null ? "" : " (" + b.get("binding") + ")");
                System.out.printf("  %-14s %s%n", name, Boolean.TRUE.equals(b.get("available"))
                        ? "available: " + b.get("device") : "unavailable: " + b.get("reason"));
            }
            System.out.println("  " + info.get("cuda_libraries"));
        }
        return 0;
    }

    private Map<String, Object> probeCuda(String binding) {
        try (CudaBackend backend = new CudaBackend(CudaBackendFactory.openApi(binding, libraryPath, 0, false))) {
            CudaApi api = backend.api();
            DeviceProperties d = api.device();
            Map<String, Object> e = entry("cuda", binding, true, null, d.name());
            e.put("compute_capability", d.computeCapability());
            e.put("memory_bytes", d.totalMemoryBytes());
            e.put("multiprocessors", d.multiprocessors());
            e.put("driver_version", d.driverVersion());
            return e;
        } catch (RuntimeException | LinkageError e) {
            return entry("cuda", binding, false, e.getMessage(), null);
        }
    }

    private static Map<String, Object> entry(String backend, String binding, boolean available, String reason, String device) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("backend", backend);
        e.put("binding", binding);
        e.put("available", available);
        if (reason != null) e.put("reason", reason);
        if (device != null) e.put("device", device);
        return e;
    }
}
