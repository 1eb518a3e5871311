package org.netgeom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import picocli.CommandLine;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.Backend;

/**
 * What a command prints for {@code --json}: its result object with the run's provenance, so a
 * number read off stdout can be traced like one in a file. Results that carry their provenance
 * already (the library's entry points put it in their files' JSON) keep theirs.
 */
final class CommandJson {
    private CommandJson() {}

    /**
     * Prints {@code result} (a map, record of maps or JSON object) as one line, adding
     * "provenance" when it has none: {@code backend} (null for commands that compute nothing on
     * one), the command line, its {@code --seed} (0 without one) and the time from {@code started}.
     */
    static void print(CommandLine.Model.CommandSpec spec, Object result, Backend backend, Instant started) {
        JsonNode tree = JsonOutput.tree(result);
        if (tree instanceof ObjectNode object && !object.has("provenance")) {
            Provenance provenance = backend == null
                    ? Provenance.capture("none", "none", "none", Invocation.words(spec), seed(spec), started)
                    : Provenance.capture(backend, Invocation.words(spec), seed(spec), started);
            object.set("provenance", provenance.finished(Instant.now()).toJson());
        }
        JsonOutput.printLine(System.out, tree);
    }

    private static long seed(CommandLine.Model.CommandSpec spec) {
        CommandLine.Model.OptionSpec option = spec.findOption("--seed");
        return option != null && option.getValue() instanceof Number n ? n.longValue() : 0;
    }
}
