package org.netgeom.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.RunSettings;

/**
 * Opens a command's --out folder with the settings the command computes with, so that every
 * command records, locks and checks its folder the same way ({@link OutputFolder}).
 */
final class OutputFolders {
    /**
     * Options that only change how the work is scheduled or shown, not its numbers: a run may
     * resume another's results whatever these were. (--tf32 is not here: it changes results.)
     * --format is here: a resumed sweep redraws its figures in its own format and removes the
     * earlier run's copies in the other one; a replacing run replaces the figures of either.
     */
    static final Set<String> SCHEDULING_OPTIONS = Set.of("progress", "backend", "cuda-binding", "cuda-lib-path", "device",
            "json", "verbose", "out", "overwrite", "shard", "shards", "only", "format", "help", "version");

    private OutputFolders() {}

    /**
     * The command's settings: every option but the scheduling ones and {@code notSettings}, plus
     * {@code derived} values (e.g. a file's content, standing in for its path).
     */
    static RunSettings settings(CommandLine.Model.CommandSpec spec, Map<String, String> derived, Set<String> notSettings) {
        Map<String, String> values = new LinkedHashMap<>();
        Invocation.config(spec).forEach((name, value) -> {
            if (!SCHEDULING_OPTIONS.contains(name) && !notSettings.contains(name)) values.put(name, value == null ? null : value.toString());
        });
        // Input files count by their content (RunSettings.fileContent), not their path.
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            String name = option.longestName().replaceFirst("^--", "");
            if (values.containsKey(name) && option.getValue() instanceof Path file && Files.isRegularFile(file)) {
                values.put(name, RunSettings.fileContent(file));
            }
        }
        values.putAll(derived);
        return new RunSettings(spec.qualifiedName(" ").replaceFirst("^netgeom ", ""), values);
    }

    /** A sweep's folder: resumes results of equal settings, refuses others unless --overwrite. */
    static OutputFolder resuming(CommandLine.Model.CommandSpec spec, Path out, boolean overwrite, List<String> resultEntries) {
        return resuming(spec, out, overwrite, resultEntries, Map.of(), Set.of());
    }

    /** The same, with settings derived from inputs ({@code derived}) and options that are not settings of this command. */
    static OutputFolder resuming(CommandLine.Model.CommandSpec spec, Path out, boolean overwrite, List<String> resultEntries,
                                 Map<String, String> derived, Set<String> notSettings) {
        return OutputFolder.resuming(out, settings(spec, derived, notSettings), resultEntries, overwrite);
    }

    /** A one-shot run's folder: written into a staging folder and moved in by {@link OutputFolder#commit()}. */
    static OutputFolder replacing(CommandLine.Model.CommandSpec spec, Path out, List<String> resultEntries) {
        return OutputFolder.replacing(out, settings(spec, Map.of(), Set.of()), resultEntries);
    }
}
