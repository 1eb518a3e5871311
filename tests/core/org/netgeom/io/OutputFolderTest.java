package org.netgeom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

class OutputFolderTest {
    private static final List<String> ENTRIES = List.of("results.csv", "plot.png", "runs");
    @TempDir Path dir;

    private static RunSettings settings(String width) {
        return new RunSettings("sweep", Map.of("width", width, "epochs", "3"));
    }

    @Test
    void aSecondRunIntoAHeldFolderIsRefusedAtOnce() {
        Path out = dir.resolve("out");
        try (OutputFolder first = OutputFolder.resuming(out, settings("8"), ENTRIES, false)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> OutputFolder.resuming(out, settings("8"), ENTRIES, false));
            assertTrue(e.getMessage().contains("being written by netgeom process " + ProcessHandle.current().pid()), e.getMessage());
        }
        OutputFolder.resuming(out, settings("8"), ENTRIES, false).close(); // released: free again
    }

    @Test
    void aLockHeldByAnotherProcessNamesItsPidAndIsTakenOverWhenItDies() throws Exception {
        Path out = dir.resolve("out");
        Process holder = LockHolder.start(out);
        try {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> FolderLock.acquire(out));
            assertTrue(e.getMessage().contains("netgeom process " + holder.pid()), e.getMessage());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        try (FolderLock taken = FolderLock.acquire(out)) {
            assertEquals(out.toAbsolutePath().normalize(), taken.folder());
        }
    }

    @Test
    void resultsOfOtherSettingsAreRefusedNamingTheFirstDifference() throws IOException {
        Path out = dir.resolve("out");
        try (OutputFolder folder = OutputFolder.resuming(out, settings("8"), ENTRIES, false)) {
            Files.writeString(folder.path().resolve("results.csv"), "old rows\n");
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OutputFolder.resuming(out, settings("16"), ENTRIES, false));
        assertTrue(e.getMessage().contains("width is '16' here but was '8'"), e.getMessage());
        assertTrue(e.getMessage().contains("set overwrite") && e.getMessage().contains("Give folder another path"), e.getMessage());
        assertEquals(List.of("width", "folder", "overwrite"), e.fields(), "the settings the message names, for a front end");
        assertEquals("old rows\n", Files.readString(out.resolve("results.csv")), "nothing touched");
    }

    @Test
    void overwriteDiscardsOnlyTheCommandsOwnResults() throws IOException {
        Path out = dir.resolve("out");
        try (OutputFolder folder = OutputFolder.resuming(out, settings("8"), ENTRIES, false)) {
            Files.writeString(folder.path().resolve("results.csv"), "old rows\n");
            Files.createDirectories(folder.path().resolve("runs/a"));
            Files.writeString(folder.path().resolve("runs/a/run.json"), "{}");
            Files.writeString(folder.path().resolve("notes.txt"), "mine");
        }
        try (OutputFolder folder = OutputFolder.resuming(out, settings("16"), ENTRIES, true)) {
            assertFalse(Files.exists(out.resolve("results.csv")));
            assertFalse(Files.exists(out.resolve("runs")));
            assertEquals("mine", Files.readString(out.resolve("notes.txt")), "the user's file stays");
            assertEquals(settings("16"), OutputFolder.readSettings(out.resolve(OutputFolder.SETTINGS_FILE)));
        }
    }

    @Test
    void resultsWithoutASettingsRecordAreRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("legacy"));
        Files.writeString(out.resolve("results.csv"), "rows of unknown settings\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OutputFolder.resuming(out, settings("8"), ENTRIES, false));
        assertTrue(e.getMessage().contains("no settings.json"), e.getMessage());
    }

    @Test
    void aReplacingRunThatFailsLeavesTheOldResultsAndNoStagingFolder() throws IOException {
        Path out = dir.resolve("train");
        replace(out, "8", "results.csv", "first\n");
        Files.writeString(out.resolve("notes.txt"), "mine");
        try (OutputFolder folder = OutputFolder.replacing(out, settings("16"), ENTRIES)) {
            Files.writeString(folder.path().resolve("results.csv"), "half of the second");
            assertEquals("first\n", Files.readString(out.resolve("results.csv")), "old results intact while the run goes on");
            // no commit: the run failed
        }
        assertEquals("first\n", Files.readString(out.resolve("results.csv")));
        assertEquals(List.of(FolderLock.LOCK_FILE, "notes.txt", "results.csv", OutputFolder.SETTINGS_FILE), names(out),
                "no staging folder left");
    }

    @Test
    void aCommittedReplacingRunReplacesOnlyItsResultsAndKeepsTheUsersFiles() throws IOException {
        Path out = dir.resolve("train");
        try (OutputFolder folder = OutputFolder.replacing(out, settings("8"), ENTRIES)) {
            Files.writeString(folder.path().resolve("results.csv"), "first\n");
            Files.writeString(folder.path().resolve("plot.png"), "first plot");
            folder.commit();
        }
        Files.writeString(out.resolve("notes.txt"), "mine");
        replace(out, "16", "results.csv", "second\n");
        assertEquals("second\n", Files.readString(out.resolve("results.csv")));
        assertFalse(Files.exists(out.resolve("plot.png")), "the first run's plot is not left beside the second's results");
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals(settings("16"), OutputFolder.readSettings(out.resolve(OutputFolder.SETTINGS_FILE)));
        assertEquals(List.of(FolderLock.LOCK_FILE, "notes.txt", "results.csv", OutputFolder.SETTINGS_FILE), names(out));
    }

    @Test
    void aCommitKilledWhileMovingTheOldResultsAsideIsFinishedByTheNextRun() throws IOException {
        Path out = dir.resolve("train");
        replace(out, "8", "results.csv", "first\n");
        Files.writeString(out.resolve("plot.png"), "first plot"); // declared, from the first run
        // A second run staged its results and was killed after moving only plot.png aside.
        Path[] stagingAndOld = killedCommit(out, StagedCommit.MOVING_OLD_ASIDE);
        Files.writeString(stagingAndOld[0].resolve("results.csv"), "second\n");
        Files.move(out.resolve("plot.png"), stagingAndOld[1].resolve("plot.png"));

        OutputFolder.resuming(out, settings("8"), ENTRIES, false).close(); // any run into the folder finishes it
        assertEquals("second\n", Files.readString(out.resolve("results.csv")));
        assertFalse(Files.exists(out.resolve("plot.png")));
        assertEquals(List.of(FolderLock.LOCK_FILE, "results.csv", OutputFolder.SETTINGS_FILE), names(out));
    }

    @Test
    void aCommitKilledWhileMovingTheNewResultsInIsFinishedByTheNextRun() throws IOException {
        Path out = dir.resolve("train");
        replace(out, "8", "results.csv", "first\n");
        Path[] stagingAndOld = killedCommit(out, StagedCommit.MOVING_NEW_IN);
        Files.writeString(stagingAndOld[0].resolve("plot.png"), "second plot");
        Files.move(out.resolve("results.csv"), stagingAndOld[1].resolve("results.csv"));
        Files.move(out.resolve(OutputFolder.SETTINGS_FILE), stagingAndOld[1].resolve(OutputFolder.SETTINGS_FILE));
        Files.writeString(out.resolve("results.csv"), "second\n"); // moved in before the kill

        OutputFolder.replacing(out, settings("8"), ENTRIES).close();
        assertEquals("second\n", Files.readString(out.resolve("results.csv")));
        assertEquals("second plot", Files.readString(out.resolve("plot.png")));
        assertEquals(List.of(FolderLock.LOCK_FILE, "plot.png", "results.csv", OutputFolder.SETTINGS_FILE), names(out),
                "old results and journal gone");
    }

    @Test
    void aCommitThatFailsKeepsTheFinishedResultsAndSaysWhere() throws IOException {
        Path out = dir.resolve("train");
        IllegalStateException e;
        try (OutputFolder folder = OutputFolder.replacing(out, settings("8"), ENTRIES)) {
            Files.writeString(folder.path().resolve("results.csv"), "hours of work\n");
            Files.writeString(folder.path().resolve("undeclared.txt"), "a programming error");
            e = assertThrows(IllegalStateException.class, folder::commit);
        }
        Path kept = out.resolve("netgeom-unsaved-" + ProcessHandle.current().pid());
        assertTrue(e.getMessage().contains(kept.toString()), e.getMessage());
        assertEquals("hours of work\n", Files.readString(kept.resolve("results.csv")), "not deleted by close()");
    }

    @Test
    void resultNamedFilesWithoutASettingsRecordAreNotReplaced() throws IOException {
        Path out = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(out.resolve("plot.png"), "the user's own plot");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OutputFolder.replacing(out, settings("8"), ENTRIES));
        assertTrue(e.getMessage().contains("already holds [plot.png] but no settings.json"), e.getMessage());
        assertEquals("the user's own plot", Files.readString(out.resolve("plot.png")));
    }

    @Test
    void twoNamesOfOneFolderShareOneLock() throws IOException {
        Path out = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), out);
        try (FolderLock held = FolderLock.acquire(out)) {
            assertThrows(InvalidInputException.class, () -> FolderLock.acquire(link));
            assertThrows(InvalidInputException.class, () -> FolderLock.acquire(out.resolve("../real")));
        }
        FolderLock.acquire(link).close();
    }

    @Test
    void aFolderThatCannotBeCreatedIsOneClearLineAndLeavesNoLockBehind() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path inside = file.resolve("out");
        for (int attempt = 0; attempt < 2; attempt++) { // the second must fail the same way, not as "held by this process"
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> FolderLock.acquire(inside));
            assertTrue(e.getMessage().startsWith("cannot create the output folder " + inside), e.getMessage());
        }
    }

    @Test
    void aReplacingRunIntoTheCurrentFolderOrALinkWorksInPlace() throws IOException {
        Path out = Files.createDirectories(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("via-link"), out);
        replace(link, "8", "results.csv", "first\n");
        replace(link, "16", "results.csv", "second\n");
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals("second\n", Files.readString(out.resolve("results.csv")));
    }

    @Test
    void aReplacingRunRefusesAnotherCommandsFolder() {
        Path out = dir.resolve("sweep");
        OutputFolder.resuming(out, settings("8"), ENTRIES, false).close();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OutputFolder.replacing(out, new RunSettings("train", Map.of()), List.of("model.safetensors")));
        assertTrue(e.getMessage().contains("'sweep'"), e.getMessage());
    }

    @Test
    void deleteTreeRefusesAnythingOutsideAHeldFolder() throws IOException {
        Path out = dir.resolve("out");
        Path outside = Files.writeString(dir.resolve("precious.txt"), "keep");
        try (OutputFolder folder = OutputFolder.resuming(out, settings("8"), ENTRIES, false)) {
            assertThrows(IllegalStateException.class, () -> OutputFolder.deleteTree(folder.path()), "the folder itself");
            assertThrows(IllegalStateException.class, () -> OutputFolder.deleteTree(folder.path().resolve("..")));
            assertThrows(IllegalStateException.class, () -> OutputFolder.deleteTree(folder.path().resolve("runs/../../precious.txt")));
            Path run = Files.createDirectories(folder.path().resolve("runs/a"));
            OutputFolder.deleteTree(run);
            assertFalse(Files.exists(run));
        }
        assertThrows(IllegalStateException.class, () -> OutputFolder.deleteTree(out.resolve("runs")), "not held any more");
        assertEquals("keep", Files.readString(outside));
    }

    @Test
    void staleTemporaryFilesOfDeadProcessesAreRemovedWhenARunStarts() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out/sub"));
        Path stale = Files.writeString(out.resolve(".plot.png.999999999-1-123.tmp"), "half");
        Path foreign = Files.writeString(out.resolve(".mine.tmp"), "not netgeom's naming");
        OutputFolder.resuming(dir.resolve("out"), settings("8"), ENTRIES, false).close();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(foreign));
    }

    @Test
    void emptyOrFileOutIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(assertThrows(InvalidInputException.class, () -> OutputFolder.resuming(file, settings("8"), ENTRIES, false))
                .getMessage().contains("is an existing file"));
        assertTrue(assertThrows(InvalidInputException.class, () -> OutputFolder.replacing(Path.of(""), settings("8"), ENTRIES))
                .getMessage().contains("folder is empty"));
    }

    @Test
    void settingsDifferenceNamesAddedAndRemovedSettings() {
        RunSettings before = new RunSettings("sweep", Map.of("width", "8"));
        RunSettings after = new RunSettings("sweep", Map.of("width", "8", "noise", "0.1"));
        assertNull(before.firstDifferenceFrom(new RunSettings("sweep", Map.of("width", "8"))));
        assertTrue(after.firstDifferenceFrom(before).startsWith("noise is '0.1' here"), after.firstDifferenceFrom(before));
        assertTrue(before.firstDifferenceFrom(after).startsWith("noise was '0.1'"));
        assertEquals("noise", after.firstDifferingSetting(before));
        assertFalse(before.sha256().equals(after.sha256()));
        assertEquals(before.sha256(), new RunSettings("sweep", Map.of("width", "8")).sha256());
    }

    /**
     * The staging and old-results folders of a commit into {@code out} killed in {@code phase}, by a
     * process that no longer runs: the staging folder holds the run's settings record, and the
     * journal is the one StagedCommit writes. The test moves the files the kill left half-moved.
     */
    private static Path[] killedCommit(Path out, String phase) throws IOException {
        Path staging = Files.createDirectories(out.resolve(StagedCommit.STAGING_PREFIX + "999999999"));
        Path old = Files.createDirectories(out.resolve(StagedCommit.OLD_PREFIX + "999999999"));
        Files.copy(out.resolve(OutputFolder.SETTINGS_FILE), staging.resolve(OutputFolder.SETTINGS_FILE));
        StagedCommit.writeJournal(out, phase, staging, old, ENTRIES);
        return new Path[] {staging, old};
    }

    private static void replace(Path out, String width, String file, String text) throws IOException {
        try (OutputFolder folder = OutputFolder.replacing(out, settings(width), ENTRIES)) {
            Files.writeString(folder.path().resolve(file), text);
            folder.commit();
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
