package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * netgeom slurm without a cluster: the scripts --dry-run writes carry every option, pass bash -n
 * and shellcheck, and run the shards and the merge when started by hand as Slurm would start them.
 */
class SlurmCommandTest {
    @TempDir Path dir;

    @Test
    void dryRunScriptsCarryEveryOptionAndPassBashAndShellcheck() throws Exception {
        Path out = dir.resolve("out dir's");
        List<String> args = new ArrayList<>(List.of("slurm", "--shards", "3", "--partition", "gpu", "--gpus-per-task", "1",
                "--cpus-per-task", "4", "--mem", "16G", "--time", "1:00:00", "--account", "proj", "--sbatch-arg=--qos=high",
                "--dry-run", "--"));
        args.addAll(ShardedSweeps.doubleDescent(out));
        CliTest.Result result = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err());
        Path array = out.resolve("slurm/double-descent.sbatch"), merge = out.resolve("slurm/double-descent-merge.sbatch");
        String text = Files.readString(array);
        for (String line : List.of("#SBATCH --array=0-2", "#SBATCH --partition=gpu", "#SBATCH --gpus-per-task=1", "#SBATCH --cpus-per-task=4",
                "#SBATCH --mem=16G", "#SBATCH --time=1:00:00", "#SBATCH --account=proj", "#SBATCH --qos=high",
                "#SBATCH --output=\"" + out.resolve("slurm") + "/double-descent-%A_%a.log\"")) {
            assertTrue(text.lines().anyMatch(line::equals), "the array script has '" + line + "':\n" + text);
        }
        assertTrue(text.contains("--shard \"$task/$shards\""), text);
        assertTrue(Files.readString(merge).contains("merge --out " + SlurmScript.quote(out.toString())), Files.readString(merge));
        assertEquals(List.of(array.toString(), merge.toString()), result.out().lines().toList(), "--dry-run prints the scripts");
        assertTrue(Files.notExists(out.resolve("shards")), "--dry-run runs nothing");

        for (Path script : List.of(array, merge)) assertEquals("", run(List.of("bash", "-n", script.toString()), Map.of()), script.toString());
        Assumptions.assumeTrue(onPath("shellcheck"), "shellcheck is not installed (apt-get install shellcheck): bash -n passed, shellcheck skipped");
        assertEquals("", run(List.of("shellcheck", array.toString(), merge.toString()), Map.of()), "shellcheck's findings");
    }

    @Test
    void theScriptsRunAsSlurmWouldStartThemAndMergeToTheOneProcessFiles() throws Exception {
        Path whole = dir.resolve("whole"), sharded = dir.resolve("sharded");
        assertEquals(0, CliTest.run(ShardedSweeps.doubleDescent(whole).toArray(String[]::new)).exitCode());
        List<String> args = new ArrayList<>(List.of("slurm", "--shards", "2", "--dry-run", "--"));
        args.addAll(ShardedSweeps.doubleDescent(sharded));
        assertEquals(0, CliTest.run(args.toArray(String[]::new)).exitCode());

        for (int task = 0; task < 2; task++) {
            run(List.of("bash", sharded.resolve("slurm/double-descent.sbatch").toString()), Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(task)));
        }
        run(List.of("bash", sharded.resolve("slurm/double-descent-merge.sbatch").toString()), Map.of());
        ShardedSweeps.assertSameFiles(whole, sharded);
    }

    @Test
    void aSweepGivenOverwriteReplacesOldResultsThroughItsMergeToo() throws Exception {
        Path whole = dir.resolve("whole"), sharded = dir.resolve("sharded");
        assertEquals(0, CliTest.run(ShardedSweeps.doubleDescent(whole).toArray(String[]::new)).exitCode());
        List<String> older = new ArrayList<>(ShardedSweeps.doubleDescent(sharded));
        older.set(older.indexOf("--seeds") + 1, "3");
        assertEquals(0, CliTest.run(older.toArray(String[]::new)).exitCode(), "OUT first holds a 3-seed sweep");
        List<String> args = new ArrayList<>(List.of("slurm", "--shards", "2", "--dry-run", "--"));
        args.addAll(ShardedSweeps.doubleDescent(sharded));
        args.add("--overwrite");
        assertEquals(0, CliTest.run(args.toArray(String[]::new)).exitCode());
        String mergeScript = Files.readString(sharded.resolve("slurm/double-descent-merge.sbatch"));
        assertTrue(mergeScript.contains("merge --out " + SlurmScript.quote(sharded.toString()) + " --overwrite"), mergeScript);

        for (int task = 0; task < 2; task++) {
            run(List.of("bash", sharded.resolve("slurm/double-descent.sbatch").toString()), Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(task)));
        }
        run(List.of("bash", sharded.resolve("slurm/double-descent-merge.sbatch").toString()), Map.of());
        ShardedSweeps.assertSameFiles(whole, sharded);
    }

    @Test
    void aSweepThatCannotShardYetIsBadInput() {
        CliTest.Result result = CliTest.run("slurm", "--dry-run", "--", "train", "--out", dir.resolve("s").toString());
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.errLines().contains("netgeom slurm runs double-descent, trajectories, symmetry-study, zoo, star-study, "
                + "robustness-study and reproduce so far, not 'train'"), result.errLines());
    }

    @Test
    void aShardInTheSweepIsBadInput() {
        List<String> args = new ArrayList<>(List.of("slurm", "--shards", "2", "--dry-run", "--"));
        args.addAll(List.of(ShardedSweeps.sharded(ShardedSweeps.doubleDescent(dir.resolve("x")), 0, 2)));
        CliTest.Result result = CliTest.run(args.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.errLines().contains("give the sweep without --shard"), result.errLines());
    }

    static boolean onPath(String tool) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, tool))) return true;
        }
        return false;
    }

    /** Runs a command to its end; returns its output (stdout and stderr), failing when it fails. */
    static String run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path log = Files.createTempFile("command", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end in 5 minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), command + ":\n" + output);
            return output.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("", (a, b) -> a + b + "\n");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
