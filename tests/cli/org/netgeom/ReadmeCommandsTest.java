package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README.md tells people how to run the tests; CI must run exactly that. */
class ReadmeCommandsTest {
    private static final Path ROOT = ShellScripts.repositoryRoot();

    @Test
    void ciRunsTheTestCommandTheReadmeGives() throws IOException {
        String readmeCommand = onlyCommandOfSection(Files.readString(ROOT.resolve("README.md")), "## Run the tests");
        List<String> ciLines = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip).toList();
        assertTrue(ciLines.contains(readmeCommand), ".ci/run must run '" + readmeCommand + "' as README.md says");
        assertEquals(readmeCommand, lastCommand(ciLines), "the test command is the last thing .ci/run does");
    }

    @Test
    void quickStartShowsTheSameTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String testCommand = onlyCommandOfSection(readme, "## Run the tests");
        assertTrue(commandsOfSection(readme, "## Quick start").contains(testCommand),
                "Quick start's test command must be '" + testCommand + "'");
    }

    /** The lines inside fenced code blocks between {@code heading} and the next "## " heading. */
    static List<String> commandsOfSection(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "README.md has no '" + heading + "' section");
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        for (String line : markdown.substring(start + heading.length() + 2).lines().toList()) {
            if (!inCode && line.startsWith("## ")) break;
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && !line.isBlank()) {
                commands.add(line.strip());
            }
        }
        return commands;
    }

    private static String onlyCommandOfSection(String markdown, String heading) {
        List<String> commands = commandsOfSection(markdown, heading);
        assertEquals(1, commands.size(), "'" + heading + "' should show exactly one command: " + commands);
        return commands.getFirst();
    }

    private static String lastCommand(List<String> scriptLines) {
        for (int i = scriptLines.size() - 1; i >= 0; i--) {
            String line = scriptLines.get(i);
            if (!line.isEmpty() && !line.startsWith("#")) return line;
        }
        return "";
    }
}
