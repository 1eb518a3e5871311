package org.netgeom.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import org.netgeom.experiments.Shard;
import org.netgeom.experiments.ShardMarker;
import org.netgeom.experiments.ShardSet;

/**
 * {@code --shard I/N} of the sweep commands: the sweep does only its items (position % N == I)
 * into OUT/shards/I/, records the shard count among that folder's settings (so a rerun with
 * another N is refused) and writes the finished marker ({@link ShardMarker}) when its items are
 * done; {@code netgeom merge --out OUT} combines the shards.
 */
final class ShardArguments {
    static final String OPTION = "--shard";

    @Option(names = OPTION, paramLabel = "I/N",
            description = "Do only this shard's items (those at position % N == I) into OUT/shards/I/; 'netgeom merge --out OUT' combines the N shards.")
    String shard;

    /** The shard, or null for the whole sweep. */
    Shard shard() { return shard == null ? null : Shard.parse(shard); }

    /** Where the sweep writes: OUT itself, or OUT/shards/I. */
    Path folder(Path out) { return shard == null ? out : shard().folder(out); }

    /** The command's result entries, with the finished marker when sharded. */
    List<String> resultEntries(List<String> commandEntries) {
        return shard == null ? commandEntries : Stream.concat(commandEntries.stream(), Stream.of(ShardMarker.FILE)).toList();
    }

    /** Settings derived from the shard: the count, so shards of different splits never share a folder. */
    Map<String, String> derivedSettings() {
        return shard == null ? Map.of() : Map.of(ShardSet.COUNT_SETTING, Integer.toString(shard().count()));
    }

    /**
     * When sharded: writes the finished marker into {@code folder} with the command line that
     * reruns the sweep whole, says so on stderr and returns true (the command stops there; the
     * summary waits for merge). Returns false for the whole sweep.
     */
    boolean finish(CommandLine.Model.CommandSpec spec, Path out, Path folder, List<String> allItems) {
        if (shard == null) return false;
        return finish(spec, out, folder, allItems.size(), shard().select(allItems));
    }

    /**
     * {@link #finish(CommandLine.Model.CommandSpec, Path, Path, List)} for a command whose items
     * are not dealt out by position alone (reproduce): this shard did {@code ownedItems} of the
     * command's {@code totalItems}.
     */
    boolean finish(CommandLine.Model.CommandSpec spec, Path out, Path folder, int totalItems, List<String> ownedItems) {
        if (shard == null) return false;
        Shard parsed = shard();
        ShardMarker marker = ShardMarker.write(folder, parsed, totalItems, ownedItems, wholeCommandLine(spec));
        PrintWriter err = spec.commandLine().getErr();
        err.printf("netgeom: shard %s finished (%d of the sweep's %d items) in %s; once all %d shards have: netgeom merge --out %s%n",
                parsed, marker.items().size(), marker.totalItems(), folder, parsed.count(), out);
        err.flush();
        return true;
    }

    /**
     * The command's name and options as parsed, without {@code --shard}, every path made
     * absolute, so merge can rerun it from any folder.
     */
    static List<String> wholeCommandLine(CommandLine.Model.CommandSpec spec) {
        List<String> words = new ArrayList<>(List.of(spec.name()));
        CommandLine.ParseResult parse = spec.commandLine().getParseResult();
        for (CommandLine.Model.OptionSpec option : parse.matchedOptions()) {
            String name = option.longestName();
            if (name.equals(OPTION)) continue;
            if (option.arity().max() == 0) {
                words.add(name);
                continue;
            }
            boolean isPath = option.type() == Path.class || List.of(option.auxiliaryTypes()).contains(Path.class);
            for (String value : option.originalStringValues()) {
                words.add(name);
                words.add(isPath ? Path.of(value).toAbsolutePath().normalize().toString() : value);
            }
        }
        for (CommandLine.Model.PositionalParamSpec positional : parse.matchedPositionals()) words.addAll(positional.originalStringValues());
        return words;
    }
}
