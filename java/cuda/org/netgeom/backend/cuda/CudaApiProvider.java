package org.netgeom.backend.cuda;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A host binding of the CUDA driver and cuBLAS beyond the built-in Panama one, found with
 * {@link ServiceLoader}: netgeom-jcuda registers "jcuda".
 */
public interface CudaApiProvider {

    /** The binding's name as {@code cudaBinding} gives it, e.g. "jcuda". */
    String binding();

    /** Opens the binding on one device; see {@link PanamaCudaApi#open}. */
    CudaApi open(int deviceOrdinal, CudaLibraries libraries, boolean tf32);

    /** The first provider of {@code binding} on the class path, if any. */
    static Optional<CudaApiProvider> find(String binding) {
        return ServiceLoader.load(CudaApiProvider.class, CudaApiProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.binding().equals(binding))
                .findFirst();
    }
}
