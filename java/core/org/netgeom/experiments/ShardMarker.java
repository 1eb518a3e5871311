package org.netgeom.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.io.JsonOutput;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.RunSettings;
import org.netgeom.tensor.InvalidInputException;

/**
 * The record a shard writes into OUT/shards/I/{@value #FILE} once every one of its items is done:
 * which shard of how many, the settings it ran with (their hash; settings.json beside it holds
 * them), the identities of its items and how many the whole sweep has, and the command line that
 * reruns the sweep without the shard (what {@code merge} runs to finish). It is written
 * atomically and last, so its presence means finished; a killed shard has none.
 *
 * @param index        the shard's index
 * @param count        how many shards the sweep was split into
 * @param command      the sweep's command, e.g. "double-descent"
 * @param settingsSha256 the hash of the shard folder's settings record
 * @param totalItems   how many items the whole sweep enumerates
 * @param items        this shard's items' identities, in enumeration order
 * @param commandLine  the sweep's command line without its shard, paths absolute
 */
public record ShardMarker(int index, int count, String command, String settingsSha256, int totalItems, List<String> items,
                          List<String> commandLine) {
    /** The marker's file name in a shard folder. */
    public static final String FILE = "finished.json";

    public ShardMarker {
        items = List.copyOf(items);
        commandLine = List.copyOf(commandLine);
    }

    /**
     * Writes the marker of {@code shard} into {@code folder}: its items are those of
     * {@code allItems} (the whole sweep's identities, in enumeration order) that it owns.
     */
    public static ShardMarker write(Path folder, Shard shard, List<String> allItems, List<String> commandLine) {
        return write(folder, shard, allItems.size(), shard.select(allItems), commandLine);
    }

    /**
     * Writes the marker of {@code shard} into {@code folder} for a sweep whose items are not
     * dealt out by position alone ({@code reproduce}: each step split N ways, or run whole by
     * one shard): {@code ownedItems} are the identities of what this shard did, in order, of the
     * sweep's {@code totalItems}.
     */
    public static ShardMarker write(Path folder, Shard shard, int totalItems, List<String> ownedItems, List<String> commandLine) {
        RunSettings settings = OutputFolder.readSettings(folder.resolve(OutputFolder.SETTINGS_FILE));
        ShardMarker marker = new ShardMarker(shard.index(), shard.count(), settings.command(), settings.sha256(), totalItems,
                ownedItems, commandLine);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("shard", shard.toString());
        json.put("index", marker.index);
        json.put("count", marker.count);
        json.put("command", marker.command);
        json.put("settings_sha256", marker.settingsSha256);
        json.put("total_items", marker.totalItems);
        json.put("items", marker.items);
        json.put("command_line", marker.commandLine);
        json.put("finished", Instant.now().toString());
        JsonOutput.writeFile(folder.resolve(FILE), json);
        return marker;
    }

    /** The marker in {@code folder}, or null when there is none (the shard has not finished). */
    public static ShardMarker read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) return null;
        JsonNode root = JsonOutput.readFile(file);
        for (String field : List.of("index", "count", "command", "settings_sha256", "total_items", "items", "command_line")) {
            if (!root.has(field)) {
                throw new InvalidInputException(file + " has no '" + field + "': it is not a netgeom shard record; rerun the shard");
            }
        }
        return new ShardMarker(root.get("index").asInt(), root.get("count").asInt(), root.get("command").asText(),
                root.get("settings_sha256").asText(), root.get("total_items").asInt(), texts(root.get("items")),
                texts(root.get("command_line")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
