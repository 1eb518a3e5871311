package org.netgeom.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the header of a .npy file, a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}: the subset numpy
 * writes (strings, True/False, tuples of integers). Errors are {@link IllegalArgumentException}s
 * whose message the caller wraps with the file's name.
 */
final class NpyHeader {
    private final String text;
    private int position;

    private NpyHeader(String text) { this.text = text; }

    /** The dict's entries: values are String, Boolean, or List&lt;Long&gt; for tuples. */
    static Map<String, Object> parse(String text) {
        NpyHeader parser = new NpyHeader(text);
        Map<String, Object> dict = parser.dict();
        parser.skipSpace();
        if (parser.position != text.length()) throw parser.error("unexpected text after the closing '}'");
        return dict;
    }

    private Map<String, Object> dict() {
        expect('{');
        Map<String, Object> entries = new LinkedHashMap<>();
        while (!tryConsume('}')) {
            String key = string();
            expect(':');
            if (entries.put(key, value()) != null) throw error("key '" + key + "' appears twice");
            if (!tryConsume(',')) {
                expect('}');
                break;
            }
        }
        return entries;
    }

    private Object value() {
        skipSpace();
        if (position >= text.length()) throw error("the header ends where a value should be");
        char c = text.charAt(position);
        if (c == '\'' || c == '"') return string();
        if (c == '(') return tuple();
        if (text.startsWith("True", position)) {
            position += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", position)) {
            position += 5;
            return Boolean.FALSE;
        }
        if (c == '[') throw error("structured (record) dtypes are not supported");
        throw error("unexpected '" + c + "'");
    }

    private List<Long> tuple() {
        expect('(');
        List<Long> items = new ArrayList<>();
        while (!tryConsume(')')) {
            items.add(integer());
            if (!tryConsume(',')) {
                expect(')');
                break;
            }
        }
        return items;
    }

    private long integer() {
        skipSpace();
        int start = position;
        while (position < text.length() && Character.isDigit(text.charAt(position))) position++;
        if (start == position) throw error("expected a non-negative integer");
        String digits = text.substring(start, position);
        if (position < text.length() && text.charAt(position) == 'L') position++; // Python 2 long
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("dimension " + digits + " is too large");
        }
    }

    private String string() {
        skipSpace();
        if (position >= text.length()) throw error("the header ends where a string should be");
        char quote = text.charAt(position);
        if (quote != '\'' && quote != '"') throw error("expected a quoted string");
        int end = text.indexOf(quote, position + 1);
        if (end < 0) throw error("a string is not closed");
        String value = text.substring(position + 1, end);
        position = end + 1;
        return value;
    }

    private void expect(char c) {
        if (!tryConsume(c)) {
            String found = position < text.length() ? "'" + text.charAt(position) + "'" : "the end of the header";
            throw error("expected '" + c + "' but found " + found);
        }
    }

    private boolean tryConsume(char c) {
        skipSpace();
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) position++;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at character " + position + " of the header " + text.strip());
    }
}
