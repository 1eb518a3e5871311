package org.netgeom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

class JsonOutputTest {
    /** A plain Jackson reader: strict JSON, so "NaN" tokens would fail to parse. */
    private static final ObjectMapper STRICT = new ObjectMapper();

    record Result(String name, double loss, float accuracy, double[] history) {}

    @TempDir Path folder;

    @Test
    void nonFiniteNumbersInMapsRecordsAndArraysAreWrittenAsNull() throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("nan", Double.NaN);
        values.put("positive_infinity", Double.POSITIVE_INFINITY);
        values.put("float_negative_infinity", Float.NEGATIVE_INFINITY);
        values.put("finite", 1.5);
        values.put("doubles", new double[] {1.0, Double.NaN, 3.0});
        values.put("floats", new float[] {Float.NaN, 2.5f});
        values.put("boxed", List.of(Double.POSITIVE_INFINITY, 0.25));
        values.put("record", new Result("r", Double.NaN, Float.POSITIVE_INFINITY, new double[] {Double.NEGATIVE_INFINITY}));

        JsonNode parsed = STRICT.readTree(JsonOutput.toLine(values));

        assertTrue(parsed.get("nan").isNull());
        assertTrue(parsed.get("positive_infinity").isNull());
        assertTrue(parsed.get("float_negative_infinity").isNull());
        assertEquals(1.5, parsed.get("finite").asDouble());
        assertEquals(1.0, parsed.get("doubles").get(0).asDouble());
        assertTrue(parsed.get("doubles").get(1).isNull());
        assertEquals(3.0, parsed.get("doubles").get(2).asDouble());
        assertTrue(parsed.get("floats").get(0).isNull());
        assertEquals(2.5, parsed.get("floats").get(1).asDouble());
        assertTrue(parsed.get("boxed").get(0).isNull());
        assertEquals(0.25, parsed.get("boxed").get(1).asDouble());
        assertTrue(parsed.get("record").get("loss").isNull());
        assertTrue(parsed.get("record").get("accuracy").isNull());
        assertTrue(parsed.get("record").get("history").get(0).isNull());
    }

    @Test
    void nonFiniteNumbersInTreesAreWrittenAsNullInFiles() throws IOException {
        ObjectNode node = JsonOutput.object();
        node.put("loss", Double.NaN);
        node.put("ratio", Float.POSITIVE_INFINITY);
        node.putArray("curve").add(0.5).add(Double.NEGATIVE_INFINITY);
        Path file = folder.resolve("run.json");

        JsonOutput.writeFile(file, node);

        String text = Files.readString(file);
        assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        JsonNode parsed = STRICT.readTree(text);
        assertTrue(parsed.get("loss").isNull());
        assertTrue(parsed.get("ratio").isNull());
        assertEquals(0.5, parsed.get("curve").get(0).asDouble());
        assertTrue(parsed.get("curve").get(1).isNull());
    }

    @Test
    void filesArePrettyWithAFinalNewlineAndReadBack() throws IOException {
        Path file = folder.resolve("out/result.json");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("width", 256);
        value.put("name", "mlp");
        JsonOutput.writeFile(file, value);

        String text = Files.readString(file);
        assertTrue(text.endsWith("}\n"), text);
        assertTrue(text.lines().count() >= 4, "indented, one field per line: " + text);
        JsonNode read = JsonOutput.readFile(file);
        assertEquals(256, read.get("width").asInt());
        assertEquals("mlp", read.get("name").asText());
    }

    @Test
    void printLineWritesExactlyOneLineOfJson() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("epoch", 2);
        value.put("text", "line one\nline two");
        value.put("nested", Map.of("a", List.of(1, 2)));
        JsonOutput.printLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), value);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.endsWith(System.lineSeparator()));
        assertEquals("line one\nline two", STRICT.readTree(printed).get("text").asText());
    }

    @Test
    void timesAreWrittenAsIsoStrings() throws IOException {
        Instant start = Instant.parse("2025-03-04T05:06:07.123Z");
        JsonNode parsed = STRICT.readTree(JsonOutput.toLine(Map.of("start", start, "took", Duration.ofSeconds(90),
                "file", Path.of("runs", "mlp"))));
        assertEquals("2025-03-04T05:06:07.123Z", parsed.get("start").asText());
        assertEquals("PT1M30S", parsed.get("took").asText());
        assertEquals(Path.of("runs", "mlp").toString(), parsed.get("file").asText());
    }

    @Test
    void readingMalformedJsonNamesTheFile() throws IOException {
        Path file = folder.resolve("broken.json");
        Files.writeString(file, "{\"a\": ");
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> JsonOutput.readFile(file));
        assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
    }

    @Test
    void readingAnEmptyFileSaysSo() throws IOException {
        Path file = Files.writeString(folder.resolve("empty.json"), "");
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> JsonOutput.readFile(file));
        assertTrue(failure.getMessage().contains("is empty"), failure.getMessage());
    }

    @Test
    void readingAMissingFileSaysSo() {
        Path file = folder.resolve("absent.json");
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> JsonOutput.readFile(file));
        assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
    }
}
