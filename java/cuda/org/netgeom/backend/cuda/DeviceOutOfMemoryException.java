package org.netgeom.backend.cuda;

/** The device could not allocate: names the bytes asked for and the memory free, and what to do. */
public class DeviceOutOfMemoryException extends CudaException {
    public DeviceOutOfMemoryException(String call, int status, String errorName, long bytesRequested, long bytesFree,
                                      long bytesTotal) {
        super(call, status, errorName, String.format(
                "asked for %,d bytes (%.1f MiB) with %,d bytes (%.1f MiB) free of %.1f MiB; use a smaller batch, model or data set",
                bytesRequested, bytesRequested / 1048576.0, bytesFree, bytesFree / 1048576.0, bytesTotal / 1048576.0));
    }
}
