package org.netgeom.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The canonical record of what a run computes: the command and every setting that can change
 * its numbers, as text, sorted by name. Two runs whose records are equal compute the same
 * results, so a resumed run may reuse the other's finished rows; settings that only schedule
 * the work (progress display, backend, device, shard) are left out by whoever builds the
 * record. The hash (SHA-256 of the canonical text) names the record in one word.
 *
 * @param command the command that ran, e.g. "double-descent"
 * @param values setting name (as the user types it, without leading dashes) to its value as
 *               text; null values are kept as null
 */
public record RunSettings(String command, Map<String, String> values) {
    public RunSettings {
        Objects.requireNonNull(command, "command");
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** One line, the same for equal records: command, then name=value pairs in name order. */
    public String canonicalText() {
        StringBuilder text = new StringBuilder(command);
        values.forEach((name, value) -> text.append('\n').append(name).append('=')
                .append(value == null ? "\u0000null" : value.replace("\\", "\\\\").replace("\n", "\\n")));
        return text.toString();
    }

    /** SHA-256 of {@link #canonicalText()}, in hex. */
    public String sha256() {
        MessageDigest digest = sha256Digest();
        return HexFormat.of().formatHex(digest.digest(canonicalText().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * How an input file appears among the settings: by the SHA-256 of its content, not its path,
     * so the same rows from another path resume and a file edited in place does not.
     */
    public static String fileContent(Path file) {
        MessageDigest digest = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return "file content sha256 " + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The first difference from {@code earlier} in name order, said for a user: "width is 64
     * here but was 32", or null when the records are equal.
     */
    public String firstDifferenceFrom(RunSettings earlier) { return describeFirstDifference(earlier, name -> name); }

    /** The name of the first setting that differs from {@code earlier}'s, or null when none does. */
    public String firstDifferingSetting(RunSettings earlier) {
        for (String name : unionOfNames(earlier)) {
            if (values.containsKey(name) != earlier.values.containsKey(name)
                    || !Objects.equals(values.get(name), earlier.values.get(name))) {
                return name;
            }
        }
        return null;
    }

    /**
     * {@link #firstDifferenceFrom} with the setting's name written by {@code written}
     * (OutputFolder writes {name}, a field of its exception's message).
     */
    String describeFirstDifference(RunSettings earlier, UnaryOperator<String> written) {
        if (!command.equals(earlier.command)) {
            return "this is '" + command + "' but the folder holds results of '" + earlier.command + "'";
        }
        String name = firstDifferingSetting(earlier);
        if (name == null) return null;
        String setting = written.apply(name), now = values.get(name), then = earlier.values.get(name);
        if (!earlier.values.containsKey(name)) return setting + " is " + shown(now) + " here but was not recorded by the earlier run";
        if (!values.containsKey(name)) return setting + " was " + shown(then) + " in the earlier run but is not a setting of this one";
        return setting + " is " + shown(now) + " here but was " + shown(then);
    }

    private Set<String> unionOfNames(RunSettings earlier) {
        Set<String> names = new TreeSet<>(values.keySet());
        names.addAll(earlier.values.keySet());
        return names;
    }

    private static String shown(String value) { return value == null ? "unset" : "'" + value + "'"; }

    /** The JSON form written to settings.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("command", command);
        map.put("settings", values);
        map.put("settings_sha256", sha256());
        return map;
    }
}
