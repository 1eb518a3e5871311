package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.IdxFixtures;
import org.netgeom.experiments.ShardMarker;

/**
 * netgeom slurm on a real Slurm: the one-node cluster of .ci/slurm-cluster.sh (started here when
 * sbatch is installed and no cluster answers, stopped at the end), or the cluster this machine
 * belongs to. Skipped, saying why, where Slurm is not installed or cannot start.
 */
@Tag("slurm")
class SlurmClusterTest {
    private static final Path CLUSTER_SCRIPT = Path.of(".ci/slurm-cluster.sh").toAbsolutePath();
    /** Small heaps: the tasks share this machine's cores and memory with the test's own JVM. */
    private static final String TASK_HEAP = "--sbatch-arg=--export=ALL,NETGEOM_JAVA_OPTS=-Xmx768m";
    private static boolean startedHere;

    @TempDir Path dir;

    @BeforeAll
    static void clusterAnswers() throws Exception {
        Assumptions.assumeTrue(SlurmCommandTest.onPath("sbatch"),
                "Slurm is not installed (sbatch is not on the PATH): apt-get install slurm-wlm munge, then .ci/slurm-cluster.sh start");
        if (exitCode(List.of("sinfo", "-h"), 20) == 0) return;
        Assumptions.assumeTrue(Files.isExecutable(CLUSTER_SCRIPT), "no cluster answers and " + CLUSTER_SCRIPT + " is missing");
        String[] output = new String[1];
        int code = exitCode(List.of(CLUSTER_SCRIPT.toString(), "start"), 120, output);
        Assumptions.assumeTrue(code == 0, "no Slurm cluster answers and the one-node cluster did not start: " + output[0].strip());
        startedHere = true;
    }

    @AfterAll
    static void stopWhatStartedHere() throws Exception {
        if (startedHere) exitCode(List.of(CLUSTER_SCRIPT.toString(), "stop"), 60);
    }

    private static List<String> slurm(List<String> sweep, String... options) {
        List<String> args = new ArrayList<>(List.of("slurm", "--shards", "3", "--poll-seconds", "0.5", TASK_HEAP));
        args.addAll(List.of(options));
        args.add("--");
        args.addAll(sweep);
        return args;
    }

    @Test
    void doubleDescentThroughSlurmEqualsOneProcess() throws Exception {
        Path whole = dir.resolve("whole"), cluster = dir.resolve("cluster");
        assertEquals(0, CliTest.run(ShardedSweeps.doubleDescent(whole).toArray(String[]::new)).exitCode());
        CliTest.Result result = CliTest.run(slurm(ShardedSweeps.doubleDescent(cluster), "--wait").toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err() + logs(cluster));
        assertTrue(result.out().contains("(shards 0,1,2 of 3)"), result.out());
        ShardedSweeps.assertSameFiles(whole, cluster);
    }

    @Test
    void trajectoriesThroughSlurmEqualOneProcess() throws Exception {
        Path whole = dir.resolve("whole"), cluster = dir.resolve("cluster");
        assertEquals(0, CliTest.run(ShardedSweeps.trajectories(dir.resolve("configs.csv"), whole).toArray(String[]::new)).exitCode());
        List<String> sweep = ShardedSweeps.trajectories(dir.resolve("configs.csv"), cluster);
        CliTest.Result result = CliTest.run(slurm(sweep, "--wait").toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err() + logs(cluster));
        assertTrue(ShardedSweeps.assertSameFiles(whole, cluster) > 20);
    }

    /** reproduce --tiny as a job array of 3 and the merge job: the report, stages and runs of one process. */
    @Test
    void tinyReproductionThroughSlurmEqualsOneProcess() throws Exception {
        Path data = dir.resolve("fashion-mnist"), out = dir.resolve("reproduce"), whole = dir.resolve("whole");
        IdxFixtures.writeFashionMnist(data, 500, 200, 28);
        ReproduceShardCliTest.oneProcessRun(out, data, whole);
        CliTest.Result result = CliTest.run(slurm(ReproduceShardCliTest.tiny(out, data), "--wait").toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err() + logs(out));
        assertTrue(result.out().contains("(shards 0,1,2 of 3)"), result.out());
        assertTrue(Files.isRegularFile(out.resolve("slurm/reproduce.sbatch")), "the job array's script");
        assertTrue(ReproduceShardCliTest.assertSameAsOneProcess(whole, out) > 50);
    }

    /** scancel of a running task: --wait would report it; --resume reruns only that shard, keeping its finished points. */
    @Test
    void aKilledTaskResumedFinishesWithTheSameResult() throws Exception {
        Path whole = dir.resolve("whole"), cluster = dir.resolve("cluster");
        assertEquals(0, CliTest.run(ShardedSweeps.slowDoubleDescent(whole).toArray(String[]::new)).exitCode());
        List<String> sweep = ShardedSweeps.slowDoubleDescent(cluster);
        CliTest.Result submitted = CliTest.run(slurm(sweep).toArray(String[]::new));
        assertEquals(0, submitted.exitCode(), submitted.err());
        Matcher ids = Pattern.compile("submitted job array (\\d+).*\\nsubmitted merge job (\\d+)", Pattern.DOTALL).matcher(submitted.out());
        assertTrue(ids.find(), submitted.out());
        String arrayJob = ids.group(1), mergeJob = ids.group(2);

        Path rows = cluster.resolve("shards/1/results.csv");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (lines(rows) < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, exitCode(List.of("scancel", arrayJob + "_1"), 30), "scancel of task 1");
        String beforeKill = Files.readString(rows);
        while (exitCode(List.of("bash", "-c", "[[ -z \"$(squeue -h -j " + arrayJob + "," + mergeJob + ")\" ]]"), 30) != 0) {
            assertTrue(System.nanoTime() < deadline, "the jobs did not leave the queue: " + logs(cluster));
            Thread.sleep(500);
        }
        assertFalse(Files.exists(cluster.resolve("shards/1").resolve(ShardMarker.FILE)), "task 1 was killed before it finished");
        assertTrue(Files.exists(cluster.resolve("shards/0").resolve(ShardMarker.FILE)), "task 0 finished" + logs(cluster));
        assertFalse(Files.exists(cluster.resolve("results.csv")), "the merge never ran: its dependency failed");

        CliTest.Result resumed = CliTest.run(slurm(sweep, "--resume", "--wait").toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.err() + logs(cluster));
        assertTrue(resumed.out().contains("(shards 1 of 3)"), "only the killed shard is resubmitted: " + resumed.out());
        assertTrue(Files.readString(rows).startsWith(beforeKill), "the points finished before the kill are kept, not redone");
        ShardedSweeps.assertSameFiles(whole, cluster);
    }

    private static long lines(Path file) throws Exception {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0; // replaced under us by an atomic rename: read again
        }
    }

    /** The jobs' logs, for a failure message. */
    private static String logs(Path out) throws Exception {
        Path folder = out.resolve("slurm");
        if (!Files.isDirectory(folder)) return "";
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(folder)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                text.append("\n--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return text.toString();
    }

    private static int exitCode(List<String> command, int seconds) throws Exception {
        return exitCode(command, seconds, new String[1]);
    }

    private static int exitCode(List<String> command, int seconds, String[] output) throws Exception {
        Path log = Files.createTempFile("slurm", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                output[0] = command + " did not end in " + seconds + " s";
                return -1;
            }
            output[0] = Files.readString(log, StandardCharsets.UTF_8);
            return process.exitValue();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
