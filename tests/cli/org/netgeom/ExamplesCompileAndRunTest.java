package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/java's TrainAndMeasure, the library example docs/LIBRARY.md points at, compiles
 * against the public API and runs in a child JVM, printing numbers in sane ranges. This is the
 * quick check in every test run; CI also builds examples/java as its own Maven project against
 * the installed netgeom-core (README, "Run the tests"), which shows a consumer resolves it alone.
 */
class ExamplesCompileAndRunTest {
    private static final Path EXAMPLE = ShellScripts.repositoryRoot().resolve("examples/java/src/main/java/TrainAndMeasure.java");

    @Test
    void trainAndMeasureCompilesAndPrintsSaneNumbers(@TempDir Path classes) throws Exception {
        String classpath = System.getProperty("java.class.path");
        compile(classpath, classes);
        String output = run(classes + File.pathSeparator + classpath, classes.resolve("output.txt"));
        Map<String, Double> numbers = numbers(output);

        double accuracy = number(numbers, "test_accuracy", output);
        assertTrue(accuracy > 0.6, "test accuracy on teacher:sign " + accuracy + " should be above 0.6\n" + output);
        assertEquals(accuracy, number(numbers, "reloaded_test_accuracy", output), "the saved and reloaded model should score the same\n" + output);
        double bmd = number(numbers, "bmd", output);
        double bmdStderr = number(numbers, "bmd_stderr", output);
        // A mean dimension is >= 1; the Monte Carlo ratio estimate can dip below by its noise.
        assertTrue(Double.isFinite(bmd) && bmd >= 1 - 4 * bmdStderr, "BMD " + bmd + " +- " + bmdStderr + "\n" + output);
        double barrier = number(numbers, "barrier_loss", output);
        assertTrue(Double.isFinite(barrier) && barrier >= 0, "loss barrier " + barrier + "\n" + output);
        assertTrue(Double.isFinite(number(numbers, "distance_a_b", output)), output);
        assertTrue(output.contains("inpca truth "), "the embedding should list the truth point\n" + output);
    }

    private static void compile(String classpath, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertTrue(compiler != null, "no system Java compiler: the tests need a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter compilerOutput = new StringWriter();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "25", "--add-modules", "jdk.incubator.vector",
                    "-cp", classpath, "-d", classes.toString());
            boolean compiled = compiler.getTask(compilerOutput, files, diagnostics, options, null,
                    files.getJavaFileObjects(EXAMPLE)).call();
            if (!compiled) {
                StringBuilder report = new StringBuilder(EXAMPLE + " does not compile:\n");
                diagnostics.getDiagnostics().forEach(d -> report.append(d).append('\n'));
                fail(report.append(compilerOutput).toString());
            }
        }
    }

    private static String run(String classpath, Path outputFile) throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", classpath, "TrainAndMeasure");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("TrainAndMeasure ran over 2 minutes:\n" + Files.readString(outputFile));
        }
        String output = Files.readString(outputFile);
        assertEquals(0, child.exitValue(), "TrainAndMeasure failed:\n" + output);
        return output;
    }

    /** The "name value" lines of the example's output. */
    private static Map<String, Double> numbers(String output) {
        Map<String, Double> numbers = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 2) continue;
            try {
                numbers.put(parts[0], Double.parseDouble(parts[1]));
            } catch (NumberFormatException notANumberLine) {
                // the JVM's incubator warning and other text
            }
        }
        return numbers;
    }

    private static double number(Map<String, Double> numbers, String name, String output) {
        Double value = numbers.get(name);
        if (value == null) fail("TrainAndMeasure printed no '" + name + "' line:\n" + output);
        return value;
    }
}
