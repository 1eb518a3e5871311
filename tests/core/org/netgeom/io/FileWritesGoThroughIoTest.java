package org.netgeom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The class of bug, not the case: every file netgeom writes, moves or deletes goes through
 * {@code org.netgeom.io} (atomic writes, output folders that check what they delete). A new
 * plain write or delete elsewhere in the library fails this test; route it through
 * {@link AtomicFiles} or {@link OutputFolder} instead.
 */
class FileWritesGoThroughIoTest {
    private static final Pattern RAW_FILE_CHANGE = Pattern.compile(
            "(?<![A-Za-z])Files\\.(write|writeString|newOutputStream|newBufferedWriter|delete|deleteIfExists|move|copy)\\("
                    + "|new (FileOutputStream|FileWriter|RandomAccessFile)\\(|\\.toFile\\(\\)\\.delete\\(");

    @Test
    void onlyTheIoPackageWritesMovesOrDeletesFiles() throws IOException {
        // Every module's sources: java/core, java/cuda, java/jcuda, java/cli.
        Path sources = Path.of("java");
        Path io = sources.resolve("core/org/netgeom/io");
        assertTrue(Files.isDirectory(io), "run from the repository root: " + Path.of("").toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.startsWith(io)) continue;
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (RAW_FILE_CHANGE.matcher(lines.get(i)).find()) offenders.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
