package org.netgeom.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *       folder beside the target and swaps it in whole at {@link #commit}; a
 *       {@link #resuming resuming} run adds each finished result atomically
 *       ({@link AtomicFiles}), and stale temporary files of killed runs are removed at the start.</li>
 * </ul>
 * Every result a command writes is one of its declared {@code resultEntries} (file or folder
 * names directly in the folder); only those are ever discarded, so files a user keeps in the
 * folder survive re-runs and {@code --overwrite}. Every recursive delete goes through
 * {@link #deleteTree}, which refuses targets outside a folder that this process holds.
 */
public final class OutputFolder implements AutoCloseable {
    /** The settings record in every output folder; also what marks a folder as netgeom's. */
    public static final String SETTINGS_FILE = "settings.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern STAGING = Pattern.compile("\\.(.+)\\.(staging|old)-(\\d+)");
    /** The folders runs of this process write into now; {@link #deleteTree} deletes only inside them. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final Path writeTo;
    private final boolean replacing;
    private final List<String> resultEntries;
    private final FolderLock lock;
    private boolean committed;

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
        Path absolute = checkedFolder(folder);
        FolderLock lock = FolderLock.acquire(absolute);
        try {
            createDirectories(absolute);
            AtomicFiles.removeStaleTemporaries(absolute);
            OutputFolder opened = new OutputFolder(absolute, absolute, false, List.copyOf(resultEntries), lock);
            OPEN.add(absolute);
            opened.reconcileSettings(settings, overwrite);
            return opened;
        } catch (RuntimeException e) {
            OPEN.remove(absolute);
            lock.close();
            throw e;
        }
    }

    /**
     * Opens {@code folder} for a run whose results replace the folder's previous ones as a
     * whole (train, bmd, barrier, ...): the run writes into {@link #path()}, a staging folder
     * beside the target, and {@link #commit()} swaps it in. Until then the old results stay as
     * they were; if the run fails or is killed they are untouched. Files in the old folder that
     * are not among {@code resultEntries} are the user's and move into the new folder.
     */
    public static OutputFolder replacing(Path folder, RunSettings settings, List<String> resultEntries) {
        Path absolute = checkedFolder(folder);
        FolderLock lock = FolderLock.acquire(absolute);
        Path staging = sibling(absolute, "staging", ProcessHandle.current().pid());
        try {
            refuseOtherCommandsFolder(absolute, settings);
            recoverInterruptedSwaps(absolute, resultEntries);
            createDirectories(staging);
            OutputFolder opened = new OutputFolder(absolute, staging, true, List.copyOf(resultEntries), lock);
            OPEN.add(staging);
            opened.writeSettings(settings);
            return opened;
        } catch (RuntimeException e) {
            OPEN.remove(staging);
            deleteStaging(staging);
            lock.close();
            throw e;
        }
    }

    /** Where the run writes: the folder itself when resuming, the staging folder when replacing. */
    public Path path() { return writeTo; }

    /** The folder the results end up in. */
    public Path folder() { return folder; }

    /**
     * Makes a replacing run's results the folder's: the old folder (if any) is renamed aside,
     * the staging folder renamed into its place, the user's files moved over, and the old
     * results deleted. A kill at any point leaves either the old or the new results complete,
     * and the next run into the folder finishes or undoes the swap. Does nothing when resuming.
     */
    public void commit() {
        if (!replacing || committed) return;
        List<String> undeclared = new ArrayList<>();
        for (String name : entries(writeTo)) {
            if (!name.equals(SETTINGS_FILE) && !resultEntries.contains(name)) undeclared.add(name);
        }
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("the run wrote " + undeclared + " in " + folder + ", which are not among its declared"
                    + " results " + resultEntries + ": declare them so a re-run can tell them from the user's files");
        }
        Path old = sibling(folder, "old", ProcessHandle.current().pid());
        try {
            boolean hadOld = Files.exists(folder);
            if (hadOld) Files.move(folder, old);
            try {
                Files.move(writeTo, folder);
            } catch (IOException e) {
                if (hadOld) Files.move(old, folder); // put the old results back before reporting
                throw e;
            }
            committed = true;
            OPEN.remove(writeTo);
            if (hadOld) finishSwap(old, folder, resultEntries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the results of this run into " + folder + ": " + e.getMessage()
                    + " (they are in " + writeTo + ")", e);
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
        boolean inside = OPEN.stream().anyMatch(open -> absolute.startsWith(open) && !absolute.equals(open));
        if (!inside) {
            throw new IllegalStateException("refusing to delete " + absolute + ": it is not inside an output folder this run holds "
                    + OPEN);
        }
        deleteRecursively(absolute);
    }

    @Override
    public void close() {
        try {
            if (replacing && !committed) deleteStaging(writeTo);
        } finally {
            OPEN.remove(writeTo);
            lock.close();
        }
    }

    private void reconcileSettings(RunSettings settings, boolean overwrite) {
        Path file = folder.resolve(SETTINGS_FILE);
        List<String> present = new ArrayList<>();
        for (String entry : resultEntries) if (Files.exists(folder.resolve(entry))) present.add(entry);
        String conflict;
        if (Files.exists(file)) {
            RunSettings recorded = readSettings(file);
            conflict = settings.firstDifferenceFrom(recorded);
            if (conflict == null) return;
        } else {
            if (present.isEmpty()) {
                writeSettings(settings);
                return;
            }
            conflict = "it holds " + present + " but no " + SETTINGS_FILE + ", so the settings that made them are unknown"
                    + " (an older netgeom wrote them)";
        }
        if (!overwrite) {
            throw new InvalidInputException(folder + " holds results of other settings: " + conflict
                    + ". Give --out another folder, or add --overwrite to discard those results");
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
                        + " move the folder away or give --out another folder");
            }
            Map<String, String> map = new LinkedHashMap<>();
            values.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            return new RunSettings(root.get("command").asText(), map);
        } catch (IOException e) {
            throw new InvalidInputException(file + " cannot be read as JSON (" + e.getMessage()
                    + "): move the folder away or give --out another folder", e);
        }
    }

    /** A replacing run may replace its own command's results, never another command's (a sweep's rows, say). */
    private static void refuseOtherCommandsFolder(Path folder, RunSettings settings) {
        Path file = folder.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(file)) return;
        String earlier = readSettings(file).command();
        if (!earlier.equals(settings.command())) {
            throw new InvalidInputException(folder + " holds results of '" + earlier + "', not of '" + settings.command()
                    + "': give --out another folder");
        }
    }

    private static Path checkedFolder(Path folder) {
        if (folder == null || folder.toString().isBlank()) {
            throw new InvalidInputException("--out is empty: give the folder to write the results into");
        }
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new InvalidInputException("--out " + folder + " is an existing file, not a folder: give a folder");
        }
        if (absolute.getParent() == null) throw new InvalidInputException("--out cannot be the root folder");
        return absolute;
    }

    private static Path sibling(Path folder, String kind, long pid) {
        return folder.resolveSibling("." + folder.getFileName() + "." + kind + "-" + pid);
    }

    /**
     * Finishes or undoes swaps of replacing runs that were killed (the caller holds the lock,
     * so every staging or old folder of this target belongs to a dead run): a leftover old
     * folder is put back when the target is missing, else its user files are moved over and
     * it is removed; leftover staging folders are incomplete results and are removed.
     */
    private static void recoverInterruptedSwaps(Path folder, List<String> resultEntries) {
        String name = folder.getFileName().toString();
        for (String sibling : entries(folder.getParent())) {
            Matcher m = STAGING.matcher(sibling);
            if (!m.matches() || !m.group(1).equals(name)) continue;
            Path leftover = folder.resolveSibling(sibling);
            try {
                if (m.group(2).equals("staging")) {
                    deleteStaging(leftover);
                } else if (!Files.exists(folder)) {
                    Files.move(leftover, folder);
                } else {
                    finishSwap(leftover, folder, resultEntries);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot recover " + leftover + " left by an interrupted run: " + e.getMessage(), e);
            }
        }
    }

    /** Moves the user's entries of the old folder into the new one, then deletes the old results. */
    private static void finishSwap(Path old, Path folder, List<String> resultEntries) throws IOException {
        boolean userFilesLeft = false;
        for (String name : entries(old)) {
            if (name.equals(SETTINGS_FILE) || resultEntries.contains(name) || AtomicFiles.isTemporaryName(name)) continue;
            Path destination = folder.resolve(name);
            if (Files.exists(destination)) {
                userFilesLeft = true; // never overwrite either side: leave it in the old folder
            } else {
                Files.move(old.resolve(name), destination);
            }
        }
        for (String name : entries(old)) {
            if (name.equals(SETTINGS_FILE) || resultEntries.contains(name) || AtomicFiles.isTemporaryName(name)) {
                deleteRecursively(old.resolve(name));
            }
        }
        if (!userFilesLeft) Files.delete(old);
    }

    /** Deletes a staging folder of this target: only one that carries netgeom's settings record (or is empty). */
    private static void deleteStaging(Path staging) {
        if (!Files.isDirectory(staging)) return;
        List<String> names = entries(staging);
        if (!names.isEmpty() && !names.contains(SETTINGS_FILE)) {
            throw new IllegalStateException(staging + " looks like a netgeom staging folder but has no " + SETTINGS_FILE
                    + "; it was left alone, move it away by hand");
        }
        deleteRecursively(staging);
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
            throw new InvalidInputException("cannot create the output folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path target) {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> paths = Files.walk(target)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target + ": " + e.getMessage(), e);
        }
    }
}
