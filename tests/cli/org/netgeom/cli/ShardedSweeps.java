package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.io.CsvTable;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.tensor.Activation;

/**
 * Two tiny sweeps that take --shard (seconds each on a busy CPU), and the check that a merged
 * folder holds what one process writes. Byte for byte, except the fields that record when,
 * where and by which command line a file was made, named in {@link #PROVENANCE_FIELDS}.
 */
final class ShardedSweeps {
    /**
     * Per file name, the JSON fields that differ between any two runs (times and the command
     * line), so they are left out of the comparison; every other byte must be equal.
     */
    static final Map<String, List<String>> PROVENANCE_FIELDS = Map.of(
            "run.json", List.of("/provenance", "/results/seconds"),
            "summary.json", List.of("/command_line", "/train/distance_seconds", "/test/distance_seconds"));

    private ShardedSweeps() {}

    /** double-descent: 3 widths x 2 seeds of random features on a synthetic teacher. */
    static List<String> doubleDescent(Path out) {
        return List.of("double-descent", "--model", "rf", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "24",
                "--test-size", "40", "--widths", "4,24,60", "--samples", "20", "--seeds", "2", "--backend", "cpu",
                "--progress", "quiet", "--out", out.toString());
    }

    /**
     * double-descent with a list of penalties (a lambda sweep): 1e-6, 1e-2 and the optimal one
     * (chosen on 12 more rows) x 3 widths x 2 seeds = 18 points of random features on a synthetic teacher.
     */
    static List<String> lambdaSweep(Path out) {
        return List.of("double-descent", "--model", "rf", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "24",
                "--test-size", "40", "--validation-size", "12", "--widths", "4,24,60", "--lambda", "1e-6,1e-2,optimal", "--samples", "20",
                "--seeds", "2", "--backend", "cpu", "--progress", "quiet", "--out", out.toString());
    }

    /** The same sweep with MLPs trained a few epochs, so that each point takes a moment (a task can be caught mid-run). */
    static List<String> slowDoubleDescent(Path out) {
        return List.of("double-descent", "--model", "mlp", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "200",
                "--test-size", "40", "--widths", "4,24,60", "--samples", "20", "--seeds", "3", "--epochs", "150", "--batch", "8",
                "--backend", "cpu", "--progress", "quiet", "--out", out.toString());
    }

    /** trajectories: 4 configurations (one per shard and one more) on a synthetic teacher. */
    static List<String> trajectories(Path configs, Path out) throws IOException {
        Files.writeString(configs, """
                name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed
                a,12-8-3,relu,sgd,0.1,32,0,0,false,2,1
                b,12-8-3,tanh,adam,0.01,32,0,0,false,2,2
                c,rf:16,relu,adam,0.01,32,0.001,0,false,1,3
                d,12-6-3,relu,sgd,0.05,16,0,0,false,1,4
                """);
        return List.of("trajectories", "--configs", configs.toString(), "--out", out.toString(), "--data", "teacher:mlp",
                "--teacher-classes", "3", "--input-dim", "12", "--train-size", "120", "--test-size", "60", "--snapshots", "log:4",
                "--snapshot-samples", "30", "--max-train-error", "1", "--backend", "cpu", "--progress", "quiet");
    }

    /** symmetry-study: the heat task's 5 arms x (2 seeds + the early replica run) = 15 items, small MLPs a few epochs each. */
    static List<String> symmetryStudy(Path out) {
        return List.of("symmetry-study", "--tasks", "heat", "--heat-size", "40", "--heat-epochs", "3", "--width", "4", "--seeds", "2",
                "--permutations", "50", "--backend", "cpu", "--progress", "quiet", "--out", out.toString());
    }

    /** zoo: 3 sources and 2 held-out MLPs on a synthetic teacher, one epoch each. */
    static List<String> zoo(Path out) {
        return List.of("zoo", "--model", "8-6-3", "--data", "teacher:mlp", "--teacher-classes", "3", "--input-dim", "8",
                "--train-size", "60", "--test-size", "30", "--count", "3", "--held-out", "2", "--epochs", "1", "--backend", "cpu",
                "--out", out.toString());
    }

    /**
     * star-study: 2 widths x (3 sources + 2 held-out MLPs) = 10 items on a synthetic teacher, one epoch each,
     * then per width a star model from a random start and one from the sources' average.
     */
    static List<String> starStudy(Path out) {
        return List.of("star-study", "--data", "teacher:mlp", "--teacher-classes", "3", "--input-dim", "8", "--train-size", "60",
                "--test-size", "30", "--widths", "4,6", "--sources", "3", "--held-out", "2", "--epochs", "1", "--points", "3",
                "--variant-starts", "source-average", "--backend", "cpu", "--progress", "quiet", "--out", out.toString());
    }

    /** robustness-study: the models of {@link #models} (5), a 2-step PGD and 2 random flips each, 50 BMD points. */
    static List<String> robustnessStudy(Path models, Path out) {
        return List.of("robustness-study", "--models", models.toString(), "--out", out.toString(), "--attack", "pgd", "--epsilon", "0.3",
                "--steps", "2", "--random-flips", "2", "--samples", "50", "--permutations", "100", "--data", "teacher:sign",
                "--input-dim", "10", "--train-size", "20", "--test-size", "60", "--backend", "cpu", "--progress", "quiet");
    }

    /** Five untrained 10-W-2 MLPs of two widths (4: seeds 1-3, 8: seeds 1-2) saved into {@code folder}; returns it. */
    static Path models(Path folder) {
        for (int width : new int[] {4, 8}) {
            for (int seed = 1; seed <= (width == 4 ? 3 : 2); seed++) {
                try (CpuBackend cpu = new CpuBackend(1);
                     Mlp mlp = new Mlp(cpu, Architecture.of(10, width, 2), Activation.TANH).initialize(Initialization.NORMAL, seed)) {
                    ModelFiles.save(mlp, folder.resolve("w" + width + "-s" + seed + ".safetensors"), Map.of());
                }
            }
        }
        return folder;
    }

    /** {@code args} with --shard I/N added. */
    static String[] sharded(List<String> args, int index, int count) {
        List<String> words = new ArrayList<>(args);
        words.addAll(List.of("--shard", index + "/" + count));
        return words.toArray(String[]::new);
    }

    /**
     * Every file one process wrote in {@code whole} is in {@code merged} with the same bytes
     * (JSON: the same tree once {@link #PROVENANCE_FIELDS} are removed); {@code merged} has no
     * other result files (shards/, slurm/ and devices/ aside). Returns how many files were compared.
     */
    static int assertSameFiles(Path whole, Path merged) throws IOException {
        return assertSameFiles(whole, merged, PROVENANCE_FIELDS);
    }

    /** {@link #assertSameFiles(Path, Path)} leaving out {@code provenanceFields} (per file name, JSON pointers) instead. */
    static int assertSameFiles(Path whole, Path merged, Map<String, List<String>> provenanceFields) throws IOException {
        return assertSameFiles(whole, merged, provenanceFields, Map.of());
    }

    /**
     * The same, and in the CSV files named in {@code timingColumns} (per file name, the columns
     * of measured time) every cell but those columns' must be equal.
     */
    static int assertSameFiles(Path whole, Path merged, Map<String, List<String>> provenanceFields,
                               Map<String, List<String>> timingColumns) throws IOException {
        return assertSameFiles(whole, merged, provenanceFields, timingColumns, Map.of());
    }

    /**
     * The same, and the text files named in {@code timingText} (per file name, regular
     * expressions of the parts that say when or how long) must be equal once those parts are
     * blanked. A key of any of the maps may also be FOLDER/NAME, for the files named NAME under
     * FOLDER (relative to the folder compared), which wins over NAME alone: two commands' run.json
     * or summary.json files, say.
     */
    static int assertSameFiles(Path whole, Path merged, Map<String, List<String>> provenanceFields,
                               Map<String, List<String>> timingColumns, Map<String, List<String>> timingText) throws IOException {
        List<String> expected = files(whole), actual = files(merged);
        assertEquals(expected, actual, "the merged folder holds the files one process writes");
        ObjectMapper json = new ObjectMapper();
        for (String name : expected) {
            byte[] a = Files.readAllBytes(whole.resolve(name)), b = Files.readAllBytes(merged.resolve(name));
            List<String> text = rule(timingText, name);
            if (text != null) {
                assertEquals(blanked(new String(a, StandardCharsets.UTF_8), text), blanked(new String(b, StandardCharsets.UTF_8), text),
                        name + " differs from the one-process run beyond " + text);
                continue;
            }
            List<String> timing = rule(timingColumns, name);
            if (timing != null) {
                assertEquals(withoutColumns(CsvTable.read(whole.resolve(name)), timing), withoutColumns(CsvTable.read(merged.resolve(name)), timing),
                        name + " differs from the one-process run beyond the columns " + timing);
                continue;
            }
            List<String> skip = rule(provenanceFields, name);
            if (skip == null) {
                assertArrayEquals(a, b, name + " differs from the one-process run");
                continue;
            }
            JsonNode left = json.readTree(a), right = json.readTree(b);
            for (String pointer : skip) {
                remove(left, pointer);
                remove(right, pointer);
            }
            assertEquals(left, right, name + " differs from the one-process run beyond " + skip);
        }
        assertTrue(expected.contains("settings.json"), "the comparison covers the settings record: " + expected);
        return expected.size();
    }

    /**
     * The rule for the file at {@code name} (a relative path): the key FOLDER/NAME of the deepest
     * FOLDER that holds it (its own path is one), else its file name's; null when none.
     */
    private static List<String> rule(Map<String, List<String>> rules, String name) {
        Path path = Path.of(name);
        String fileName = path.getFileName().toString();
        List<String> deepest = null;
        int depth = 0;
        for (Map.Entry<String, List<String>> entry : rules.entrySet()) {
            Path key = Path.of(entry.getKey());
            if (key.getParent() != null && key.getFileName().toString().equals(fileName) && path.getParent() != null
                    && path.getParent().startsWith(key.getParent()) && key.getNameCount() > depth) {
                deepest = entry.getValue();
                depth = key.getNameCount();
            }
        }
        return deepest != null ? deepest : rules.get(fileName);
    }

    /** {@code text} with every match of {@code patterns} (each of which must match) replaced by "...". */
    private static String blanked(String text, List<String> patterns) {
        for (String pattern : patterns) {
            assertTrue(Pattern.compile(pattern).matcher(text).find(), "the file has the timing text " + pattern + ": " + text);
            text = text.replaceAll(pattern, "...");
        }
        return text;
    }

    /** The table's header and rows without {@code columns}, which it must have. */
    private static List<List<String>> withoutColumns(CsvTable table, List<String> columns) {
        assertTrue(table.header().containsAll(columns), "the file has the timing columns " + columns + ": " + table.header());
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < table.header().size(); c++) if (!columns.contains(table.header().get(c))) kept.add(c);
        List<List<String>> cells = new ArrayList<>();
        cells.add(kept.stream().map(table.header()::get).toList());
        for (int r = 0; r < table.rowCount(); r++) cells.add(kept.stream().map(table.row(r)::get).toList());
        return cells;
    }

    private static void remove(JsonNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        assertTrue(parent.has(pointer.substring(slash + 1)), "the file has the provenance field " + pointer + ": " + root);
        ((ObjectNode) parent).remove(pointer.substring(slash + 1));
    }

    /**
     * The result files under {@code folder}: the jobs' and children's logs (slurm/, devices/) and
     * every shards/ folder (a reproduction's steps have their own) aside.
     */
    private static List<String> files(Path folder) throws IOException {
        Set<String> scheduling = Set.of("slurm", LocalShards.LOG_FOLDER);
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString())
                    .filter(name -> !scheduling.contains(Path.of(name).getName(0).toString()))
                    .filter(name -> java.util.stream.StreamSupport.stream(Path.of(name).spliterator(), false)
                            .noneMatch(part -> part.toString().equals(org.netgeom.experiments.Shard.SHARDS_FOLDER)))
                    .filter(name -> !Path.of(name).getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }
}
