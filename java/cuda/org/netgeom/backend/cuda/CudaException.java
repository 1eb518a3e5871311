package org.netgeom.backend.cuda;

/** A CUDA driver or cuBLAS call returned an error; the message names the call and the error. */
public class CudaException extends RuntimeException {
    private final String call;
    private final int status;
    private final String errorName;

    public CudaException(String call, int status, String errorName, String detail) {
        super(call + " failed: " + errorName + " (" + status + ")" + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.call = call;
        this.status = status;
        this.errorName = errorName;
    }

    public String call() { return call; }
    public int status() { return status; }
    public String errorName() { return errorName; }
}
