package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.linalg.VectorCapability;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} runs {@link VectorFallbackWorkload}
 * (MLPs trained by Adam and by SGD, a BMD, ridge fits by the float64 Cholesky, Bhattacharyya
 * distances and InPCA, GEMMs and element-wise operations on odd sizes) on the scalar kernels: it
 * works, it gives the bits this JVM gets on the Vector API, it says once how to enable the fast
 * path, and it never loads a Vector API class.
 */
class VectorFallbackTest {
    /** The advice of the note, which must appear exactly once in the child's stderr. */
    private static final String ADVICE = "add --add-modules jdk.incubator.vector to the JVM options";
    /** A class the child loaded whose name says it is (or uses) the Vector API. */
    private static final Pattern VECTOR_CLASS = Pattern.compile("(jdk\\.incubator\\.vector\\.\\w+|org\\.netgeom\\.[\\w.]*\\.Vector\\w+"
            + "|org\\.netgeom\\.linalg\\.LaneSums)");

    @TempDir static Path folder;
    private static Process child;

    @BeforeAll
    static void startAJvmWithoutTheVectorApi() throws IOException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-Xlog:class+load=info:file=" + folder.resolve("classes.log"), "-cp", System.getProperty("java.class.path"),
                VectorFallbackWorkload.class.getName(), "2");
        child = new ProcessBuilder(command).redirectOutput(folder.resolve("out.txt").toFile())
                .redirectError(folder.resolve("err.txt").toFile()).start();
    }

    @AfterAll
    static void stopTheChild() {
        child.destroyForcibly();
    }

    @Test
    void withoutTheVectorApiTheWorkloadGivesTheBitsOfTheVectorKernels() throws Exception {
        assertTrue(VectorCapability.AVAILABLE, "this JVM runs the vector kernels");
        Map<String, String> vector = VectorFallbackWorkload.run(2);
        DeterminismTest.assertSameBits(vector, childResults(), "the scalar kernels of a JVM without the Vector API against this one's");
    }

    @Test
    void theNoteOnHowToEnableTheVectorApiIsLoggedOnce() throws Exception {
        childResults();
        String err = Files.readString(folder.resolve("err.txt"));
        int notes = 0;
        for (int at = err.indexOf(ADVICE); at >= 0; at = err.indexOf(ADVICE, at + 1)) notes++;
        assertEquals(1, notes, "stderr: " + err);
        assertTrue(err.contains("INFO"), "logged at INFO: " + err);
    }

    @Test
    void noVectorApiClassIsLoaded() throws Exception {
        childResults();
        String classes = Files.readString(folder.resolve("classes.log"));
        assertTrue(classes.contains("org.netgeom.backend.cpu.GemmKernel ") && classes.contains("org.netgeom.linalg.Float64Cholesky "),
                "the log lists the kernels that ran");
        Matcher vectorClass = VECTOR_CLASS.matcher(classes.replace("org.netgeom.linalg.VectorCapability", ""));
        if (vectorClass.find()) fail("the scalar path loaded " + vectorClass.group());
    }

    private static synchronized Map<String, String> childResults() throws Exception {
        if (!child.waitFor(180, TimeUnit.SECONDS)) fail("the child JVM without the Vector API ran over 180 s");
        assertEquals(0, child.exitValue(), "the child JVM failed: " + Files.readString(folder.resolve("err.txt")));
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder.resolve("out.txt"))) {
            int space = line.indexOf(' ');
            results.put(line.substring(0, space), line.substring(space + 1));
        }
        return results;
    }
}
