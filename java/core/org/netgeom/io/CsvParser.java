package org.netgeom.io;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.tensor.InvalidInputException;

/** RFC 4180 records: fields split by commas, quoted with '"' when they hold a comma, quote or line break. */
final class CsvParser {
    private CsvParser() {}

    static String quoteIfNeeded(String cell) {
        boolean needsQuotes = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0;
        return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    /** All records of {@code text}; a final line break is optional, and \r\n counts as one. */
    static List<List<String>> records(String text, String sourceName) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordStartLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < length && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
                i++;
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (!field.isEmpty() || fieldWasQuoted) {
                        throw new InvalidInputException(sourceName + " line " + line
                                + ": a quote inside an unquoted field; quote the whole field and double inner quotes");
                    }
                    quoted = true;
                    fieldWasQuoted = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldWasQuoted = false;
                }
                case '\r', '\n' -> {
                    if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') i++;
                    fields.add(field.toString());
                    records.add(fields);
                    fields = new ArrayList<>();
                    field.setLength(0);
                    fieldWasQuoted = false;
                    line++;
                    recordStartLine = line;
                }
                default -> {
                    if (fieldWasQuoted) {
                        throw new InvalidInputException(sourceName + " line " + line
                                + ": text after a closing quote; quote the whole field");
                    }
                    field.append(c);
                }
            }
            i++;
        }
        if (quoted) {
            throw new InvalidInputException(sourceName + " line " + recordStartLine
                    + ": a quoted field is never closed (the file may be cut short)");
        }
        if (!field.isEmpty() || fieldWasQuoted || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }
}
