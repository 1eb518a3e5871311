package org.netgeom.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.netgeom.tensor.InvalidInputException;

/**
 * A CSV table: a header and rows of numbers, text and booleans, formatted so that Java, pandas
 * and R read the same values back (RFC 4180 quoting, '\n' line ends, floats in their shortest
 * round-trip form, NaN and Infinity spelled as Java and Python parse them, null as an empty cell).
 *
 * <p>Files are only ever replaced whole through a rename ({@link #write}, {@link #appendRow}),
 * so an interrupted sweep leaves the rows it finished and never half a row; {@link #read}
 * and {@link #containsRow} tell a resumed sweep which of its keys are done.
 */
public final class CsvTable {
    private final List<String> header;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final List<List<String>> rows = new ArrayList<>();

    /** An empty table with these column names (non-blank, distinct). */
    public CsvTable(List<String> header) {
        if (header.isEmpty()) throw new IllegalArgumentException("a CSV table needs at least one column");
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("column " + i + " of " + header + " has no name");
            }
            if (columnIndex.put(name, i) != null) {
                throw new IllegalArgumentException("column '" + name + "' appears twice in " + header);
            }
        }
        this.header = List.copyOf(header);
    }

    /** An empty table with these column names. */
    public CsvTable(String... header) { this(List.of(header)); }

    public List<String> header() { return header; }

    /** Number of data rows (the header not counted). */
    public int rowCount() { return rows.size(); }

    /** Row {@code index} as its formatted cells. */
    public List<String> row(int index) { return rows.get(index); }

    /** Adds a row; values are formatted by {@link #format} and must match the header in number. */
    public CsvTable addRow(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException("a row of " + values.length + " values for " + header.size()
                    + " columns " + header);
        }
        List<String> cells = new ArrayList<>(values.length);
        for (Object value : values) cells.add(format(value));
        rows.add(Collections.unmodifiableList(cells));
        return this;
    }

    /** The cell of row {@code row} in column {@code column}. */
    public String value(int row, String column) { return rows.get(row).get(indexOf(column)); }

    /** The cell as a number: an empty cell is NaN, and nan/inf in any case are accepted. */
    public double doubleValue(int row, String column) {
        String text = value(row, column).trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.isEmpty() || lower.equals("nan")) return Double.NaN;
        if (lower.equals("inf") || lower.equals("+inf") || lower.equals("infinity")) return Double.POSITIVE_INFINITY;
        if (lower.equals("-inf") || lower.equals("-infinity")) return Double.NEGATIVE_INFINITY;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("column '" + column + "' row " + row + " holds '" + text
                    + "', not a number", e);
        }
    }

    /** All cells of one column, top to bottom. */
    public List<String> column(String name) {
        int index = indexOf(name);
        List<String> cells = new ArrayList<>(rows.size());
        for (List<String> row : rows) cells.add(row.get(index));
        return cells;
    }

    /**
     * True when some row holds all of {@code keyValues} (column name to value, compared in
     * their {@link #format formatted} form): how a resumed sweep asks whether a point is done.
     */
    public boolean containsRow(Map<String, ?> keyValues) {
        Map<Integer, String> wanted = new HashMap<>();
        keyValues.forEach((column, value) -> wanted.put(indexOf(column), format(value)));
        for (List<String> row : rows) {
            boolean matches = true;
            for (Map.Entry<Integer, String> entry : wanted.entrySet()) {
                if (!row.get(entry.getKey()).equals(entry.getValue())) {
                    matches = false;
                    break;
                }
            }
            if (matches) return true;
        }
        return false;
    }

    /** The distinct values of these columns over all rows, each as a list in the given order. */
    public Set<List<String>> keys(String... columns) {
        int[] indices = new int[columns.length];
        for (int i = 0; i < columns.length; i++) indices[i] = indexOf(columns[i]);
        Set<List<String>> keys = new HashSet<>();
        for (List<String> row : rows) {
            List<String> key = new ArrayList<>(indices.length);
            for (int index : indices) key.add(row.get(index));
            keys.add(List.copyOf(key));
        }
        return keys;
    }

    /** The whole table as CSV text, header first, every line ending in '\n'. */
    public String toCsv() {
        StringBuilder text = new StringBuilder();
        appendLine(text, header);
        for (List<String> row : rows) appendLine(text, row);
        return text.toString();
    }

    /** Writes the table to {@code target}, replacing it atomically. */
    public void write(Path target) {
        AtomicFiles.writeString(target, toCsv());
    }

    /**
     * Adds one row to the CSV file {@code file}, creating it with {@code header} when missing.
     * The file is rewritten through a temporary file and a rename, so a crash leaves either the
     * old rows or the old rows plus the new one. An existing file must have the same header.
     */
    public static void appendRow(Path file, List<String> header, Object... values) {
        appendRows(file, new CsvTable(header).addRow(values));
    }

    /**
     * Adds the rows of {@code rows} to the CSV file {@code file} at once, as {@link #appendRow}
     * adds one: created with their header when missing, rewritten through a rename, and refused
     * when the file has other columns.
     */
    public static void appendRows(Path file, CsvTable rows) {
        if (!Files.exists(file)) {
            rows.write(file);
            return;
        }
        byte[] existing = readBytes(file);
        CsvTable current = parse(new String(existing, StandardCharsets.UTF_8), file.toString());
        if (!current.header.equals(rows.header)) {
            throw new InvalidInputException(file + " has columns " + current.header + " but this run writes "
                    + rows.header + ": write to another file or move this one away");
        }
        StringBuilder lines = new StringBuilder();
        for (List<String> row : rows.rows) appendLine(lines, row);
        byte[] lineBytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        boolean needsNewline = existing.length > 0 && existing[existing.length - 1] != '\n';
        AtomicFiles.write(file, out -> {
            out.write(existing);
            if (needsNewline) out.write('\n');
            out.write(lineBytes);
        });
    }

    /** Reads a CSV file written by netgeom (or any RFC 4180 file with a header line). */
    public static CsvTable read(Path file) {
        if (!Files.exists(file)) throw new InvalidInputException(file + " does not exist");
        return parse(new String(readBytes(file), StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Reads a results file a sweep resumes from, refusing one whose columns are not {@code header}
     * (a file some other program or command wrote under the same name).
     */
    public static CsvTable readResults(Path file, List<String> header) {
        CsvTable table = read(file);
        if (!table.header.equals(header)) {
            throw new InvalidInputException(file + " has columns " + table.header + " but this command writes " + header
                    + ": it was not written by this command; move it away or write into another folder");
        }
        return table;
    }

    /** Parses CSV text; {@code sourceName} names it in error messages. */
    public static CsvTable parse(String text, String sourceName) {
        List<List<String>> records = CsvParser.records(text, sourceName);
        if (records.isEmpty()) throw new InvalidInputException(sourceName + " is empty: a CSV file needs a header line");
        CsvTable table;
        try {
            table = new CsvTable(records.getFirst());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(sourceName + " has a bad header: " + e.getMessage(), e);
        }
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.size() != table.header.size()) {
                throw new InvalidInputException(sourceName + " record " + (i + 1) + " has " + record.size()
                        + " values but the header has " + table.header.size() + " columns");
            }
            table.rows.add(Collections.unmodifiableList(record));
        }
        return table;
    }

    /** How a value appears in a cell: the same value always gives the same text. */
    public static String format(Object value) {
        return switch (value) {
            case null -> "";
            case Double d -> Double.toString(d);
            case Float f -> Float.toString(f);
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case CharSequence s -> s.toString();
            case Character c -> c.toString();
            case Enum<?> e -> e.toString();
            default -> throw new IllegalArgumentException("a CSV cell holds numbers, text, booleans or enums, not "
                    + value.getClass().getName());
        };
    }

    private int indexOf(String column) {
        Integer index = columnIndex.get(column);
        if (index == null) throw new IllegalArgumentException("no column '" + column + "' in " + header);
        return index;
    }

    private static void appendLine(StringBuilder text, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) text.append(',');
            text.append(CsvParser.quoteIfNeeded(cells.get(i)));
        }
        text.append('\n');
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
