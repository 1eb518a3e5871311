package org.netgeom.backend.cuda;

import java.nio.file.Path;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.BackendUnavailableException;

/** Opens the CUDA backend over the named host binding ("panama" or "jcuda"). */
public final class CudaBackendFactory {
    private CudaBackendFactory() {}

    public static Backend open(String binding, Path extraLibraryPath, int deviceOrdinal, boolean tf32) {
        throw new BackendUnavailableException("the CUDA backend is not part of this build yet");
    }
}
