package org.netgeom.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Moves a finished run's results from its staging folder into the output folder, replacing the
 * previous run's, so that a kill at any moment can be finished by the next run. Everything
 * happens inside the output folder (renames within one folder, on one file system), so it
 * works where --out is a mount point, a symbolic link, or the current folder, and needs no
 * write access to the folder's parent. Only the declared result entries are ever moved or
 * deleted; the user's other files in the folder stay where they are.
 *
 * <p>The commit writes a journal ({@value #JOURNAL}) naming the staging folder, the folder the
 * old results go to, and the entries, then: phase 1 moves every old declared entry aside;
 * phase 2 moves the staged entries in; then the journal and the old results are deleted. The
 * journal says which phase ran, so {@link #recover} can finish either.
 */
final class StagedCommit {
    static final String JOURNAL = ".netgeom-commit";
    static final String STAGING_PREFIX = ".netgeom-staging-";
    static final String OLD_PREFIX = ".netgeom-old-";
    /** The journal's first line: the phase a commit was in. */
    static final String MOVING_OLD_ASIDE = "moving-old-aside", MOVING_NEW_IN = "moving-new-in";

    private StagedCommit() {}

    /** The staging folder this process uses inside {@code folder}. */
    static Path stagingFolder(Path folder) { return folder.resolve(STAGING_PREFIX + ProcessHandle.current().pid()); }

    /** Installs what {@code staging} holds as {@code folder}'s results, discarding the previous {@code entries}. */
    static void install(Path folder, Path staging, List<String> entries) throws IOException {
        Path old = folder.resolve(OLD_PREFIX + ProcessHandle.current().pid());
        deleteRecursively(old);
        Files.createDirectory(old);
        writeJournal(folder, MOVING_OLD_ASIDE, staging, old, entries);
        moveOldAside(folder, old, entries);
        writeJournal(folder, MOVING_NEW_IN, staging, old, entries);
        moveNewIn(folder, staging);
        finish(folder, staging, old);
    }

    /**
     * Finishes a commit that a kill interrupted (its journal is there) and deletes staging and
     * old-result folders that no journal refers to: those of runs killed before their commit
     * (incomplete) or after it (already discarded). The caller holds the folder's lock, so none
     * of them belongs to a running process.
     */
    static void recover(Path folder) throws IOException {
        Path journal = folder.resolve(JOURNAL);
        if (Files.isRegularFile(journal)) {
            List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
            if (lines.size() < 3 || !isOurs(lines.get(1)) || !isOurs(lines.get(2))) {
                throw new IllegalStateException(journal + " is damaged; move the folder's " + STAGING_PREFIX + "* and "
                        + OLD_PREFIX + "* folders and that file away by hand");
            }
            Path staging = folder.resolve(lines.get(1)), old = folder.resolve(lines.get(2));
            List<String> entries = lines.subList(3, lines.size());
            if (lines.get(0).equals(MOVING_OLD_ASIDE)) moveOldAside(folder, old, entries);
            moveNewIn(folder, staging);
            finish(folder, staging, old);
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path leftover : list.filter(p -> isOurs(p.getFileName().toString())).toList()) deleteRecursively(leftover);
        }
    }

    private static boolean isOurs(String name) {
        return (name.startsWith(STAGING_PREFIX) || name.startsWith(OLD_PREFIX)) && !name.contains("/");
    }

    static void writeJournal(Path folder, String phase, Path staging, Path old, List<String> entries) {
        List<String> lines = new ArrayList<>(List.of(phase, staging.getFileName().toString(), old.getFileName().toString()));
        lines.addAll(entries);
        AtomicFiles.writeString(folder.resolve(JOURNAL), String.join("\n", lines) + "\n");
    }

    private static void moveOldAside(Path folder, Path old, List<String> entries) throws IOException {
        Set<String> names = new LinkedHashSet<>(entries);
        names.add(OutputFolder.SETTINGS_FILE);
        for (String name : names) {
            Path current = folder.resolve(name);
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.exists(old.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(current, old.resolve(name));
            }
        }
    }

    private static void moveNewIn(Path folder, Path staging) throws IOException {
        if (!Files.isDirectory(staging)) return;
        try (Stream<Path> list = Files.list(staging)) {
            for (Path staged : list.toList()) {
                String name = staged.getFileName().toString();
                if (AtomicFiles.isTemporaryName(name)) continue;
                Files.move(staged, folder.resolve(name));
            }
        }
    }

    private static void finish(Path folder, Path staging, Path old) throws IOException {
        Files.deleteIfExists(folder.resolve(JOURNAL));
        deleteRecursively(old);
        deleteRecursively(staging);
    }

    /** Deletes a file or folder tree; symbolic links are deleted, never followed. */
    static void deleteRecursively(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> paths = Files.walk(target)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
