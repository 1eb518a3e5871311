package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.io.HeapBudget;
import org.netgeom.io.HeapExhaustedException;

/** A run too large for the heap ends in one line that says how to give it more, never a stack trace. */
class OutOfMemoryCliTest {
    @Test
    void aKnownAllocationLargerThanTheHeapIsRefusedBeforeItIsMade() {
        HeapExhaustedException e = assertThrows(HeapExhaustedException.class,
                () -> HeapBudget.require(HeapBudget.maxHeap() + (1L << 30), "a test matrix"));
        assertTrue(e.getMessage().startsWith("a test matrix needs "), e.getMessage());
        assertTrue(e.getMessage().contains("NETGEOM_JAVA_OPTS=-Xmx"), e.getMessage());
        HeapBudget.require(1 << 20, "a small buffer"); // small requests are never refused
    }

    @Test
    void anOutOfMemoryErrorEndsInOneLineWithTheHeapLimitAndExitCode1() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // 200000 x 2000 floats (1.6 GB) of teacher inputs in a 64 MiB heap.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--data", "teacher:sign", "--input-dim", "2000", "--train-size", "200000", "--model", "2000-4-2",
                "--epochs", "1", "--backend", "cpu", "--progress", "quiet"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.waitFor(), err);
        List<String> lines = err.lines().filter(l -> !l.startsWith("WARNING") && !l.startsWith("netgeom: backend: ")).toList();
        assertEquals(1, lines.size(), "one line: " + err);
        assertTrue(lines.getFirst().contains("Java heap limit") && lines.getFirst().contains("NETGEOM_JAVA_OPTS=-Xmx"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }
}
