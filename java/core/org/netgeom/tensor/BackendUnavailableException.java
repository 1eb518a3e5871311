package org.netgeom.tensor;

/**
 * A backend that was asked for cannot run here (no GPU, no driver, no cuBLAS, kernels not
 * built). The message says which piece is missing and how to get it.
 */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) { super(message); }
    public BackendUnavailableException(String message, Throwable cause) { super(message, cause); }
}
