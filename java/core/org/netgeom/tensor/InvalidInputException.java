package org.netgeom.tensor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Input a user can fix: a wrong shape, a corrupt file, a setting out of range. The CLI maps it
 * to exit code 2 and prints only its message, so the message must say what is wrong and what to do.
 *
 * <p>A bad setting is named by its field, as the record or method that takes it spells it
 * ({@code "trainSize must be in [0, 16777216], got -1"}), never by a command-line flag.
 * {@link #forField} and {@link #forFields} take a template in which each field stands as
 * {@code {field}}: {@link #getMessage()} writes the plain field name there, and
 * {@link #message(Map)} writes what a front end calls the setting (the CLI: {@code --train-size}).
 */
public class InvalidInputException extends RuntimeException {
    private final List<String> fields;
    private final String template;

    public InvalidInputException(String message) { this(message, null); }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.fields = List.of();
        this.template = message;
    }

    /**
     * A message naming the settings {@code fields}, each written {@code {field}} in
     * {@code template}, the one at fault first.
     */
    protected InvalidInputException(List<String> fields, String template, Throwable cause) {
        super(render(template, fields, Map.of()), cause);
        this.fields = List.copyOf(fields);
        this.template = template;
        for (String field : this.fields) {
            if (!template.contains("{" + field + "}")) {
                throw new IllegalArgumentException("the message does not name {" + field + "}: " + template);
            }
        }
    }

    /** A bad value of {@code field}, written {@code {field}} in {@code template}: "{samples} must be >= 2, got 1". */
    public static InvalidInputException forField(String field, String template) {
        return new InvalidInputException(List.of(Objects.requireNonNull(field, "field")), template, null);
    }

    /**
     * A bad combination of settings: {@code fields}, each written {@code {field}} in
     * {@code template}, the one to change first ("{nesterov} needs SGD with {momentum} > 0").
     */
    public static InvalidInputException forFields(List<String> fields, String template) {
        if (fields.isEmpty()) throw new IllegalArgumentException("forFields needs at least one field");
        return new InvalidInputException(fields, template, null);
    }

    /** The setting at fault, by its field name; null when the input is not a setting (a file, a shape). */
    public String field() { return fields.isEmpty() ? null : fields.getFirst(); }

    /** Every setting the message names, the one at fault first; empty when none. */
    public List<String> fields() { return fields; }

    /**
     * The message with each named setting written as {@code names} says (field name to the
     * front end's name); fields {@code names} lacks keep their field name.
     */
    public String message(Map<String, String> names) { return render(template, fields, names); }

    static String render(String template, List<String> fields, Map<String, String> names) {
        String text = template;
        for (String field : fields) text = text.replace("{" + field + "}", names.getOrDefault(field, field));
        return text;
    }
}
