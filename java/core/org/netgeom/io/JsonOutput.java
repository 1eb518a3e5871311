package org.netgeom.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.netgeom.tensor.InvalidInputException;

/**
 * JSON as netgeom writes it: pretty files (run.json, results) written atomically, and one-line
 * objects for stdout so that a script can read one result per line.
 *
 * <p>JSON has no NaN or Infinity, and Jackson would write them as the strings "NaN" and
 * "Infinity", which other readers mistake for text. A diverged loss or an undefined ratio is
 * written as {@code null} instead, wherever the number sits (field, array, tree node).
 * {@link Instant}, {@link Duration} and {@link Path} are written as their ISO-8601 or plain
 * string forms.
 */
public final class JsonOutput {

    /** Configured once here and never changed afterwards, so sharing it is safe. */
    private static final ObjectMapper MAPPER = createMapper();

    private JsonOutput() {}

    /** A new, empty JSON object to fill (e.g. a results section of run.json). */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code value} (a record, map, list, array or node) as a JSON tree. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Writes {@code value} as indented JSON with a final newline to {@code target}, atomically. */
    public static void writeFile(Path target, Object value) {
        AtomicFiles.write(target, out -> {
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, value);
            out.write('\n');
        });
    }

    /** {@code value} as compact JSON on one line (no newline at the end). */
    public static String toLine(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Prints {@code value} as one line of JSON to {@code out} and flushes it. */
    public static void printLine(PrintStream out, Object value) {
        out.println(toLine(value));
        out.flush();
    }

    /** Reads a JSON file; a missing or malformed file is an {@link InvalidInputException} naming it. */
    public static JsonNode readFile(Path file) {
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw new InvalidInputException(file + " is empty; it should hold a JSON value");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + " is not valid JSON (" + e.getOriginalMessage()
                    + "); delete it or fix it", e);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new InvalidInputException(file + " does not exist", new NoSuchFileException(file.toString()));
            }
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMapper createMapper() {
        JsonFactory factory = new JsonFactoryBuilder()
                .addDecorator((unused, generator) -> new NonFiniteAsNull(generator))
                .build();
        SimpleModule strings = new SimpleModule("netgeom-strings");
        strings.addSerializer(Instant.class, ToStringSerializer.instance);
        strings.addSerializer(Duration.class, ToStringSerializer.instance);
        strings.addSerializer(Path.class, ToStringSerializer.instance);
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.registerModule(strings);
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        return mapper;
    }

    /** Wraps every generator the mapper makes, so non-finite numbers become null everywhere. */
    private static final class NonFiniteAsNull extends JsonGeneratorDelegate {
        NonFiniteAsNull(JsonGenerator delegate) { super(delegate, false); }

        @Override
        public void writeNumber(double value) throws IOException {
            if (Double.isFinite(value)) super.writeNumber(value); else writeNull();
        }

        @Override
        public void writeNumber(float value) throws IOException {
            if (Float.isFinite(value)) super.writeNumber(value); else writeNull();
        }

        /** The delegate would write a double[] itself, bypassing {@link #writeNumber(double)}. */
        @Override
        public void writeArray(double[] values, int offset, int length) throws IOException {
            writeStartArray(values, length);
            for (int i = offset; i < offset + length; i++) writeNumber(values[i]);
            writeEndArray();
        }
    }
}
