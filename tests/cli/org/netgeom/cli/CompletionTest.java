package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `netgeom generate-completion` prints a bash/zsh completion script covering every command. */
class CompletionTest {
    @Test
    void theCompletionScriptKnowsEveryCommandAndItsOptions() {
        CliTest.Result result = CliTest.run("generate-completion");
        assertEquals(0, result.exitCode(), result.err());
        String script = result.out();
        assertTrue(script.contains("complete -F _complete_netgeom") && script.contains("netgeom"), "a bash completion function");
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(script.contains(command), "the script completes " + command);
        }
        assertTrue(script.contains("--train-size") && script.contains("--overwrite"), "and their options");
    }
}
