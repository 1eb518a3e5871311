package org.netgeom.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import org.netgeom.backend.BackendOptions;

/** The backend options every computing command shares. */
final class BackendArguments {
    @Option(names = "--backend", defaultValue = "auto", paramLabel = "cpu|cuda|auto",
            description = "Where to compute; auto picks CUDA when a GPU and its libraries are present (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--cuda-binding", defaultValue = "${env:NETGEOM_CUDA_BINDING:-panama}", paramLabel = "panama|jcuda",
            description = "Host binding to CUDA (default: ${DEFAULT-VALUE}).")
    String binding;

    @Option(names = "--cuda-lib-path", defaultValue = "${env:NETGEOM_CUDA_LIB_PATH}", paramLabel = "DIR",
            description = "Extra folder(s) to search first for libcuda and libcublas.")
    Path libraryPath;

    @Option(names = "--device", defaultValue = "0", paramLabel = "N", description = "GPU ordinal (default: ${DEFAULT-VALUE}).")
    int device;

    @Option(names = "--tf32", description = "Allow TF32 tensor-core math in cuBLAS (faster, ~1e-3 relative error).")
    boolean tf32;

    BackendOptions options() { return new BackendOptions(kind, binding, libraryPath, device, tf32); }
}
