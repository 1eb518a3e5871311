package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the command line says around the work: typos, the backend it chose. */
class CliMessagesTest {
    @Test
    void aMistypedCommandOrOptionGetsASuggestion() {
        CliTest.Result command = CliTest.run("trian");
        assertEquals(2, command.exitCode(), command.err());
        assertTrue(command.errLines().contains("Did you mean train?") && command.errLines().contains("(see netgeom --help)"),
                command.err());
        CliTest.Result option = CliTest.run("train", "--epoch", "2");
        assertEquals(2, option.exitCode(), option.err());
        assertTrue(option.errLines().contains("Did you mean --epochs"), option.err());
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertEquals(0, Main.editDistance("train", "train"));
        assertEquals(2, Main.editDistance("trian", "train"));
        assertEquals(1, Main.editDistance("--epoch", "--epochs"));
        assertEquals(5, Main.editDistance("", "train"));
    }

    @Test
    void theBackendChoiceIsOneShortLine() {
        CliTest.Result result = CliTest.run("train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "32",
                "--model", "8-4-2", "--epochs", "1", "--progress", "quiet");
        assertEquals(0, result.exitCode(), result.err());
        List<String> notes = result.err().lines().filter(l -> l.startsWith("netgeom: backend: ")).toList();
        assertEquals(1, notes.size(), result.err());
        assertTrue(notes.getFirst().length() <= 100, "short, the reasons are netgeom info's: " + notes.getFirst());
    }

    @Test
    void withoutTheVectorApiModuleTheCpuBackendRunsScalarCodeAndSaysOnceHowToAddIt() throws Exception {
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
                "--data", "teacher:sign", "--input-dim", "8", "--train-size", "16", "--model", "8-2-2", "--epochs", "1",
                "--backend", "cpu", "--progress", "quiet").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), err);
        String advice = "add --add-modules jdk.incubator.vector to the JVM options";
        assertEquals(err.indexOf(advice), err.lastIndexOf(advice), "said once: " + err);
        assertTrue(err.contains(advice) && !err.contains("NoClassDefFoundError"), err);
    }
}
