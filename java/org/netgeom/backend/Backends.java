package org.netgeom.backend;

import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.backend.cuda.CudaBackendFactory;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.BackendUnavailableException;

/** Opens the backend a run asked for, and says which it chose and why. */
public final class Backends {
    /** The opened backend (it names its own binding, {@link Backend#bindingName()}) and a one-line note on the choice. */
    public record Choice(Backend backend, String note) {}

    private Backends() {}

    public static Choice open(BackendOptions options) {
        return switch (options.kind()) {
            case "cpu" -> new Choice(new CpuBackend(), "backend: cpu (asked for)");
            case "cuda" -> {
                Backend cuda = CudaBackendFactory.open(options.cudaBinding(), options.cudaLibraryPath(), options.deviceOrdinal(), options.tf32());
                yield new Choice(cuda, "backend: cuda (asked for) on " + cuda.deviceDescription());
            }
            default -> {
                try {
                    Backend cuda = CudaBackendFactory.open(options.cudaBinding(), options.cudaLibraryPath(), options.deviceOrdinal(), options.tf32());
                    yield new Choice(cuda, "backend: cuda (auto) on " + cuda.deviceDescription());
                } catch (BackendUnavailableException noUsableCuda) {
                    // One short line on every run; the long reason (libraries searched, driver status)
                    // is what `netgeom info` prints.
                    yield new Choice(new CpuBackend(), "backend: cpu (auto: no usable CUDA GPU; netgeom info says why)");
                }
            }
        };
    }
}
