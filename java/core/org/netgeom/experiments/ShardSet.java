package org.netgeom.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.RunSettings;
import org.netgeom.tensor.InvalidInputException;

/**
 * The shards of one sweep under OUT/shards/, checked before they are merged: all N are there,
 * each has finished ({@link ShardMarker}), all ran with the same settings, and together they
 * did every item of the sweep exactly once.
 *
 * @param out        the sweep's folder
 * @param markers    the finished shards' records, by index 0..N-1
 * @param settings   the settings the sweep ran with, as one process records them (the shard count left out)
 * @param commandLine the command line that runs the sweep in one process
 */
public record ShardSet(Path out, List<ShardMarker> markers, RunSettings settings, List<String> commandLine) {
    /** The setting every shard folder records besides the command's own: how many shards there are. */
    public static final String COUNT_SETTING = "shards";

    public ShardSet {
        markers = List.copyOf(markers);
        commandLine = List.copyOf(commandLine);
    }

    public int count() { return markers.size(); }

    public String command() { return settings.command(); }

    /** The folder of shard {@code index}. */
    public Path folder(int index) { return Shard.shardFolder(out, index); }

    /** Each item's position in the sweep's enumeration, by identity. */
    public Map<String, Integer> positions() {
        Map<String, Integer> positions = new HashMap<>();
        for (ShardMarker marker : markers) {
            for (int k = 0; k < marker.items().size(); k++) positions.put(marker.items().get(k), marker.index() + k * count());
        }
        return positions;
    }

    /**
     * Reads and checks the shards of {@code out}. Refuses, naming every problem at once, when a
     * shard is missing, unfinished, ran with other settings or another shard count, or when
     * their items do not add up to the sweep's.
     */
    public static ShardSet inspect(Path out) {
        Map<Integer, Path> folders = shardFolders(out);
        Map<Integer, ShardMarker> markers = new TreeMap<>();
        Map<Integer, RunSettings> settings = new TreeMap<>();
        for (Map.Entry<Integer, Path> entry : folders.entrySet()) {
            Path settingsFile = entry.getValue().resolve(OutputFolder.SETTINGS_FILE);
            if (Files.isRegularFile(settingsFile)) settings.put(entry.getKey(), OutputFolder.readSettings(settingsFile));
            ShardMarker marker = ShardMarker.read(entry.getValue());
            if (marker != null) markers.put(entry.getKey(), marker);
        }
        int count = shardCount(out, markers, settings);
        List<String> problems = new ArrayList<>();
        List<Integer> missing = new ArrayList<>(), unfinished = new ArrayList<>(), extra = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!settings.containsKey(i)) missing.add(i);
            else if (!markers.containsKey(i)) unfinished.add(i);
        }
        for (int index : folders.keySet()) if (index >= count) extra.add(index);
        if (!missing.isEmpty()) problems.add(plural(missing) + " never started (no " + Shard.SHARDS_FOLDER + "/I/" + OutputFolder.SETTINGS_FILE
                + "): run " + runAs(missing, count));
        if (!unfinished.isEmpty()) problems.add(plural(unfinished) + " did not finish (no " + ShardMarker.FILE + "): run "
                + runAs(unfinished, count) + " again; it resumes where it stopped");
        if (!extra.isEmpty()) problems.add(plural(extra) + " do not belong to a sweep of " + count + " shards: move "
                + extra.stream().map(i -> Shard.shardFolder(out, i).toString()).toList() + " away");
        problems.addAll(mismatches(settings, markers, count));
        if (problems.isEmpty()) problems.addAll(itemProblems(markers));
        if (!problems.isEmpty()) {
            throw new InvalidInputException("cannot merge the shards of " + out + ": " + String.join("; ", problems));
        }
        ShardMarker first = markers.get(0);
        Map<String, String> values = new LinkedHashMap<>(settings.get(0).values());
        values.remove(COUNT_SETTING);
        return new ShardSet(out, List.copyOf(markers.values()), new RunSettings(first.command(), values), first.commandLine());
    }

    /**
     * The shards of a sweep of {@code count} shards in {@code out} that have not finished (no
     * marker, or one of another shard count): what a resumed job array must run.
     */
    public static List<Integer> unfinished(Path out, int count) {
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path folder = Shard.shardFolder(out, i);
            ShardMarker marker = Files.isDirectory(folder) ? ShardMarker.read(folder) : null;
            if (marker == null || marker.count() != count || marker.index() != i) left.add(i);
        }
        return left;
    }

    private static Map<Integer, Path> shardFolders(Path out) {
        Path root = out.resolve(Shard.SHARDS_FOLDER);
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(out + " has no " + Shard.SHARDS_FOLDER + "/ folder: run the sweep with --out " + out
                    + " --shard I/N for every I first (netgeom slurm does), then merge");
        }
        Map<Integer, Path> folders = new TreeMap<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) && name.matches("\\d{1,9}")) folders.put(Integer.parseInt(name), entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return folders;
    }

    /** N as the finished shards say, else as the started ones' settings say; every shard must agree. */
    private static int shardCount(Path out, Map<Integer, ShardMarker> markers, Map<Integer, RunSettings> settings) {
        TreeMap<Integer, List<Integer>> counts = new TreeMap<>();
        markers.forEach((index, marker) -> counts.computeIfAbsent(marker.count(), c -> new ArrayList<>()).add(index));
        settings.forEach((index, recorded) -> {
            String value = recorded.values().get(COUNT_SETTING);
            if (value != null && !markers.containsKey(index) && value.matches("\\d{1,9}")) {
                counts.computeIfAbsent(Integer.parseInt(value), c -> new ArrayList<>()).add(index);
            }
        });
        if (counts.isEmpty()) {
            throw new InvalidInputException(out.resolve(Shard.SHARDS_FOLDER) + " holds no shard that started: run every shard I/N of the sweep first, then merge");
        }
        if (counts.size() > 1) {
            List<String> said = new ArrayList<>();
            counts.forEach((count, indices) -> said.add(plural(indices) + " of " + count));
            throw new InvalidInputException("cannot merge the shards of " + out + ": they were split different ways (" + String.join(", ", said)
                    + "): rerun the odd ones with the same N, or move the shards/ folders of the other split away");
        }
        return counts.firstKey();
    }

    private static List<String> mismatches(Map<Integer, RunSettings> settings, Map<Integer, ShardMarker> markers, int count) {
        List<String> problems = new ArrayList<>();
        Integer reference = settings.keySet().stream().filter(i -> i < count).findFirst().orElse(null);
        if (reference == null) return problems;
        RunSettings expected = settings.get(reference);
        for (Map.Entry<Integer, RunSettings> entry : settings.entrySet()) {
            int index = entry.getKey();
            if (index >= count || index == reference) continue;
            String difference = entry.getValue().firstDifferenceFrom(expected);
            if (difference != null) {
                problems.add("shard " + index + " ran with other settings than shard " + reference + " (" + difference
                        + "): rerun shard " + index + " with shard " + reference + "'s options, discarding its results");
            }
        }
        markers.forEach((index, marker) -> {
            RunSettings recorded = settings.get(index);
            if (recorded != null && !marker.settingsSha256().equals(recorded.sha256())) {
                problems.add("shard " + index + "'s " + ShardMarker.FILE + " was written under other settings than its "
                        + OutputFolder.SETTINGS_FILE + ": rerun shard " + index);
            }
            if (marker.index() != index) {
                problems.add(Shard.shardFolder(Path.of(""), index) + " holds the record of shard " + marker.index() + ": rerun shard " + index);
            }
        });
        return problems;
    }

    private static List<String> itemProblems(Map<Integer, ShardMarker> markers) {
        TreeSet<Integer> totals = new TreeSet<>();
        int owned = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> twice = new ArrayList<>();
        for (ShardMarker marker : markers.values()) {
            totals.add(marker.totalItems());
            owned += marker.items().size();
            for (String item : marker.items()) if (!seen.add(item)) twice.add(item);
        }
        if (totals.size() > 1) return List.of("the shards enumerate different numbers of items " + totals + ": rerun them with the same options");
        if (!twice.isEmpty()) return List.of("items " + twice + " were done by more than one shard: rerun the shards with the same options");
        if (owned != totals.first()) {
            return List.of("the shards did " + owned + " items of the sweep's " + totals.first() + ": rerun them with the same options");
        }
        return List.of();
    }

    private static String plural(List<Integer> indices) {
        return (indices.size() == 1 ? "shard " : "shards ") + indices.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String runAs(List<Integer> indices, int count) {
        return indices.stream().map(i -> "shard " + i + "/" + count).reduce((a, b) -> a + ", " + b).orElse("");
    }
}
