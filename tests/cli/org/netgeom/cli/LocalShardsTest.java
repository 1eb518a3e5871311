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
import org.netgeom.data.IdxFixtures;
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

        Files.createDirectories(LocalShards.logFile(local, 1).getParent());
        Files.writeString(LocalShards.logFile(local, 1), "a stale line of an earlier run\n");

        CliTest.Result failed = CliTest.run(withDevices(sweep, "0,1").toArray(String[]::new));
        assertEquals(2, failed.exitCode(), "the one failed child refused bad input: " + failed.err());
        String message = failed.errLines();
        assertFalse(message.contains("stale") || Files.readString(LocalShards.logFile(local, 1)).contains("stale"),
                "each run starts its logs afresh: " + message);
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

    @Test
    void overwriteWithDevicesReplacesOutsResultsOfOtherSettings() throws IOException {
        Path whole = dir.resolve("whole"), local = dir.resolve("local");
        List<String> sweep = ShardedSweeps.doubleDescent(local);
        List<String> otherSeeds = new ArrayList<>(sweep);
        otherSeeds.set(otherSeeds.indexOf("--seeds") + 1, "3");
        assertEquals(0, CliTest.run(otherSeeds.toArray(String[]::new)).exitCode());

        List<String> overwriting = withDevices(sweep, "0,1");
        overwriting.add("--overwrite");
        CliTest.Result replaced = CliTest.run(overwriting.toArray(String[]::new));
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertEquals(0, CliTest.run(ShardedSweeps.doubleDescent(whole).toArray(String[]::new)).exitCode());
        assertTrue(ShardedSweeps.assertSameFiles(whole, local) >= 3, "the 2-seed sweep replaced the 3-seed one");
    }

    @Test
    void theMergeGetsTheSweepsOverwriteAndVerbose() {
        Path out = dir.resolve("dd").toAbsolutePath();
        List<String> sweep = withDevices(ShardedSweeps.doubleDescent(out), "0,1");
        CommandLine.ParseResult plain = Main.commandLine().parseArgs(sweep.toArray(String[]::new)).subcommand();
        assertEquals(List.of("merge", "--out", out.toString()), LocalShards.mergeCommand(out, plain));
        sweep.addAll(List.of("--overwrite", "--verbose"));
        CommandLine.ParseResult both = Main.commandLine().parseArgs(sweep.toArray(String[]::new)).subcommand();
        assertEquals(List.of("merge", "--out", out.toString(), "--overwrite", "--verbose"), LocalShards.mergeCommand(out, both));
    }

    @Test
    void aClashWithOutIsRefusedBeforeAnyChildStarts() {
        Path out = dir.resolve("dd");
        List<String> sweep = ShardedSweeps.doubleDescent(out);
        List<String> otherSeeds = new ArrayList<>(sweep);
        otherSeeds.set(otherSeeds.indexOf("--seeds") + 1, "3");
        assertEquals(0, CliTest.run(otherSeeds.toArray(String[]::new)).exitCode());

        assertRefused(withDevices(sweep, "0,1"), "seeds is '2' here but was '3'");
        assertFalse(Files.exists(out.resolve(LocalShards.LOG_FOLDER)), "no child started");
        assertFalse(Files.exists(out.resolve("shards")), "no shard ran");
    }

    @Test
    void saveModelsWithDevicesIsRefusedByTheParent() {
        Path out = dir.resolve("dd");
        List<String> sweep = withDevices(ShardedSweeps.doubleDescent(out), "0,1");
        sweep.add("--save-models");
        assertRefused(sweep, "--save-models writes the models into each shard's folder");
        assertFalse(Files.exists(out.resolve(LocalShards.LOG_FOLDER)), "no child started");
    }

    @Test
    void theParentAsksForTheDataOnlyAfterOutIsChecked() {
        List<String> calls = new ArrayList<>();
        LocalShards.prepare(new RecordingSweep(calls, null), new java.io.PrintWriter(java.io.Writer.nullWriter()));
        assertEquals(List.of("checkWholeOut", "readsDefaultFashionMnist"), calls, "OUT checked, then the data installed once");
        calls.clear();
        InvalidInputException clash = new InvalidInputException("OUT holds results of other settings");
        assertEquals(clash, assertThrows(InvalidInputException.class, () -> LocalShards.prepare(new RecordingSweep(calls, clash),
                new java.io.PrintWriter(java.io.Writer.nullWriter()))));
        assertEquals(List.of("checkWholeOut"), calls, "a refused OUT installs nothing");
    }

    /** A sweep that records what the parent asks of it; checkWholeOut throws {@code refusal} when one is given. */
    private record RecordingSweep(List<String> calls, InvalidInputException refusal) implements ShardedSweep {
        @Override
        public void checkWholeOut() {
            calls.add("checkWholeOut");
            if (refusal != null) throw refusal;
        }

        @Override
        public boolean readsDefaultFashionMnist() {
            calls.add("readsDefaultFashionMnist");
            return false;
        }
    }

    @Test
    void theParentInstallsFashionMnistOnlyForASweepThatReadsItFromTheDefaultFolder() throws IOException {
        Path out = dir.resolve("out").toAbsolutePath(), data = dir.resolve("fashion").toAbsolutePath();
        List<String> fashion = List.of("double-descent", "--model", "rf", "--data", "fashion-mnist", "--train-size", "24", "--widths", "4",
                "--out", out.toString());
        assertTrue(LocalShards.wholeSweep(fashion).readsDefaultFashionMnist());
        List<String> ownFolder = new ArrayList<>(fashion);
        ownFolder.addAll(List.of("--data-dir", data.toString()));
        assertFalse(LocalShards.wholeSweep(ownFolder).readsDefaultFashionMnist(), "--data-dir: nothing to install");
        assertFalse(LocalShards.wholeSweep(ShardedSweeps.doubleDescent(out)).readsDefaultFashionMnist(), "a teacher needs no files");
        assertTrue(LocalShards.wholeSweep(List.of("symmetry-study", "--tasks", "fashion", "--out", out.toString())).readsDefaultFashionMnist());
        assertFalse(LocalShards.wholeSweep(ShardedSweeps.symmetryStudy(out)).readsDefaultFashionMnist(), "heat reads no files");
        assertTrue(LocalShards.wholeSweep(List.of("reproduce", "--tiny", "--out", out.toString())).readsDefaultFashionMnist());
        assertFalse(LocalShards.wholeSweep(ReproduceShardCliTest.tiny(out, data)).readsDefaultFashionMnist(), "--data-dir given");
        assertFalse(LocalShards.wholeSweep(ShardedSweeps.zoo(out)).readsDefaultFashionMnist());
    }

    @Test
    void theParentExitsTwoOnlyWhenEveryFailedShardExitedTwo() {
        assertEquals(2, LocalShards.exitCode(List.of(2, 2)));
        assertEquals(2, LocalShards.exitCode(List.of(2)));
        assertEquals(1, LocalShards.exitCode(List.of(2, 1)));
        assertEquals(1, LocalShards.exitCode(List.of(137)));
    }

    @Test
    void reproduceOnTwoDevicesWritesTheOneProcessReproductionIntoTheOutTheParentChecked() throws IOException {
        Path data = dir.resolve("fashion-mnist"), out = dir.resolve("reproduce"), whole = dir.resolve("whole");
        IdxFixtures.writeFashionMnist(data, 500, 200, 28);
        ReproduceShardCliTest.oneProcessRun(out, data, whole);

        CliTest.Result local = CliTest.run(withDevices(ReproduceShardCliTest.tiny(out, data), "0,1").toArray(String[]::new));
        assertEquals(0, local.exitCode(), local.err());
        // A zoo model's run.json names the device of the child that trained it (docs/CLUSTER.md); the rest is the one-process run's.
        Map<String, List<String>> provenance = new TreeMap<>(ReproduceShardCliTest.PROVENANCE_FIELDS);
        List<String> starRun = new ArrayList<>(provenance.get("star/run.json"));
        starRun.add("/config/device");
        provenance.put("star/run.json", starRun);
        int compared = ShardedSweeps.assertSameFiles(whole, out, provenance, ReproduceShardCliTest.TIMING_COLUMNS,
                ReproduceShardCliTest.TIMING_TEXT);
        assertTrue(compared > 50, "the report, every stage's summaries, figures and runs: " + compared);
    }
}
