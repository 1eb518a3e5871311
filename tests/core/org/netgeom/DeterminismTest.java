package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same computation with the same seed gives the same bits in a fresh JVM, in one whose
 * code never reaches the C2 compiler, on one processor, and after other work in a warm JVM, so
 * a resumed sweep equals an uninterrupted one. The computation is {@link DeterminismWorkload}:
 * a BMD estimate, a small ridge double-descent sweep and an InPCA embedding on the CPU backend.
 * The child JVMs start together before the tests and run while this JVM warms up.
 */
class DeterminismTest {
    /** Enough repetitions for C2 to compile the hot kernels (GEMM, Cholesky, activations, distances). */
    private static final int WARM_UP_RUNS = 5;

    @TempDir static Path folder;
    private static final Map<String, Process> CHILDREN = new LinkedHashMap<>();
    private static List<Map<String, String>> warmRuns;

    @BeforeAll
    static void startChildJvms() throws IOException {
        start("fresh", List.of(), 2);
        start("c1-only", List.of("-XX:TieredStopAtLevel=1"), 2);
        start("one-processor", List.of("-XX:ActiveProcessorCount=1"), 1);
    }

    @AfterAll
    static void stopChildJvms() {
        CHILDREN.values().forEach(Process::destroyForcibly);
    }

    @Test
    void repeatingTheComputationInOneJvmGivesTheSameBits() {
        List<Map<String, String>> runs = warmRuns();
        for (int run = 1; run < runs.size(); run++) {
            assertSameBits(runs.get(0), runs.get(run), "run " + (run + 1) + " of this JVM against its first run");
        }
    }

    @Test
    void aFreshJvmGivesTheBitsOfAWarmOne() throws Exception {
        assertSameBits(childResults("fresh"), lastWarmRun(), "a fresh JVM against this warm one");
    }

    @Test
    void codeThatNeverReachesC2GivesTheBitsOfAWarmJvm() throws Exception {
        assertSameBits(childResults("c1-only"), lastWarmRun(), "a JVM limited to C1 (-XX:TieredStopAtLevel=1) against this warm one");
    }

    @Test
    void oneProcessorGivesTheBitsOfTwo() throws Exception {
        assertSameBits(childResults("one-processor"), lastWarmRun(),
                "one processor (-XX:ActiveProcessorCount=1, one backend thread) against two threads in this JVM");
    }

    private static synchronized List<Map<String, String>> warmRuns() {
        if (warmRuns == null) {
            warmRuns = new ArrayList<>();
            for (int run = 0; run < WARM_UP_RUNS; run++) warmRuns.add(DeterminismWorkload.run(2));
        }
        return warmRuns;
    }

    private static Map<String, String> lastWarmRun() {
        List<Map<String, String>> runs = warmRuns();
        return runs.get(runs.size() - 1);
    }

    private static void start(String name, List<String> flags, int threads) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx512m"));
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DeterminismWorkload.class.getName(),
                Integer.toString(threads)));
        CHILDREN.put(name, new ProcessBuilder(command).redirectOutput(folder.resolve(name + ".out").toFile())
                .redirectError(folder.resolve(name + ".err").toFile()).start());
    }

    private static Map<String, String> childResults(String name) throws Exception {
        Process child = CHILDREN.get(name);
        if (!child.waitFor(180, TimeUnit.SECONDS)) fail("the " + name + " child JVM ran over 180 s");
        assertEquals(0, child.exitValue(), "the " + name + " child JVM failed: " + Files.readString(folder.resolve(name + ".err")));
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder.resolve(name + ".out"))) {
            int space = line.indexOf(' ');
            results.put(line.substring(0, space), line.substring(space + 1));
        }
        return results;
    }

    /** Equal maps, or a failure naming each result that differs, how many of its values do, and the first of them. */
    static void assertSameBits(Map<String, String> expected, Map<String, String> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": the same results");
        StringBuilder differences = new StringBuilder();
        for (String name : expected.keySet()) {
            String[] a = expected.get(name).split(","), b = actual.get(name).split(",");
            int differing = 0;
            String first = null;
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                if (a[i].equals(b[i])) continue;
                differing++;
                if (first == null) first = "[" + i + "] " + describe(a[i]) + " vs " + describe(b[i]);
            }
            if (differing > 0 || a.length != b.length) {
                differences.append("\n  ").append(name).append(": ").append(differing).append(" of ").append(a.length)
                        .append(" values differ, first ").append(first);
            }
        }
        assertTrue(differences.isEmpty(), what + " differs in its bits:" + differences);
    }

    /** Raw bits as the workload writes them (8 hex digits for a float, 16 for a double), with the value. */
    private static String describe(String hex) {
        long bits = Long.parseUnsignedLong(hex, 16);
        double value = hex.length() == 8 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
        return hex + " (" + value + ")";
    }
}
