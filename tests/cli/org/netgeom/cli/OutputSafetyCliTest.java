package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.io.FolderLock;
import org.netgeom.io.LockHolder;

/** Issue 15's data-loss and stale-result cases, as a user meets them on the command line. */
class OutputSafetyCliTest {
    @TempDir Path dir;

    private static void assertBadInput(CliTest.Result result, String expected) {
        assertEquals(2, result.exitCode(), result.err());
        String lines = result.errLines().strip();
        assertEquals(1, lines.lines().count(), "one line: " + lines);
        assertTrue(lines.contains(expected), "should mention '" + expected + "': " + lines);
    }

    private String[] doubleDescent(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("double-descent", "--model", "rf", "--data", "teacher:sign", "--input-dim", "8",
                "--train-size", "20", "--test-size", "40", "--widths", "4,20", "--samples", "16", "--seeds", "1", "--backend", "cpu",
                "--progress", "quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void trajectoryConfigsNamedDotOrDotDotAreRefusedAndDeleteNothing() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path precious = Files.writeString(out.resolve("precious.txt"), "keep me");
        for (String name : List.of("..", ".", ".hidden", "")) {
            Path configs = Files.writeString(dir.resolve("configs.csv"),
                    "name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed\n"
                            + "\"" + name + "\",784-8-10,relu,sgd,0.1,32,0,0,false,1,1\n");
            CliTest.Result result = CliTest.run("trajectories", "--data", "teacher:sign", "--configs", configs.toString(),
                    "--out", out.toString(), "--backend", "cpu", "--progress", "quiet");
            assertEquals(2, result.exitCode(), name + ": " + result.err());
            assertTrue(result.errLines().contains("config name"), result.err());
        }
        assertEquals("keep me", Files.readString(precious));
    }

    @Test
    void aSweepRerunWithOtherSettingsIsRefusedUntilOverwrite() throws IOException {
        Path out = dir.resolve("dd");
        assertEquals(0, CliTest.run(doubleDescent(out)).exitCode());
        String rows = Files.readString(out.resolve("results.csv"));

        assertBadInput(CliTest.run(doubleDescent(out, "--activation", "relu")), "--activation is 'relu' here but was 'erf'");
        assertBadInput(CliTest.run(doubleDescent(out, "--noise", "0.2")), "--noise");
        assertEquals(rows, Files.readString(out.resolve("results.csv")), "the old rows are untouched");

        String[] shownDifferently = doubleDescent(out, "--json", "--device", "1");
        shownDifferently[List.of(shownDifferently).indexOf("quiet")] = "plain";
        CliTest.Result scheduling = CliTest.run(shownDifferently);
        assertEquals(0, scheduling.exitCode(), "progress, device and --json only change how the work is run and shown: " + scheduling.err());
        assertEquals(rows, Files.readString(out.resolve("results.csv")), "and reuse every row");

        CliTest.Result overwritten = CliTest.run(doubleDescent(out, "--activation", "relu", "--overwrite"));
        assertEquals(0, overwritten.exitCode(), overwritten.err());
        assertFalse(rows.equals(Files.readString(out.resolve("results.csv"))), "new rows replace the old");
        assertTrue(Files.readString(out.resolve("settings.json")).contains("\"relu\""));
    }

    @Test
    void aTrajectoryConfigChangedUnderTheSameNameIsNotReportedAsDone() throws IOException {
        Path out = dir.resolve("traj");
        String header = "name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed\n";
        String second = "b,8-4-2,tanh,sgd,0.1,16,0,0,false,1,1\n";
        Path configs = Files.writeString(dir.resolve("configs.csv"), header + "a,8-4-2,relu,sgd,0.1,16,0,0,false,1,1\n" + second);
        String[] args = {"trajectories", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "64", "--test-size", "32",
            "--configs", configs.toString(), "--snapshots", "log:2", "--snapshot-samples", "16", "--dims", "1", "--backend", "cpu",
            "--progress", "quiet", "--out", out.toString(), "--max-train-error", "1"};
        CliTest.Result first = CliTest.run(args);
        assertEquals(0, first.exitCode(), first.err());
        Path moved = Files.writeString(dir.resolve("moved.csv"), Files.readString(configs));
        String[] elsewhere = args.clone();
        elsewhere[List.of(args).indexOf(configs.toString())] = moved.toString();
        assertEquals(0, CliTest.run(elsewhere).exitCode(), "the same rows from another path resume");
        Files.writeString(configs, header + "a,8-4-2,relu,sgd,0.5,16,0,0,false,1,1\n" + second);
        assertBadInput(CliTest.run(args), "--configs is 'file content sha256");
    }

    @Test
    void aSymmetryStudyRerunWithAnotherWidthIsRefused() {
        Path out = dir.resolve("sym");
        String[] first = {"symmetry-study", "--tasks", "heat", "--heat-size", "40", "--width", "4", "--epochs", "1", "--seeds", "2",
            "--backend", "cpu", "--progress", "quiet", "--out", out.toString()};
        CliTest.Result ran = CliTest.run(first);
        assertEquals(0, ran.exitCode(), ran.err());
        String[] wider = first.clone();
        wider[6] = "6";
        assertBadInput(CliTest.run(wider), "--width is '6' here but was '4'");
        String[] longer = first.clone();
        longer[8] = "2";
        assertBadInput(CliTest.run(longer), "--epochs");
    }

    @Test
    void aSecondRunIntoALockedFolderIsRefusedNamingTheHolder() throws Exception {
        Path out = dir.resolve("dd");
        Process holder = LockHolder.start(out);
        try {
            assertBadInput(CliTest.run(doubleDescent(out)), "netgeom process " + holder.pid());
            assertBadInput(CliTest.run("train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "20", "--model",
                    "8-4-2", "--epochs", "1", "--backend", "cpu", "--progress", "quiet", "--out", out.toString()), "being written by");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        CliTest.Result after = CliTest.run(doubleDescent(out));
        assertEquals(0, after.exitCode(), "the dead holder's lock is taken over: " + after.err());
        assertTrue(Files.exists(FolderLock.lockFile(out)));
    }

    @Test
    void oneShotCommandsLockTheirFolderAndSwapTheirResultsInWhole() throws Exception {
        Path model = dir.resolve("m");
        assertEquals(0, CliTest.run("train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "32", "--model", "8-4-2",
                "--epochs", "1", "--backend", "cpu", "--progress", "quiet", "--out", model.toString()).exitCode());
        Path out = dir.resolve("bmd");
        String[] bmd = {"bmd", "--model", model.resolve("model.safetensors").toString(), "--samples", "16", "--backend", "cpu",
            "--out", out.toString()};
        Process holder = LockHolder.start(out);
        try {
            assertBadInput(CliTest.run(bmd), "netgeom process " + holder.pid());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        CliTest.Result result = CliTest.run(bmd);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(Files.size(out.resolve("bmd.json")) > 0 && Files.exists(out.resolve("settings.json")));
        assertEquals(List.of("bmd", "m"), entries(dir), "nothing beside the folders");
        assertEquals(List.of(FolderLock.LOCK_FILE, "bmd.json", "influence.csv", "settings.json"), entries(out), "no staging folder left");
    }

    @Test
    void aFailedRetrainLeavesTheOldRunWholeAndKeepsTheUsersFiles() throws IOException {
        Path out = dir.resolve("mlp");
        String[] train = {"train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "64", "--test-size", "32",
            "--model", "8-6-2", "--epochs", "2", "--backend", "cpu", "--progress", "quiet", "--out", out.toString()};
        assertEquals(0, CliTest.run(train).exitCode());
        Files.writeString(out.resolve("notes.txt"), "mine");
        List<byte[]> before = contents(out, "model.safetensors", "metrics.csv", "run.json");

        String[] diverging = train.clone();
        List<String> withLr = new ArrayList<>(List.of(diverging));
        withLr.addAll(List.of("--lr", "1e30"));
        CliTest.Result failed = CliTest.run(withLr.toArray(new String[0]));
        assertEquals(2, failed.exitCode(), failed.err());
        List<byte[]> after = contents(out, "model.safetensors", "metrics.csv", "run.json");
        for (int i = 0; i < before.size(); i++) assertTrue(java.util.Arrays.equals(before.get(i), after.get(i)), "file " + i);
        assertEquals(List.of("mlp"), entries(dir), "nothing beside the folder");
        assertEquals(List.of(FolderLock.LOCK_FILE, "loss.png", "metrics.csv", "model.safetensors", "notes.txt", "run.json",
                "settings.json"), entries(out), "no staging folder left");

        String[] ridge = {"train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "64", "--test-size", "32",
            "--model", "rf:16", "--backend", "cpu", "--progress", "quiet", "--out", out.toString()};
        assertEquals(0, CliTest.run(ridge).exitCode());
        assertFalse(Files.exists(out.resolve("metrics.csv")), "a ridge fit writes no metrics; the MLP's are not left beside it");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void outMustBeAFolderAndNotEmpty() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertBadInput(CliTest.run(doubleDescent(file)), "is an existing file");
        assertBadInput(CliTest.run(doubleDescent(Path.of(""))), "--out is empty");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Path model = dir.resolve("m");
        assertEquals(0, CliTest.run("train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "32", "--model", "8-4-2",
                "--epochs", "1", "--backend", "cpu", "--progress", "quiet", "--out", model.toString()).exitCode());
        assertBadInput(CliTest.run("predict", "--model", model.resolve("model.safetensors").toString(), "--data", "teacher:sign",
                "--input-dim", "8", "--backend", "cpu", "--out", folder.toString()), "is a folder");
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void aResultsFileWithForeignColumnsIsBadInput() throws IOException {
        Path out = dir.resolve("dd");
        assertEquals(0, CliTest.run(doubleDescent(out)).exitCode());
        Files.writeString(out.resolve("results.csv"), "a,b\n1,2\n");
        assertBadInput(CliTest.run(doubleDescent(out)), "has columns [a, b]");
    }

    @Test
    void aModelWhoseOutputsDoNotMatchTheClassesIsRefused() {
        assertBadInput(CliTest.run("train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "32", "--model", "8-4-5",
                "--epochs", "1", "--backend", "cpu", "--progress", "quiet"), "ends in 5 outputs");
    }

    @Test
    void evaluatingAModelOnDataWithFewerClassesThanItsOutputsIsRefused() {
        Path model = dir.resolve("three");
        CliTest.Result trained = CliTest.run("train", "--data", "teacher:mlp", "--teacher-classes", "3", "--input-dim", "8",
                "--train-size", "32", "--model", "8-4-3", "--epochs", "1", "--backend", "cpu", "--progress", "quiet", "--out",
                model.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        assertBadInput(CliTest.run("eval", "--model", model.resolve("model.safetensors").toString(), "--data", "teacher:sign",
                "--input-dim", "8", "--backend", "cpu"), "the data has 2 classes but the model has 3 outputs");
    }

    @Test
    void aZeroOrNegativeHeatSizeIsBadInput() {
        for (String size : List.of("0", "-1")) {
            assertBadInput(CliTest.run("symmetry-study", "--tasks", "heat", "--heat-size", size, "--out", dir.resolve("s").toString()),
                    "--heat-size must be >= 1");
        }
    }

    @Test
    void helpSaysWhatTrainSizeZeroMeans() {
        assertTrue(CliTest.run("train", "--help").out().contains("0 or unset: all"));
    }

    private static List<byte[]> contents(Path folder, String... names) throws IOException {
        List<byte[]> bytes = new ArrayList<>();
        for (String name : names) bytes.add(Files.readAllBytes(folder.resolve(name)));
        return bytes;
    }

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
