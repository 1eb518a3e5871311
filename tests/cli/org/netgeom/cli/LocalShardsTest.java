package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.netgeom.experiments.ShardMarker;
import org.netgeom.tensor.InvalidInputException;

/** --devices LIST: one child process per device, each a shard, then the merge; here on the CPU backend. */
class LocalShardsTest {
    @TempDir Path dir;

    private static List<String> withDevices(List<String> sweep, String devices) {
        List<String> words = new ArrayList<>(sweep);
        words.addAll(List.of("--devices", devices));
        return words;
    }

    @Test
    void childKRunsTheSweepWithShardKAndDeviceK() {
        Path out = dir.resolve("dd");
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(withDevices(ShardedSweeps.doubleDescent(out), "3,5,7")
                .toArray(String[]::new));
        List<String> sweep = ShardArguments.wholeCommandLine(parsed.subcommand().commandSpec());
        List<String> java = List.of("/jdk/bin/java", "-cp", "netgeom.jar", Main.class.getName());
        List<String> child = LocalShards.childCommand(java, sweep, 1, List.of(3, 5, 7));

        assertEquals(java, child.subList(0, 4), "the child starts as this process was started");
        assertEquals(List.of("--shard", "1/3", "--device", "5"), child.subList(child.size() - 4, child.size()));
        assertFalse(child.contains("--devices"), "a child runs its shard alone: " + child);
        CommandLine.ParseResult again = Main.commandLine().parseArgs(child.subList(4, child.size()).toArray(String[]::new));
        CommandLine.ParseResult sub = again.subcommand();
        assertEquals("double-descent", sub.commandSpec().name());
        assertEquals("1/3", sub.matchedOptionValue("--shard", ""));
        assertEquals(5, (int) sub.matchedOptionValue("--device", -1));
        assertEquals(out.toAbsolutePath(), sub.matchedOptionValue("--out", null));
        assertEquals(List.of(4, 24, 60), sub.matchedOptionValue("--widths", List.of()), "every option of the sweep, as given");
        assertEquals("cpu", sub.matchedOptionValue("--backend", ""));
    }

    @Test
    void aChildGetsEveryPathOfAListAbsolute() {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("robustness-study", "--models", "zoo/a.safetensors,b.safetensors",
                "--out", "study", "--devices", "0,1");
        List<String> child = LocalShards.childCommand(List.of(), ShardArguments.wholeCommandLine(parsed.subcommand().commandSpec()), 0,
                List.of(0, 1));
        CommandLine.ParseResult sub = Main.commandLine().parseArgs(child.toArray(String[]::new)).subcommand();
        Path here = Path.of("").toAbsolutePath();
        assertEquals(List.of(here.resolve("zoo/a.safetensors"), here.resolve("b.safetensors")), sub.matchedOptionValue("--models", List.of()),
                "the merge reruns the study from anywhere: " + child);
        assertEquals(here.resolve("study"), sub.matchedOptionValue("--out", null));
    }

    @Test
    void childrenGetThisJvmsFlagsButNotItsTerminalOrDebugger() {
        List<String> command = LocalShards.javaCommand("/jdk/bin/java", List.of("-Xmx4g", "-Dnetgeom.stderr.terminal=true",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "--add-modules=jdk.incubator.vector"), "/dist/lib/netgeom.jar");
        assertEquals(List.of("/jdk/bin/java", "-Xmx4g", "--add-modules=jdk.incubator.vector", "-Dnetgeom.stderr.terminal=false", "-cp",
                "/dist/lib/netgeom.jar", "org.netgeom.cli.Main"), command);
    }

    @Test
    void aDeviceListIsOrdinalsEachGivenOnce() {
        assertEquals(List.of(0, 2, 5), LocalShards.parseDevices(" 0, 2,5"));
        assertTrue(assertThrows(InvalidInputException.class, () -> LocalShards.parseDevices(" ")).getMessage().contains("got an empty one"));
        assertTrue(assertThrows(InvalidInputException.class, () -> LocalShards.parseDevices("0,1,0")).getMessage()
                .contains("names device 0 twice"));
        assertTrue(assertThrows(InvalidInputException.class, () -> LocalShards.parseDevices("0,,1")).getMessage()
                .contains("'' in '0,,1' is not one"));
        assertTrue(assertThrows(InvalidInputException.class, () -> LocalShards.parseDevices("-1")).getMessage().contains(">= 0"));
    }

    @Test
    void devicesAreRefusedWithShardDeviceOrADuplicateBeforeAnythingStarts() {
        Path out = dir.resolve("dd");
        List<String> sweep = ShardedSweeps.doubleDescent(out);
        List<String> withShard = withDevices(sweep, "0,1");
        withShard.addAll(List.of("--shard", "0/2"));
        List<String> withDevice = withDevices(sweep, "0,1");
        withDevice.addAll(List.of("--device", "1"));
        assertRefused(withShard, "give --devices or --shard I/N, not both");
        assertRefused(withDevice, "give --devices or --device, not both");
        assertRefused(withDevices(sweep, "1,1"), "names device 1 twice");
        assertRefused(withDevices(sweep, ""), "got an empty one");
        assertFalse(Files.exists(out), "nothing starts before the options are checked");
    }

    @Test
    void everyCommandThatTakesShardRunsDevicesItself() throws IOException {
        Map<String, List<String>> sweeps = new TreeMap<>();
        sweeps.put("double-descent", ShardedSweeps.doubleDescent(dir.resolve("dd")));
        sweeps.put("trajectories", ShardedSweeps.trajectories(dir.resolve("configs.csv"), dir.resolve("trajectories")));
        sweeps.put("symmetry-study", ShardedSweeps.symmetryStudy(dir.resolve("symmetry")));
        sweeps.put("zoo", ShardedSweeps.zoo(dir.resolve("zoo")));
        sweeps.put("star-study", ShardedSweeps.starStudy(dir.resolve("star")));
        sweeps.put("robustness-study", ShardedSweeps.robustnessStudy(ShardedSweeps.models(Files.createDirectories(dir.resolve("models"))),
                dir.resolve("robustness")));
        sweeps.put("reproduce", ReproduceShardCliTest.tiny(dir.resolve("reproduce"), dir.resolve("fashion-mnist")));
        List<String> sharded = Main.commandLine().getSubcommands().values().stream()
                .filter(command -> command.getCommandSpec().mixins().values().stream().anyMatch(m -> m.userObject() instanceof ShardArguments))
                .map(CommandLine::getCommandName).sorted().toList();
        assertEquals(new ArrayList<>(sweeps.keySet()), sharded, "a command that takes --shard takes --devices: add its sweep here");
        for (Map.Entry<String, List<String>> sweep : sweeps.entrySet()) {
            // A command that reached its own work instead would not check the list: the device named twice shows that --devices ran.
            assertRefused(withDevices(sweep.getValue(), "3,3"), "names device 3 twice");
            Path out = Path.of(sweep.getValue().get(sweep.getValue().indexOf("--out") + 1));
            assertFalse(Files.exists(out), sweep.getKey() + " started nothing");
        }
    }

    private static void assertRefused(List<String> args, String message) {
        CliTest.Result result = CliTest.run(args.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.errLines().contains(message), result.errLines());
    }

    @Test
    void doubleDescentOnTwoDevicesEqualsTheOneProcessRunBitForBit() throws IOException {
        Path whole = dir.resolve("whole"), local = dir.resolve("local");
        CliTest.Result one = CliTest.run(ShardedSweeps.doubleDescent(whole).toArray(String[]::new));
        assertEquals(0, one.exitCode(), one.err());
        CliTest.Result two = CliTest.run(withDevices(ShardedSweeps.doubleDescent(local), "0,1").toArray(String[]::new));
        assertEquals(0, two.exitCode(), two.err());

        assertTrue(ShardedSweeps.assertSameFiles(whole, local) >= 3, "results.csv, settings.json and the figure");
        assertEquals(one.out(), two.out(), "the merged sweep prints the one-process summary");
        for (int k = 0; k < 2; k++) {
            assertTrue(Files.isRegularFile(local.resolve("shards/" + k).resolve(ShardMarker.FILE)), "shard " + k + " ran as a child");
            String log = Files.readString(LocalShards.logFile(local, k));
            assertTrue(log.contains("shard " + k + "/2 finished"), "child " + k + "'s output is in its log: " + log);
        }
        assertTrue(two.err().contains("results are in " + local.toAbsolutePath()), two.err());
    }

    @Test
    void aLambdaSweepOnTwoDevicesEqualsTheOneProcessRunBitForBit() throws IOException {
        Path whole = dir.resolve("whole"), local = dir.resolve("local");
        CliTest.Result one = CliTest.run(ShardedSweeps.lambdaSweep(whole).toArray(String[]::new));
        assertEquals(0, one.exitCode(), one.err());
        CliTest.Result two = CliTest.run(withDevices(ShardedSweeps.lambdaSweep(local), "0,1").toArray(String[]::new));
        assertEquals(0, two.exitCode(), two.err());

        assertEquals(4, ShardedSweeps.assertSameFiles(whole, local), "results.csv, settings.json, twin_peaks and bmd_peaks");
        assertEquals(one.out(), two.out(), "the merged sweep prints the one-process summary of every penalty");
    }

    @Test
    void aFailedShardIsNamedWithItsLogAndTheSameCommandResumes() throws IOException {
        Path whole = dir.resolve("whole"), local = dir.resolve("local");
        List<String> sweep = ShardedSweeps.doubleDescent(local);
        // Shard 1's folder already holds a shard of other settings: that child refuses to run there.
        List<String> otherSeeds = new ArrayList<>(sweep);
        otherSeeds.set(otherSeeds.indexOf("--seeds") + 1, "3");
        assertEquals(0, CliTest.run(ShardedSweeps.sharded(otherSeeds, 1, 2)).exitCode());

        CliTest.Result failed = CliTest.run(withDevices(sweep, "0,1").toArray(String[]::new));
        assertEquals(1, failed.exitCode(), failed.err());
        String message = failed.errLines();
        assertTrue(message.contains("1 of 2 shards failed: shard 1 on device 1 (log " + LocalShards.logFile(local.toAbsolutePath(), 1)),
                message);
        assertTrue(message.contains("seeds is '2' here but was '3'"), "the log's last line says why: " + message);
        assertTrue(Files.isRegularFile(local.resolve("shards/0").resolve(ShardMarker.FILE)), "the finished shard stays");
        assertFalse(Files.exists(local.resolve("results.csv")), "nothing is merged while a shard failed");

        deleteTree(local.resolve("shards/1")); // the user's fix: move the odd shard away
        CliTest.Result resumed = CliTest.run(withDevices(sweep, "0,1").toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(0, CliTest.run(ShardedSweeps.doubleDescent(whole).toArray(String[]::new)).exitCode());
        ShardedSweeps.assertSameFiles(whole, local);
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
