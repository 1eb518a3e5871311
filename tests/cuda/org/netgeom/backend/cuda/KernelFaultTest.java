package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A kernel that faults is named in the error. The fault poisons the CUDA context for the rest of
 * its process, so it runs in a child JVM ({@link KernelFaultProbe}).
 */
@Tag("gpu")
class KernelFaultTest {
    @Test
    void asynchronousFaultNamesTheKernel() throws Exception {
        GpuTestSupport.openApi().close(); // skips with the reason when there is no GPU
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath(), KernelFaultProbe.class.getName(), GpuTestSupport.binding()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe finished");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("FAULT:") && output.contains("scale"), "the error names the kernel: " + output);
    }

    /** The JVM's class path plus where the test and main classes were loaded from (a launcher may load them itself). */
    private static String classPath() {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        for (Class<?> c : List.of(KernelFaultProbe.class, CudaBackend.class, org.ejml.data.DMatrixRMaj.class)) {
            try {
                entries.add(java.nio.file.Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
