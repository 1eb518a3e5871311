package org.netgeom.backend.cuda;

import org.netgeom.tensor.BackendUnavailableException;

/** A native library (libcuda.so.1, libcublas.so.13/.12) was not found; the message lists where we looked. */
public class LibraryNotFoundException extends BackendUnavailableException {
    public LibraryNotFoundException(String message) { super(message); }
}
