package org.netgeom.backend;

import java.util.Optional;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.BackendUnavailableException;

/** Opens the backend a run asked for, and says which it chose and why. */
public final class Backends {
    /** The opened backend (it names its own binding, {@link Backend#bindingName()}) and a one-line note on the choice. */
    public record Choice(Backend backend, String note) {}

    private Backends() {}

    /**
     * Opens the backend {@code options} ask for: cpu, cuda (or an exception saying why not), or
     * auto (CUDA when netgeom-cuda is present and finds a usable GPU, else the CPU).
     */
    public static Choice open(BackendOptions options) {
        return switch (options.kind()) {
            case "cpu" -> new Choice(new CpuBackend(), "backend: cpu (asked for)");
            case "cuda" -> {
                Backend cuda = cudaProvider().orElseThrow(() -> new BackendUnavailableException(
                        "the CUDA backend is not on the class path: add the netgeom-cuda artifact"
                                + " (the netgeom command and its dist bundle include it)")).open(options);
                yield new Choice(cuda, "backend: cuda (asked for) on " + cuda.deviceDescription());
            }
            default -> {
                Optional<BackendProvider> provider = cudaProvider();
                if (provider.isEmpty()) {
                    yield new Choice(new CpuBackend(), "backend: cpu (auto: netgeom-cuda is not on the class path)");
                }
                try {
                    Backend cuda = provider.get().open(options);
                    yield new Choice(cuda, "backend: cuda (auto) on " + cuda.deviceDescription());
                } catch (BackendUnavailableException noUsableCuda) {
                    // One short line on every run; the long reason (libraries searched, driver status)
                    // is what `netgeom info` prints.
                    yield new Choice(new CpuBackend(), "backend: cpu (auto: no usable CUDA GPU; netgeom info says why)");
                }
            }
        };
    }

    /** A CPU backend with {@code threads} worker threads of its own (1: everything on the calling thread). */
    public static Backend cpu(int threads) { return new CpuBackend(threads); }

    private static Optional<BackendProvider> cudaProvider() { return BackendProvider.find("cuda"); }
}
