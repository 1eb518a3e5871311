package org.netgeom.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A command's options as its results record them: each option's name (as the user types it,
 * without leading dashes) and value, in the command's own order, defaults included. One rule
 * turns them into run.json's "config" ({@link #config()}) and into the {@link RunSettings} of
 * the command's output folder ({@link #settings}), whether the options came from a parsed
 * command line or from a plan that runs the command's work directly.
 *
 * @param command the command, e.g. "double-descent" (the settings record's command)
 * @param values  option name to value: numbers, booleans, text, paths, lists; null when unset
 */
public record CommandOptions(String command, Map<String, Object> values) {
    /**
     * Options that only change how the work is scheduled or shown, not its numbers: a run may
     * resume another's results whatever these were. (tf32 is not here: it changes results.)
     * The figure format is here: a resumed sweep redraws its figures in its own format and
     * removes the earlier run's copies in the other one; a replacing run replaces the figures of
     * either.
     */
    public static final Set<String> SCHEDULING = Set.of("progress", "backend", "cuda-binding", "cuda-lib-path", "device",
            "json", "verbose", "out", "overwrite", "shard", "shards", "devices", "only", "format", "help", "version");

    public CommandOptions {
        Objects.requireNonNull(command, "command");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Every option's value, as the "config" of a report: numbers and booleans as JSON numbers and
     * booleans, everything else (paths, lists, names) as text.
     */
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        values.forEach((name, value) ->
                config.put(name, value == null || value instanceof Number || value instanceof Boolean ? value : text(value)));
        return config;
    }

    /** A value as text: an array (--epsilon 0.1,0.3 parses to a double[]) by its elements, "[0.1, 0.3]", like a list. */
    private static String text(Object value) {
        return switch (value) {
            case double[] array -> Arrays.toString(array);
            case float[] array -> Arrays.toString(array);
            case int[] array -> Arrays.toString(array);
            case long[] array -> Arrays.toString(array);
            case Object[] array -> Arrays.toString(array);
            default -> value.toString();
        };
    }

    /**
     * The settings record: every option but the {@link #SCHEDULING} ones and {@code notSettings},
     * as text, an input file by its content ({@link RunSettings#fileContent}) rather than its
     * path, plus {@code derived} values (e.g. a file's content standing in for an option).
     */
    public RunSettings settings(Map<String, String> derived, Set<String> notSettings) {
        Map<String, String> settings = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (SCHEDULING.contains(name) || notSettings.contains(name)) return;
            settings.put(name, value instanceof Path file && Files.isRegularFile(file) ? RunSettings.fileContent(file)
                    : value == null ? null : text(value));
        });
        settings.putAll(derived);
        return new RunSettings(command, settings);
    }

    /** {@link #settings(Map, Set)} with no derived values and every non-scheduling option a setting. */
    public RunSettings settings() { return settings(Map.of(), Set.of()); }
}
