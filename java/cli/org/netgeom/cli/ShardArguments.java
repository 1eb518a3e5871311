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
 * done; {@code netgeom merge --out OUT} combines the shards. {@code --devices LIST} runs the N
 * shards itself, one child process per device, and merges them ({@link LocalShards}).
 */
final class ShardArguments {
    static final String OPTION = "--shard";
    static final String DEVICES = "--devices";

    @Option(names = OPTION, paramLabel = "I/N",
            description = "Do only this shard's items (those at position %% N == I) into OUT/shards/I/; 'netgeom merge --out OUT' combines the N shards.")
    String shard;

    @Option(names = DEVICES, paramLabel = "LIST",
            description = "Run the sweep as one shard per GPU of LIST (e.g. 0,1,2,3): child processes of this netgeom on this machine, child K"
                    + " with --shard K/N and --device LIST[K], its output in OUT/devices/shard-K.log; then merge. Rerun to resume."
                    + " With --backend cpu each child uses the CPU backend's threads.")
    String devices;

    /** The shard, or null for the whole sweep. */
    Shard shard() { return shard == null ? null : Shard.parse(shard); }

    /**
     * With {@code --devices}: runs the sweep as local shards and their merge ({@link LocalShards})
     * and returns the exit code; null without it (the command runs itself).
     */
    Integer runOnDevices(CommandLine.Model.CommandSpec spec) {
        return devices == null ? null : LocalShards.run(spec, this);
    }

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
     * The command's name and options as parsed, without {@code --shard} and {@code --devices},
     * every path made absolute, so merge can rerun it from any folder.
     */
    static List<String> wholeCommandLine(CommandLine.Model.CommandSpec spec) {
        List<String> words = new ArrayList<>(List.of(spec.name()));
        CommandLine.ParseResult parse = spec.commandLine().getParseResult();
        for (CommandLine.Model.OptionSpec option : parse.matchedOptions()) {
            String name = option.longestName();
            if (name.equals(OPTION) || name.equals(DEVICES)) continue;
            if (option.arity().max() == 0) {
                words.add(name);
                continue;
            }
            boolean isPath = option.type() == Path.class || List.of(option.auxiliaryTypes()).contains(Path.class);
            for (String value : option.originalStringValues()) {
                words.add(name);
                words.add(isPath ? absolutePaths(value, option.splitRegex()) : value);
            }
        }
        for (CommandLine.Model.PositionalParamSpec positional : parse.matchedPositionals()) words.addAll(positional.originalStringValues());
        return words;
    }

    /** A path option's value made absolute; each of a list's paths when the option splits its value (--models a,b). */
    private static String absolutePaths(String value, String split) {
        if (split.isEmpty()) return Path.of(value).toAbsolutePath().normalize().toString();
        return Stream.of(value.split(split, -1)).map(part -> absolutePaths(part, "")).collect(java.util.stream.Collectors.joining(split));
    }
}
