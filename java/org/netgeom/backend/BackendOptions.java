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

    public static BackendOptions cpu() { return new BackendOptions("cpu", "panama", null, 0, false); }
}
