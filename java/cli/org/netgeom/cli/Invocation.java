package org.netgeom.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** How a command was invoked, for run.json's "config" and provenance. */
final class Invocation {
    private Invocation() {}

    /**
     * Every option's value, as the "config" of a report: numbers and booleans as JSON numbers and
     * booleans, everything else (paths, lists, names) as text.
     */
    static Map<String, Object> config(CommandLine.Model.CommandSpec spec) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            Object value = option.getValue();
            config.put(option.longestName().replaceFirst("^--", ""),
                    value == null || value instanceof Number || value instanceof Boolean ? value : value.toString());
        }
        return config;
    }

    /** "netgeom", the command's name, then its arguments as given. */
    static List<String> words(CommandLine.Model.CommandSpec spec) {
        // originalArgs are the whole command line as typed, the subcommand's name included.
        List<String> words = new ArrayList<>(List.of("netgeom"));
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        return words;
    }
}
