package org.netgeom.cli;

import java.nio.file.Path;
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
    private OutputFolders() {}

    /**
     * The command's settings ({@link org.netgeom.io.CommandOptions#settings}): every option but
     * the scheduling ones and {@code notSettings}, plus {@code derived} values (e.g. a file's
     * content, standing in for its path).
     */
    static RunSettings settings(CommandLine.Model.CommandSpec spec, Map<String, String> derived, Set<String> notSettings) {
        return Invocation.options(spec).settings(derived, notSettings);
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
