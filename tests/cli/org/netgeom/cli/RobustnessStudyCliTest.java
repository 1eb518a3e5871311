package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.io.CsvTable;
import org.netgeom.io.OutputFolder;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.tensor.Activation;

/** robustness-study's answer depends on the models asked for, not on the folder's history; its settings on the attack's own options. */
class RobustnessStudyCliTest {
    @TempDir Path dir;

    /** Five small MLPs: widths 4 (seeds 1-3) and 16 (seeds 1-2). */
    private List<Path> fiveModels() {
        List<Path> files = new ArrayList<>();
        for (int width : new int[] {4, 16}) {
            for (int seed = 1; seed <= (width == 4 ? 3 : 2); seed++) {
                Path file = dir.resolve("zoo").resolve("w" + width + "-s" + seed + ".safetensors");
                try (CpuBackend cpu = new CpuBackend(1);
                     Mlp mlp = new Mlp(cpu, Architecture.of(10, width, 2), Activation.TANH).initialize(Initialization.NORMAL, seed)) {
                    ModelFiles.save(mlp, file, Map.of());
                }
                files.add(file);
            }
        }
        return files;
    }

    private static CliTest.Result study(List<Path> models, Path out, String... attack) {
        List<String> args = new ArrayList<>(List.of("robustness-study", "--models",
                String.join(",", models.stream().map(Path::toString).toList()), "--out", out.toString()));
        args.addAll(List.of(attack));
        args.addAll(List.of("--random-flips", "2", "--samples", "50", "--permutations", "200", "--json", "--progress", "quiet",
                "--data", "teacher:sign", "--input-dim", "10", "--train-size", "20", "--test-size", "100", "--backend", "cpu"));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void aRunCorrelatesOnlyItsOwnModelsWhateverEarlierRunsLeftInTheFolder() throws IOException {
        List<Path> five = fiveModels();
        List<Path> three = List.of(five.get(3), five.get(1), five.get(0));
        String[] pgd = {"--attack", "pgd", "--epsilon", "0.3", "--steps", "2"};
        Path grown = dir.resolve("grown");
        CliTest.Result all = study(five, grown, pgd);
        assertEquals(0, all.exitCode(), all.err());
        assertEquals(5, CsvTable.read(grown.resolve("correlations.csv")).doubleValue(0, "models"), 0.0);

        CliTest.Result some = study(three, grown, pgd);
        assertEquals(0, some.exitCode(), some.err());
        assertEquals(3, new ObjectMapper().readTree(some.out().strip()).get("models").asInt(), "--json counts this run's models");
        assertEquals(5, CsvTable.read(grown.resolve("models.csv")).rowCount(), "the earlier run's rows stay for a later resume");
        CsvTable correlations = CsvTable.read(grown.resolve("correlations.csv"));
        for (int row = 0; row < correlations.rowCount(); row++) {
            assertEquals(3, correlations.doubleValue(row, "models"), 0.0, "row " + correlations.row(row));
        }

        Path fresh = dir.resolve("fresh");
        CliTest.Result alone = study(three, fresh, pgd);
        assertEquals(0, alone.exitCode(), alone.err());
        assertEquals(CsvTable.read(fresh.resolve("correlations.csv")).toCsv(), correlations.toCsv(),
                "the same models give the same correlations in a fresh folder");
    }

    @Test
    void theFolderRecordsOnlyTheAttackOptionsTheAttackReads() {
        List<Path> models = fiveModels().subList(0, 3);
        Path pgdOut = dir.resolve("pgd");
        CliTest.Result pgd = study(models, pgdOut, "--attack", "pgd", "--epsilon", "0.3", "--steps", "2");
        assertEquals(0, pgd.exitCode(), pgd.err());
        Map<String, String> pgdSettings = OutputFolder.readSettings(pgdOut.resolve(OutputFolder.SETTINGS_FILE)).values();
        for (String option : List.of("epsilon", "steps", "step-size", "norm", "valid-range")) {
            assertTrue(pgdSettings.containsKey(option), option + " is pgd's: " + pgdSettings);
        }
        assertEquals("2", pgdSettings.get("steps"));
        assertFalse(pgdSettings.containsKey("flips"), "pgd reads no --flips: " + pgdSettings);

        Path noneOut = dir.resolve("none");
        CliTest.Result none = study(models, noneOut, "--attack", "none");
        assertEquals(0, none.exitCode(), none.err());
        Map<String, String> noneSettings = OutputFolder.readSettings(noneOut.resolve(OutputFolder.SETTINGS_FILE)).values();
        for (String option : List.of("epsilon", "steps", "step-size", "norm", "valid-range", "flips")) {
            assertFalse(noneSettings.containsKey(option), "--attack none reads no " + option + ": " + noneSettings);
        }
        assertEquals("[2]", noneSettings.get("random-flips"));
    }
}
