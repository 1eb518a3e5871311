package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** --help groups options under headings and still lists every one. */
class HelpSectionsTest {
    @Test
    void trainHelpShowsTheSectionsInOrderWithTheirOptions() {
        CliTest.Result help = CliTest.run("train", "--help");
        assertEquals(0, help.exitCode(), help.err());
        String text = help.out();
        int previous = -1;
        for (String heading : List.of("Options:", "Data:", "Model:", "Training:", "Backend:", "Output:", "General:")) {
            int at = text.indexOf("\n" + heading + "\n");
            assertTrue(at > previous, heading + " after the previous heading: " + text);
            previous = at;
        }
        String data = text.substring(text.indexOf("\nData:\n"), text.indexOf("\nModel:\n"));
        assertTrue(data.contains("--train-size") && !data.contains("--model"), data);
        String backend = text.substring(text.indexOf("\nBackend:\n"), text.indexOf("\nOutput:\n"));
        assertTrue(backend.contains("--cuda-binding") && backend.contains("--tf32") && !backend.contains("--out"), backend);
    }

    @Test
    void theFigureFormatHasItsOwnSectionBetweenBackendAndOutput() {
        for (String command : List.of("train", "double-descent", "reproduce")) {
            CliTest.Result help = CliTest.run(command, "--help");
            assertEquals(0, help.exitCode(), help.err());
            String text = help.out();
            int backend = text.indexOf("\nBackend:\n"), figures = text.indexOf("\nFigures:\n"), output = text.indexOf("\nOutput:\n");
            assertTrue(backend >= 0 && backend < figures && (output < 0 || figures < output), command + ": " + text);
            String section = output < 0 ? text.substring(figures) : text.substring(figures, output);
            assertTrue(section.contains("--format") && !section.contains("--out"), section);
        }
    }

    @Test
    void everyCommandsHelpListsEachOfItsOptionsOnce() {
        for (CommandLine command : allCommands(Main.commandLine())) {
            String list = HelpSections.optionList(command.getHelp());
            List<OptionSpec> visible = command.getCommandSpec().options().stream().filter(o -> !o.hidden()).toList();
            for (OptionSpec option : visible) {
                assertTrue(list.contains(option.longestName()), command.getCommandName() + " --help lacks " + option.longestName());
            }
            int listed = HelpSections.sections(command.getCommandSpec()).values().stream().mapToInt(List::size).sum();
            assertEquals(visible.size(), listed, command.getCommandName() + ": every option in exactly one section");
        }
    }

    private static List<CommandLine> allCommands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        for (CommandLine sub : root.getSubcommands().values()) all.addAll(allCommands(sub));
        return all;
    }
}
