package org.netgeom.backend.cuda;

import java.nio.file.Path;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.BackendUnavailableException;

/** Opens the CUDA backend over the named host binding ("panama", built in, or "jcuda" from netgeom-jcuda). */
public final class CudaBackendFactory {
    private CudaBackendFactory() {}

    public static Backend open(String binding, Path extraLibraryPath, int deviceOrdinal, boolean tf32) {
        return new CudaBackend(openApi(binding, extraLibraryPath, deviceOrdinal, tf32));
    }

    public static CudaApi openApi(String binding, Path extraLibraryPath, int deviceOrdinal, boolean tf32) {
        CudaLibraries libraries = CudaLibraries.discover(extraLibraryPath);
        return switch (binding) {
            case "panama" -> PanamaCudaApi.open(deviceOrdinal, libraries, tf32);
            case "jcuda" -> CudaApiProvider.find("jcuda")
                    .orElseThrow(() -> new BackendUnavailableException(
                            "the jcuda binding is not on the class path: add the netgeom-jcuda artifact, or use the panama binding"))
                    .open(deviceOrdinal, libraries, tf32);
            default -> throw new BackendUnavailableException("unknown CUDA binding '" + binding + "': use panama or jcuda");
        };
    }
}
