package org.netgeom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandOptionsTest {
    @TempDir Path dir;

    private CommandOptions options(Path file) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("widths", List.of(8, 16));
        values.put("lr", 0.05f);
        values.put("json", true);
        values.put("configs", file);
        values.put("classes", null);
        values.put("backend", "cpu");
        return new CommandOptions("sweep", values);
    }

    @Test
    void configKeepsNumbersAndBooleansAndWritesEverythingElseAsTextInTheCommandsOrder() {
        Path file = dir.resolve("configs.csv");
        Map<String, Object> config = options(file).config();
        assertEquals(List.of("widths", "lr", "json", "configs", "classes", "backend"), new ArrayList<>(config.keySet()));
        assertEquals("[8, 16]", config.get("widths"));
        assertEquals(0.05f, config.get("lr"));
        assertEquals(true, config.get("json"));
        assertEquals(file.toString(), config.get("configs"));
    }

    @Test
    void settingsLeaveOutSchedulingOptionsAndCountAnInputFileByItsContent() throws IOException {
        Path file = Files.writeString(dir.resolve("configs.csv"), "name\na\n");
        RunSettings settings = options(file).settings(Map.of("extra", "x"), Set.of("widths"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("lr", "0.05");
        expected.put("configs", RunSettings.fileContent(file));
        expected.put("classes", null);
        expected.put("extra", "x");
        assertEquals(new RunSettings("sweep", expected), settings);
    }

    @Test
    void anArrayOptionIsRecordedByItsValuesLikeAList() {
        CommandOptions options = arrays(0.3), again = arrays(0.3);
        assertEquals("[0.01, 0.3]", options.config().get("epsilon"));
        assertEquals("[1, 4]", options.settings().values().get("flips"));
        // Two runs with the same values record the same settings (not two arrays' identities), so the second resumes the first.
        assertEquals(options.settings(), again.settings());
        assertEquals("epsilon", arrays(0.1).settings().firstDifferingSetting(options.settings()));
    }

    private static CommandOptions arrays(double largestEpsilon) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("epsilon", new double[] {0.01, largestEpsilon});
        values.put("flips", new int[] {1, 4});
        return new CommandOptions("robustness-study", values);
    }
}
