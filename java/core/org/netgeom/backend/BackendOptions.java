package org.netgeom.backend;

import java.nio.file.Path;
import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;

/**
 * Which backend to run on: {@code cpu}, {@code cuda}, or {@code auto} (CUDA when a GPU and its
 * libraries are present, else CPU); for CUDA, the host binding ({@code panama} or
 * {@code jcuda}), an extra library folder, the device ordinal, and whether TF32 is allowed.
 */
public record BackendOptions(String kind, String cudaBinding, Path cudaLibraryPath, int deviceOrdinal, boolean tf32) {
    public BackendOptions {
        kind = kind.trim().toLowerCase(Locale.ROOT);
        cudaBinding = cudaBinding.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("cpu") && !kind.equals("cuda") && !kind.equals("auto")) {
            throw new InvalidInputException("unknown backend '" + kind + "': use cpu, cuda or auto");
        }
        if (!cudaBinding.equals("panama") && !cudaBinding.equals("jcuda")) {
            throw new InvalidInputException("unknown CUDA binding '" + cudaBinding + "': use panama or jcuda");
        }
        if (deviceOrdinal < 0) throw new InvalidInputException("GPU device ordinal must be >= 0, got " + deviceOrdinal);
    }

    /** The CPU backend. */
    public static BackendOptions cpu() { return new BackendOptions("cpu", "panama", null, 0, false); }

    /** CUDA when a GPU and its libraries are present, else the CPU: GPU 0 through Panama, TF32 off. */
    public static BackendOptions auto() { return new BackendOptions("auto", "panama", null, 0, false); }

    /** CUDA or an error saying why not: GPU 0 through Panama, TF32 off. */
    public static BackendOptions cuda() { return new BackendOptions("cuda", "panama", null, 0, false); }

    /** The same options on GPU {@code ordinal}. */
    public BackendOptions onDevice(int ordinal) { return new BackendOptions(kind, cudaBinding, cudaLibraryPath, ordinal, tf32); }

    /** The same options through the host binding {@code binding} (panama or jcuda). */
    public BackendOptions withBinding(String binding) { return new BackendOptions(kind, binding, cudaLibraryPath, deviceOrdinal, tf32); }

    /** The same options, also searching {@code folder} for the CUDA libraries. */
    public BackendOptions withLibraryPath(Path folder) { return new BackendOptions(kind, cudaBinding, folder, deviceOrdinal, tf32); }

    /** The same options with TF32 tensor-core math allowed in cuBLAS ({@code allowed}). */
    public BackendOptions withTf32(boolean allowed) { return new BackendOptions(kind, cudaBinding, cudaLibraryPath, deviceOrdinal, allowed); }
}
