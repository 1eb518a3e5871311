package org.netgeom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;

class CsvTableTest {
    private static final List<String> SWEEP_HEADER = List.of("width", "seed", "test_error");

    @TempDir Path folder;

    @Test
    void writtenTablesReadBackCellForCell() {
        CsvTable table = new CsvTable("name", "value", "flag", "activation", "note")
                .addRow("plain", 1, true, Activation.RELU, null)
                .addRow("with, comma", 2.5, false, Activation.TANH, "say \"hi\"")
                .addRow("two\nlines", -3L, true, Activation.GELU, "");
        Path file = folder.resolve("table.csv");
        table.write(file);

        CsvTable read = CsvTable.read(file);

        assertEquals(table.header(), read.header());
        assertEquals(3, read.rowCount());
        for (int r = 0; r < 3; r++) assertEquals(table.row(r), read.row(r));
        assertEquals("with, comma", read.value(1, "name"));
        assertEquals("say \"hi\"", read.value(1, "note"));
        assertEquals("two\nlines", read.value(2, "name"));
        assertEquals("", read.value(0, "note"));
    }

    @Test
    void numbersRoundTripIncludingNonFinite() {
        double[] values = {0.1, 1e-4, -2.0 / 3.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        CsvTable table = new CsvTable("x");
        for (double value : values) table.addRow(value);
        CsvTable read = CsvTable.parse(table.toCsv(), "test");
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], read.doubleValue(i, "x"), 0.0, "row " + i);
        }
    }

    @Test
    void floatsAreWrittenInTheirShortestFloatForm() {
        assertEquals("0.1", CsvTable.format(0.1f));
        assertEquals(0.1f, Float.parseFloat(CsvTable.format(0.1f)));
        assertEquals("", CsvTable.format(null));
    }

    @Test
    void otherLanguagesSpellingsOfMissingValuesReadAsNumbers() {
        CsvTable read = CsvTable.parse("x\r\nnan\r\ninf\r\n-inf\r\n\r\n", "pandas.csv");
        assertTrue(Double.isNaN(read.doubleValue(0, "x")));
        assertEquals(Double.POSITIVE_INFINITY, read.doubleValue(1, "x"));
        assertEquals(Double.NEGATIVE_INFINITY, read.doubleValue(2, "x"));
        assertTrue(Double.isNaN(read.doubleValue(3, "x")), "an empty cell is a missing number");
    }

    @Test
    void appendCreatesTheFileWithItsHeaderThenAddsRows() throws IOException {
        Path file = folder.resolve("sweep/results.csv");
        CsvTable.appendRow(file, SWEEP_HEADER, 64, 0, 0.125);
        CsvTable.appendRow(file, SWEEP_HEADER, 64, 1, 0.25);
        CsvTable.appendRow(file, SWEEP_HEADER, 128, 0, Double.NaN);

        assertEquals("width,seed,test_error\n64,0,0.125\n64,1,0.25\n128,0,NaN\n", Files.readString(file));
    }

    @Test
    void appendReplacesTheFileSoAnOpenReaderKeepsTheOldCompleteContent() throws IOException {
        Path file = folder.resolve("results.csv");
        CsvTable.appendRow(file, SWEEP_HEADER, 64, 0, 0.5);
        Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        byte[] oldContent = Files.readAllBytes(file);
        try (InputStream openedBefore = Files.newInputStream(file)) {
            CsvTable.appendRow(file, SWEEP_HEADER, 64, 1, 0.75);
            assertEquals(new String(oldContent, StandardCharsets.UTF_8),
                    new String(openedBefore.readAllBytes(), StandardCharsets.UTF_8));
        }
        Object after = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        if (before != null) assertNotEquals(before, after, "the new content is a new file renamed into place");
        assertEquals(2, CsvTable.read(file).rowCount());
    }

    @Test
    void concurrentReadersNeverSeeAHalfRow() throws Exception {
        Path file = folder.resolve("results.csv");
        CsvTable.appendRow(file, SWEEP_HEADER, 0, 0, 0.0);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> problems = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                try {
                    String text = Files.readString(file);
                    if (!text.endsWith("\n")) problems.add("content without a final newline");
                    CsvTable.parse(text, "snapshot");
                } catch (IOException | RuntimeException e) {
                    problems.add(e.toString());
                }
            }
        });
        for (int i = 1; i <= 150; i++) CsvTable.appendRow(file, SWEEP_HEADER, i, i % 3, i / 150.0);
        writing.set(false);
        reader.join();
        assertEquals(List.of(), problems);
        assertEquals(151, CsvTable.read(file).rowCount());
    }

    @Test
    void appendingWithAnotherHeaderFailsAndLeavesTheFile() throws IOException {
        Path file = folder.resolve("results.csv");
        CsvTable.appendRow(file, SWEEP_HEADER, 64, 0, 0.5);
        String before = Files.readString(file);
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> CsvTable.appendRow(file, List.of("width", "seed", "bmd"), 64, 1, 0.1));
        assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
        assertTrue(failure.getMessage().contains("test_error"), failure.getMessage());
        assertEquals(before, Files.readString(file));
    }

    @Test
    void appendAfterAFileWithoutFinalNewlineStartsANewLine() throws IOException {
        Path file = folder.resolve("results.csv");
        Files.writeString(file, "width,seed,test_error\n64,0,0.5");
        CsvTable.appendRow(file, SWEEP_HEADER, 64, 1, 0.25);
        assertEquals("width,seed,test_error\n64,0,0.5\n64,1,0.25\n", Files.readString(file));
    }

    @Test
    void aResumedSweepFindsWhichKeysAreDone() {
        Path file = folder.resolve("results.csv");
        CsvTable.appendRow(file, SWEEP_HEADER, 64, 0, 0.5);
        CsvTable.appendRow(file, SWEEP_HEADER, 128, 1, 0.25);

        CsvTable done = CsvTable.read(file);

        assertTrue(done.containsRow(Map.of("width", 64, "seed", 0)));
        assertTrue(done.containsRow(Map.of("width", 128)));
        assertFalse(done.containsRow(Map.of("width", 64, "seed", 1)));
        assertEquals(Set.of(List.of("64", "0"), List.of("128", "1")), done.keys("width", "seed"));
        assertEquals(List.of("64", "128"), done.column("width"));
    }

    @Test
    void aRowWithTheWrongNumberOfValuesIsNamedWhenReading() {
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> CsvTable.parse("a,b\n1,2\n3\n", "cut.csv"));
        assertTrue(failure.getMessage().contains("cut.csv record 3"), failure.getMessage());
    }

    @Test
    void anUnclosedQuoteIsReported() {
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> CsvTable.parse("a,b\n1,\"never closed\n", "bad.csv"));
        assertTrue(failure.getMessage().contains("never closed"), failure.getMessage());
    }

    @Test
    void rowsMustMatchTheHeader() {
        CsvTable table = new CsvTable("a", "b");
        assertThrows(IllegalArgumentException.class, () -> table.addRow(1));
        assertThrows(IllegalArgumentException.class, () -> new CsvTable("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> table.addRow(1, new Object()));
    }
}
