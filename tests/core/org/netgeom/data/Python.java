package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs small python3 scripts for cross-checks with numpy; skips (with the reason) where it cannot. */
public final class Python {
    private static final long TIMEOUT_SECONDS = 120;
    private static final String PYTHON = "python3";
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    private Python() {}

    /** Skips the calling test unless python3 runs and imports numpy. */
    public static void assumeNumpy() {
        Result probe = tryRun("import numpy; print(numpy.__version__)", Path.of("."));
        Assumptions.assumeTrue(probe != null, "python3 is not installed (or does not start), so the numpy cross-check"
                + " cannot run; install python3 and numpy to run it");
        Assumptions.assumeTrue(probe.exitCode() == 0, "python3 cannot import numpy (" + probe.output().strip()
                + "), so the numpy cross-check cannot run; install numpy (apt-get install python3-numpy)");
    }

    /** True when python3 can import {@code module}. */
    public static boolean canImport(String module) {
        return canImport(PYTHON, module);
    }

    /**
     * The first of python3 on the PATH and the system's /usr/bin/python3 that imports every one
     * of {@code modules}, or null. Debian's packages (python3-torch) install into the system
     * Python, which a PATH python3 from pyenv or a virtual environment does not see.
     */
    public static String interpreterWith(String... modules) {
        for (String interpreter : new String[] {PYTHON, SYSTEM_PYTHON}) {
            boolean all = true;
            for (String module : modules) all &= canImport(interpreter, module);
            if (all) return interpreter;
        }
        return null;
    }

    private static boolean canImport(String interpreter, String module) {
        Result probe = tryRun(interpreter, "import " + module, Path.of("."));
        return probe != null && probe.exitCode() == 0;
    }

    /** Runs {@code script} in {@code workingDirectory}, asserts it succeeds and returns its stdout and stderr. */
    public static String run(String script, Path workingDirectory) {
        return run(PYTHON, script, workingDirectory);
    }

    /** {@link #run(String, Path)} with the given interpreter (see {@link #interpreterWith}). */
    public static String run(String interpreter, String script, Path workingDirectory) {
        Result result = tryRun(interpreter, script, workingDirectory);
        assertTrue(result != null, "python3 did not start");
        assertEquals(0, result.exitCode(), "python3 failed:\n" + result.output());
        return result.output();
    }

    private record Result(int exitCode, String output) {}

    private static Result tryRun(String script, Path workingDirectory) {
        return tryRun(PYTHON, script, workingDirectory);
    }

    private static Result tryRun(String interpreter, String script, Path workingDirectory) {
        Path output = null;
        try {
            // Output goes to a file, not a pipe, so that a hanging script cannot block the read
            // and the timeout below always applies.
            output = Files.createTempFile("netgeom-python", ".out");
            Process process = new ProcessBuilder(interpreter, "-c", script).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (output != null) output.toFile().delete();
        }
    }
}
