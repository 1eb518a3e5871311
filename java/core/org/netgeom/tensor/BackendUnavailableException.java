package org.netgeom.tensor;

import java.util.List;
import java.util.Map;

/**
 * A backend that was asked for cannot run here (no GPU, no driver, no cuBLAS, kernels not
 * built). The message says which piece is missing and how to get it; a setting it suggests
 * changing is written {@code {field}} in the template, as in {@link InvalidInputException}.
 */
public class BackendUnavailableException extends RuntimeException {
    private final List<String> fields;
    private final String template;

    public BackendUnavailableException(String message) { this(message, (Throwable) null); }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.fields = List.of();
        this.template = message;
    }

    /** {@code fields}: the settings of {@code BackendOptions} the message suggests, each written {@code {field}}. */
    public BackendUnavailableException(String template, List<String> fields) {
        super(InvalidInputException.render(template, fields, Map.of()));
        this.fields = List.copyOf(fields);
        this.template = template;
    }

    /** The settings the message names, by field name; empty when none. */
    public List<String> fields() { return fields; }

    /** The message with each named setting written as {@code names} says (see {@link InvalidInputException#message}). */
    public String message(Map<String, String> names) { return InvalidInputException.render(template, fields, names); }
}
