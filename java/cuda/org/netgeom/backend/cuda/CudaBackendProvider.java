package org.netgeom.backend.cuda;

import org.netgeom.backend.BackendOptions;
import org.netgeom.backend.BackendProvider;
import org.netgeom.tensor.Backend;

/** Registered in META-INF/services: how netgeom-core's {@code Backends} opens the CUDA backend. */
public final class CudaBackendProvider implements BackendProvider {
    @Override public String kind() { return "cuda"; }

    @Override
    public Backend open(BackendOptions options) {
        return CudaBackendFactory.open(options.cudaBinding(), options.cudaLibraryPath(), options.deviceOrdinal(), options.tf32());
    }
}
