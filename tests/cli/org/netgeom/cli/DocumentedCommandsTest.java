package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The ./netgeom command lines that README.md and docs/RESULTS.md show must parse as written. */
class DocumentedCommandsTest {
    /** The checkout's root, where surefire runs the tests (workingDirectory in the parent pom). */
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void readmeStartsWithTheQuickReproduction() throws IOException {
        List<String> commands = netgeomCommands(Files.readString(ROOT.resolve("README.md")));
        assertFalse(commands.isEmpty(), "README.md shows no ./netgeom command");
        assertTrue(commands.getFirst().startsWith("./netgeom reproduce --quick "), "README's first command: " + commands.getFirst());
    }

    @Test
    void everyDocumentedCommandParses() throws IOException {
        int checked = 0;
        for (String document : List.of("README.md", "docs/RESULTS.md")) {
            for (String command : netgeomCommands(Files.readString(ROOT.resolve(document)))) {
                List<String> words = words(command);
                try {
                    Main.commandLine().parseArgs(words.subList(1, words.size()).toArray(new String[0]));
                } catch (CommandLine.ParameterException e) {
                    fail(document + ": '" + command + "' does not parse: " + e.getMessage());
                }
                checked++;
            }
        }
        assertTrue(checked >= 10, "expected the documents' commands, found " + checked);
    }

    @Test
    void wordsSplitLikeAShell() {
        assertEquals(List.of("./netgeom", "symmetry", "--model-config", "--model 784-64-10 --batch-norm", "--out", "x"),
                words("./netgeom symmetry --model-config \"--model 784-64-10 --batch-norm\" --out x"));
    }

    /** Lines of fenced code blocks that start with ./netgeom, backslash continuations joined. */
    static List<String> netgeomCommands(String markdown) {
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        StringBuilder pending = null;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode) continue;
            String stripped = line.strip();
            if (pending == null && !stripped.startsWith("./netgeom ")) continue;
            if (pending == null) pending = new StringBuilder();
            boolean continues = stripped.endsWith("\\");
            pending.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
            if (!continues) {
                commands.add(pending.toString().strip());
                pending = null;
            }
        }
        return commands;
    }

    /** Whitespace-separated words; double or single quotes group words, as a shell does. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0; else word.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                if (word == null) word = new StringBuilder();
            } else if (Character.isWhitespace(c)) {
                if (word != null) words.add(word.toString());
                word = null;
            } else {
                if (word == null) word = new StringBuilder();
                word.append(c);
            }
        }
        if (word != null) words.add(word.toString());
        return words;
    }
}
