package org.netgeom.backend.cuda;

import java.util.List;
import org.netgeom.tensor.BackendUnavailableException;

/** A native library (libcuda.so.1, libcublas.so.13/.12) was not found; the message lists where we looked. */
public class LibraryNotFoundException extends BackendUnavailableException {
    public LibraryNotFoundException(String message) { super(message); }

    /** {@code fields}: the settings the message suggests changing (cudaLibraryPath). */
    public LibraryNotFoundException(String message, List<String> fields) { super(message, fields); }
}
