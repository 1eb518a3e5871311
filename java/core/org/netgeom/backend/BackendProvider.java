package org.netgeom.backend;

import java.util.Optional;
import java.util.ServiceLoader;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.BackendUnavailableException;

/**
 * A backend beyond the CPU, found at run time with {@link ServiceLoader}: netgeom-cuda
 * registers the CUDA one. The core knows no implementation, so a consumer without the CUDA
 * jar (or on a machine its natives do not support) still resolves and runs on the CPU.
 */
public interface BackendProvider {

    /** The {@link BackendOptions#kind()} this provider opens, e.g. "cuda". */
    String kind();

    /**
     * Opens the backend.
     *
     * @throws BackendUnavailableException when this machine cannot run it (no driver, no device,
     *         libraries missing); the message says why
     */
    Backend open(BackendOptions options);

    /** The first provider of {@code kind} on the class path, if any. */
    static Optional<BackendProvider> find(String kind) {
        return ServiceLoader.load(BackendProvider.class, BackendProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.kind().equals(kind))
                .findFirst();
    }
}
