package org.netgeom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.netgeom.tensor.InvalidInputException;

/**
 * The folder a run writes its results into, held for the whole run. It makes three promises:
 * <ul>
 *   <li>one run at a time: the folder is {@link FolderLock locked}, and a second run into it
 *       is refused at once;</li>
 *   <li>no stale results: the folder records the run's {@link RunSettings} in
 *       {@value #SETTINGS_FILE}, and a run whose settings differ from the recorded ones is
 *       refused (or, with overwrite, the old results are discarded) before it computes
 *       anything, so rows of one configuration are never reported as another's;</li>
 *   <li>no half-written results: a {@link #replacing replacing} run writes into a staging
 *       folder inside the target and {@link #commit} moves its results in place of the old
 *       ones ({@link StagedCommit}, which the next run finishes if a kill interrupts it); a
 *       {@link #resuming resuming} run adds each finished result atomically ({@link AtomicFiles}),
 *       and stale temporary files of killed runs are removed when a run starts.</li>
 * </ul>
 * Every result a command writes is one of its declared {@code resultEntries} (file or folder
 * names directly in the folder); only those are ever moved, replaced or discarded, so files a
 * user keeps in the folder stay where they are through re-runs and {@code --overwrite}. Every
 * recursive delete of results goes through {@link #deleteTree}, which refuses targets outside a
 * folder that this process holds.
 */
public final class OutputFolder implements AutoCloseable {
    /** The settings record in every output folder; also what marks a folder as netgeom's. */
    public static final String SETTINGS_FILE = "settings.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * The folders runs of this process write into now; {@link #deleteTree} deletes only inside
     * them. Process-wide by nature, like the locks: it guards every delete in the process.
     */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final Path writeTo;
    private final boolean replacing;
    private final List<String> resultEntries;
    private final FolderLock lock;
    private boolean committed;
    private boolean keepStaging;

    private OutputFolder(Path folder, Path writeTo, boolean replacing, List<String> resultEntries, FolderLock lock) {
        this.folder = folder;
        this.writeTo = writeTo;
        this.replacing = replacing;
        this.resultEntries = resultEntries;
        this.lock = lock;
    }

    /**
     * Opens {@code folder} for a run that adds results to it over time and resumes after an
     * interruption (sweeps). When the folder already holds results, they must come from the
     * same settings: otherwise the run is refused, naming the first differing setting, unless
     * {@code overwrite} is set, in which case the old results are discarded first.
     *
     * @param resultEntries the names directly under the folder that this command writes
     */
    public static OutputFolder resuming(Path folder, RunSettings settings, List<String> resultEntries, boolean overwrite) {
        FolderLock lock = FolderLock.acquire(checkedFolder(folder));
        Path real = lock.folder();
        try {
            prepare(real);
            OutputFolder opened = new OutputFolder(real, real, false, List.copyOf(resultEntries), lock);
            OPEN.add(real);
            opened.reconcileSettings(settings, overwrite);
            return opened;
        } catch (RuntimeException e) {
            OPEN.remove(real);
            lock.close();
            throw e;
        }
    }

    /**
     * Opens {@code folder} for a run whose results replace the folder's previous ones (train,
     * bmd, barrier, ...): the run writes into {@link #path()}, a staging folder inside the
     * target, and {@link #commit()} moves the results in. Until then the old results stay as
     * they were; if the run fails or is killed they are untouched. A folder holding results
     * that netgeom did not record (no {@value #SETTINGS_FILE}) or results of another command is
     * refused, so nothing netgeom did not write is ever replaced.
     */
    public static OutputFolder replacing(Path folder, RunSettings settings, List<String> resultEntries) {
        FolderLock lock = FolderLock.acquire(checkedFolder(folder));
        Path real = lock.folder();
        Path staging = StagedCommit.stagingFolder(real);
        try {
            prepare(real);
            refuseForeignResults(real, settings, resultEntries);
            createDirectories(staging);
            OutputFolder opened = new OutputFolder(real, staging, true, List.copyOf(resultEntries), lock);
            OPEN.add(staging);
            opened.writeSettings(settings);
            return opened;
        } catch (RuntimeException e) {
            OPEN.remove(staging);
            deleteQuietly(staging);
            lock.close();
            throw e;
        }
    }

    /** Where the run writes: the folder itself when resuming, the staging folder when replacing. */
    public Path path() { return writeTo; }

    /** The folder the results end up in (its real path). */
    public Path folder() { return folder; }

    /**
     * Makes a replacing run's results the folder's ({@link StagedCommit#install}). If that
     * fails, the staging folder is kept under a visible name and the error says where, so a
     * finished run's results are never deleted. Does nothing when resuming.
     */
    public void commit() {
        if (!replacing || committed) return;
        List<String> undeclared = new ArrayList<>();
        for (String name : entries(writeTo)) {
            if (!name.equals(SETTINGS_FILE) && !resultEntries.contains(name) && !AtomicFiles.isTemporaryName(name)) {
                undeclared.add(name);
            }
        }
        try {
            if (!undeclared.isEmpty()) {
                throw new IllegalStateException("the run wrote " + undeclared + ", which are not among its declared results "
                        + resultEntries + ": declare them so a re-run can tell them from the user's files");
            }
            StagedCommit.install(folder, writeTo, resultEntries);
            committed = true;
        } catch (IOException | RuntimeException e) {
            Path kept = folder.resolve("netgeom-unsaved-" + ProcessHandle.current().pid());
            String where = writeTo.toString();
            try {
                if (Files.isDirectory(writeTo)) {
                    Files.move(writeTo, kept);
                    where = kept.toString();
                }
            } catch (IOException moveFailed) {
                e.addSuppressed(moveFailed);
            }
            keepStaging = true;
            String message = "could not move this run's results into " + folder + " (" + e.getMessage()
                    + "); they are kept in " + where;
            throw e instanceof IOException io ? new UncheckedIOException(message, io) : new IllegalStateException(message, e);
        }
    }

    /**
     * Deletes {@code target} and everything under it, after checking that it lies strictly
     * inside a folder that a run of this process holds open (so nothing outside a run's own
     * results can be deleted, whatever a name in a config file says). Symbolic links are
     * deleted, never followed.
     */
    public static void deleteTree(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (!holds(absolute)) {
            throw new IllegalStateException("refusing to delete " + absolute + ": it is not inside an output folder this run holds "
                    + OPEN);
        }
        try {
            StagedCommit.deleteRecursively(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code target} lies strictly inside a folder a run of this process holds open: where {@link #deleteTree} may delete. */
    public static boolean holds(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        return OPEN.stream().anyMatch(open -> absolute.startsWith(open) && !absolute.equals(open));
    }

    @Override
    public void close() {
        try {
            if (replacing && !committed && !keepStaging) deleteQuietly(writeTo);
        } finally {
            OPEN.remove(writeTo);
            lock.close();
        }
    }

    private void reconcileSettings(RunSettings settings, boolean overwrite) {
        Path file = folder.resolve(SETTINGS_FILE);
        List<String> present = new ArrayList<>();
        for (String entry : resultEntries) if (Files.exists(folder.resolve(entry))) present.add(entry);
        RunSettings recorded = Files.exists(file) ? readSettings(file) : null;
        if (recorded != null && !recorded.command().equals(settings.command())) {
            throw InvalidInputException.forField("folder", folder + " holds results of '" + recorded.command() + "', not of '"
                    + settings.command() + "': give {folder} another path");
        }
        if (present.isEmpty()) { // nothing to reuse or to protect: this run's settings are the folder's now
            writeSettings(settings);
            return;
        }
        String conflict;
        List<String> fields = new ArrayList<>();
        if (recorded != null) {
            conflict = settings.describeFirstDifference(recorded, name -> "{" + name + "}");
            if (conflict == null) return;
            fields.add(settings.firstDifferingSetting(recorded));
        } else {
            conflict = "it holds " + present + " but no " + SETTINGS_FILE + ", so the settings that made them are unknown"
                    + " (an older netgeom or another program wrote them)";
        }
        if (!overwrite) {
            fields.addAll(List.of("folder", "overwrite"));
            throw InvalidInputException.forFields(fields, folder + " holds results of other settings: " + conflict
                    + ". Give {folder} another path, or set {overwrite} to discard those results");
        }
        for (String entry : present) deleteTree(folder.resolve(entry));
        writeSettings(settings);
    }

    private void writeSettings(RunSettings settings) {
        try {
            AtomicFiles.writeBytes(writeTo.resolve(SETTINGS_FILE), JSON.writeValueAsBytes(settings.toMap()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("settings are plain text and always serialize", e);
        }
    }

    /** Reads a settings.json; a damaged one is reported with what to do. */
    public static RunSettings readSettings(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode values = root == null ? null : root.get("settings");
            if (root == null || !root.path("command").isTextual() || values == null || !values.isObject()) {
                throw new InvalidInputException(file + " is not a netgeom settings record (no command and settings):"
                        + " move the folder away or write into another folder");
            }
            Map<String, String> map = new LinkedHashMap<>();
            values.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            return new RunSettings(root.get("command").asText(), map);
        } catch (IOException e) {
            throw new InvalidInputException(file + " cannot be read as JSON (" + e.getMessage()
                    + "): move the folder away or write into another folder", e);
        }
    }

    /** Finishes or clears what killed runs left in the folder: an interrupted commit, staging folders, temporary files. */
    private static void prepare(Path folder) {
        try {
            StagedCommit.recover(folder);
        } catch (IOException e) {
            throw FileProblems.asInput("cannot clear what an interrupted run left in " + folder, e);
        }
        AtomicFiles.removeStaleTemporaries(folder);
    }

    /**
     * A replacing run may replace its own command's recorded results, never another command's
     * (a sweep's rows, say), nor result-named files without a settings record (written by an
     * older netgeom or by something else: not provably netgeom's to discard).
     */
    private static void refuseForeignResults(Path folder, RunSettings settings, List<String> resultEntries) {
        Path file = folder.resolve(SETTINGS_FILE);
        if (Files.isRegularFile(file)) {
            String earlier = readSettings(file).command();
            if (!earlier.equals(settings.command())) {
                throw InvalidInputException.forField("folder", folder + " holds results of '" + earlier + "', not of '"
                        + settings.command() + "': give {folder} another path");
            }
            return;
        }
        List<String> present = new ArrayList<>();
        for (String entry : resultEntries) if (Files.exists(folder.resolve(entry), LinkOption.NOFOLLOW_LINKS)) present.add(entry);
        if (!present.isEmpty()) {
            throw InvalidInputException.forField("folder", folder + " already holds " + present + " but no " + SETTINGS_FILE
                    + " (an older netgeom or another program wrote them), so netgeom will not replace them:"
                    + " give {folder} another path, or move those files away");
        }
    }

    private static Path checkedFolder(Path folder) {
        if (folder == null || folder.toString().isBlank()) {
            throw InvalidInputException.forField("folder", "{folder} is empty: give the folder to write the results into");
        }
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw InvalidInputException.forField("folder", "{folder} " + folder + " is an existing file, not a folder: give a folder");
        }
        if (absolute.getParent() == null) throw InvalidInputException.forField("folder", "{folder} cannot be the root folder");
        return absolute;
    }

    private static List<String> entries(Path folder) {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw FileProblems.asInput("cannot create " + folder, e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            StagedCommit.deleteRecursively(folder);
        } catch (IOException ignored) {
            // The next run into the folder deletes a leftover staging folder (StagedCommit.recover).
        }
    }
}
