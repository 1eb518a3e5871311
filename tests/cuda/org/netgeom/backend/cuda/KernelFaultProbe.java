package org.netgeom.backend.cuda;

/** Child process of KernelFaultTest: runs a kernel on a bad address and prints the error it gets. */
public final class KernelFaultProbe {
    public static void main(String[] args) {
        CudaBackend backend = new CudaBackend(CudaBackendFactory.openApi(args.length > 0 ? args[0] : "panama", null, 0, false));
        // A "matrix" at an address nothing allocated: the scale kernel faults asynchronously.
        CudaMatrix bogus = new CudaMatrix(backend, null, 0x10000L, 0, 1024, 1024);
        backend.scale(2f, bogus);
        try {
            backend.synchronize();
            System.out.println("NO FAULT");
            System.exit(1);
        } catch (CudaException e) {
            System.out.println("FAULT: " + e.getMessage());
            System.exit(0);
        }
    }
}
