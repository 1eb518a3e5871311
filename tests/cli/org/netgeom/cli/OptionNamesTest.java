package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.DataOptions;
import org.netgeom.experiments.Zoo;
import org.netgeom.nn.ModelSpec;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;
import picocli.CommandLine;

/** The library names a bad setting by its field; the command line by the option the user typed. */
class OptionNamesTest {
    private static final String[] TEACHER = {"--data", "teacher:mlp", "--input-dim", "10", "--teacher-classes", "4",
        "--train-size", "60", "--test-size", "20", "--backend", "cpu", "--progress", "quiet"};

    @TempDir Path dir;

    private static String[] args(String command, String... rest) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(TEACHER));
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    private static final ModelSpec ANY_MODEL = new ModelSpec.RandomFeaturesSpec(4, Activation.RELU);

    private static CommandLine.Model.CommandSpec command(String name) {
        return Main.commandLine().getSubcommands().get(name).getCommandSpec();
    }

    private static void assertBadInput(CliTest.Result result, String expectedStart) {
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        String line = result.errLines().strip();
        assertTrue(line.startsWith("netgeom: " + expectedStart), "message should start '" + expectedStart + "': " + line);
    }

    @Test
    void theLibraryNamesTheFieldAndTheCommandLineTheOption() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DataOptions.defaults().withTeacherWidth(0));
        assertEquals("teacherWidth", e.field());
        assertTrue(e.getMessage().startsWith("teacherWidth must be between 1 and"), e.getMessage());

        assertBadInput(CliTest.run(args("train", "--teacher-width", "0")), "--teacher-width must be between 1 and");
    }

    @Test
    void aFieldRenamedForOneCommandIsItsOptionThere() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Zoo.Settings.defaults(ANY_MODEL).withSources(0));
        assertEquals("sources", e.field());
        assertTrue(e.getMessage().startsWith("sources must be in [1, 10000], got 0"), e.getMessage());
        assertEquals(Map.of("sources", "--sources"), OptionNames.optionsOf(List.of("sources"), command("star-study")));

        assertBadInput(CliTest.run(args("zoo", "--model", "10-4-4", "--count", "0", "--out", dir.resolve("zoo").toString())),
                "--count must be in [1, 10000], got 0");
    }

    @Test
    void anOutputFolderOfAnotherCommandIsNamedAsOut() {
        String out = dir.resolve("run").toString();
        assertEquals(0, CliTest.run(args("train", "--model", "10-4-4", "--epochs", "1", "--out", out)).exitCode());
        CliTest.Result zoo = CliTest.run(args("zoo", "--model", "10-4-4", "--epochs", "1", "--out", out));
        assertEquals(2, zoo.exitCode(), zoo.err());
        assertTrue(zoo.errLines().contains("holds results of 'train', not of 'zoo': give --out another path"), zoo.errLines());
    }

    @Test
    void aFieldWithNoOptionInTheCommandKeepsItsName() {
        assertEquals(Map.of("trainSize", "--train-size", "learningRate", "--lr"),
                OptionNames.optionsOf(List.of("trainSize", "learningRate", "testFraction"), command("train")));
        assertEquals("train-size", OptionNames.kebabCase("trainSize"));
        assertEquals("train-size", OptionNames.kebabCase("train-size"));
    }
}
