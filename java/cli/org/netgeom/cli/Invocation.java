package org.netgeom.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import org.netgeom.io.CommandOptions;

/** How a command was invoked, for run.json's "config" and provenance. */
final class Invocation {
    private Invocation() {}

    /** Every option of the parsed command with its value (defaults included), in the command's order. */
    static CommandOptions options(CommandLine.Model.CommandSpec spec) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            values.put(option.longestName().replaceFirst("^--", ""), option.getValue());
        }
        return new CommandOptions(spec.qualifiedName(" ").replaceFirst("^netgeom ", ""), values);
    }

    /** The "config" of a report ({@link CommandOptions#config()}). */
    static Map<String, Object> config(CommandLine.Model.CommandSpec spec) {
        return options(spec).config();
    }

    /** "netgeom", the command's name, then its arguments as given. */
    static List<String> words(CommandLine.Model.CommandSpec spec) {
        // originalArgs are the whole command line as typed, the subcommand's name included.
        List<String> words = new ArrayList<>(List.of("netgeom"));
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        return words;
    }
}
