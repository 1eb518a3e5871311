package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.IdxFixtures;
import org.netgeom.data.Npy;
import org.netgeom.data.SafeTensors;
import org.netgeom.experiments.Reproduction;
import org.netgeom.io.AtomicFiles;
import org.netgeom.io.FolderLock;
import org.netgeom.io.CsvTable;

/**
 * {@code kill -9} at random points of {@code reproduce --tiny}: after every kill the folder
 * holds only complete files, and the run resumed to the end reports the same numbers, bit for
 * bit, as one that was never interrupted. Each run is its own JVM, as a user's would be.
 */
class ReproduceKillTest {
    private static final int KILLS = 5;
    @TempDir Path dir;

    @Test
    void killedAndResumedReproductionEqualsAnUninterruptedOne() throws Exception {
        Path data = dir.resolve("fashion-mnist");
        IdxFixtures.writeFashionMnist(data, 500, 200, 28);

        Path reference = dir.resolve("uninterrupted");
        assertEquals(0, finish(start(reference, data)), "the uninterrupted run");

        // Kills are tied to the run's progress, not to the clock, so that a slow or busy machine
        // still interrupts it: each run is killed a random 0-150 ms after 1 to 3 more files appeared.
        Path resumed = dir.resolve("resumed");
        Random random = new Random(15);
        int killed = 0;
        for (int k = 0; k < KILLS; k++) {
            int target = countFiles(resumed) + 1 + random.nextInt(3);
            Process run = start(resumed, data);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (run.isAlive() && countFiles(resumed) < target && System.nanoTime() < deadline) Thread.sleep(5);
            if (!run.waitFor(random.nextInt(150), TimeUnit.MILLISECONDS)) {
                run.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no finally blocks
                killed++;
            }
            assertOnlyCompleteFiles(resumed);
        }
        assertTrue(killed >= 4, "the test must really interrupt the run: " + killed + " kills of " + KILLS);
        assertEquals(0, finish(start(resumed, data)), "the resumed run finishes");

        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(reference.resolve("report.json").toFile());
        JsonNode actual = json.readTree(resumed.resolve("report.json").toFile());
        assertEquals(expected.get("claims"), actual.get("claims"), "the same numbers, bit for bit");
        for (String sweep : List.of(Reproduction.INTERPOLATING_SWEEP, Reproduction.OPTIMAL_SWEEP)) {
            Path rows = Path.of("twin-peaks", sweep, "results.csv");
            assertEquals(Files.readString(reference.resolve(rows)), Files.readString(resumed.resolve(rows)), rows.toString());
        }
        assertEquals(List.of(), temporaryFiles(resumed), "no temporary file is left once a run has finished");
    }

    /** The exit code, or a failure (the process killed) when a run hangs instead of stalling the build. */
    private static int finish(Process run) throws InterruptedException {
        if (!run.waitFor(5, TimeUnit.MINUTES)) {
            run.destroyForcibly();
            throw new AssertionError("reproduce --tiny did not finish in 5 minutes");
        }
        return run.exitValue();
    }

    private static Process start(Path out, Path data) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "reproduce", "--tiny", "--out", out.toString(), "--backend", "cpu", "--progress", "quiet", "--data-dir",
                data.toString()));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Every visible file is whole: none is empty, every JSON, CSV, .npy, safetensors and PNG file reads. Temporary files are hidden and named as such. */
    private static void assertOnlyCompleteFiles(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    assertTrue(AtomicFiles.isTemporaryName(name) || name.equals(FolderLock.LOCK_FILE), "an unexpected hidden file " + file);
                    continue;
                }
                assertTrue(Files.size(file) > 0, "an empty file after a kill: " + file);
                if (name.endsWith(".json")) new ObjectMapper().readTree(file.toFile());
                if (name.endsWith(".csv")) CsvTable.read(file);
                if (name.endsWith(".npy")) Npy.read(file);
                if (name.endsWith(".safetensors")) SafeTensors.read(file);
                if (name.endsWith(".png")) assertTrue(javax.imageio.ImageIO.read(file.toFile()) != null, "a broken image: " + file);
            }
        }
    }

    private static int countFiles(Path folder) throws IOException {
        if (!Files.exists(folder)) return 0;
        try (Stream<Path> files = Files.walk(folder)) {
            return (int) files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a file vanished under the walk (a rename in flight): count again next time
        }
    }

    private static List<Path> temporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> AtomicFiles.isTemporaryName(f.getFileName().toString())).toList();
        }
    }
}
