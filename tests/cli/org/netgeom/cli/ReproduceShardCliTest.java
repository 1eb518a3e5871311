package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.data.IdxFixtures;
import org.netgeom.experiments.ShardMarker;

/**
 * reproduce --tiny --shard I/3 for every I, then netgeom merge, in one process: the folder holds
 * what one reproduce process writes, the provenance and timing fields of
 * {@link #PROVENANCE_FIELDS}, {@link #TIMING_COLUMNS} and {@link #TIMING_TEXT} aside.
 */
class ReproduceShardCliTest {
    /** Per file (by name, or by path where two kinds share a name), the JSON fields that record when, where and how long. */
    static final Map<String, List<String>> PROVENANCE_FIELDS = Map.of(
            "report.json", List.of("/provenance", "/stages/0/seconds", "/stages/1/seconds", "/stages/2/seconds", "/stages/3/seconds",
                    "/stages/0/merged_from_shards", "/stages/1/merged_from_shards", "/stages/2/merged_from_shards",
                    "/stages/3/merged_from_shards"),
            "stage.json", List.of("/seconds", "/finished"),
            "trajectory/run.json", List.of("/provenance", "/results/seconds"),
            "star/run.json", List.of("/provenance", "/config/shard", "/results/seconds", "/results/samples_per_second"),
            "star/report.json", List.of("/provenance"),
            "trajectory/summary.json", List.of("/command_line", "/train/distance_seconds", "/test/distance_seconds"),
            "trajectory/summary-stdout.json", List.of("/command_line", "/train/distance_seconds", "/test/distance_seconds"),
            "symmetry/summary.json", List.of("/provenance"),
            "symmetry/summary-stdout.json", List.of("/provenance"));
    /** The columns of measured time in the star stage's zoo models' metrics. */
    static final Map<String, List<String>> TIMING_COLUMNS = Map.of("metrics.csv", List.of("seconds", "samples_per_second"));
    /** report.md says how long each stage ran and ends with the provenance. */
    static final Map<String, List<String>> TIMING_TEXT = Map.of("report.md", List.of(
            "(Ran in \\d+ s|Finished by `netgeom merge` from \\d+ shards \\([^)]*\\))", "(?s)## Provenance\n.*"));

    @TempDir Path dir;

    static List<String> tiny(Path out, Path data) {
        return List.of("reproduce", "--tiny", "--out", out.toString(), "--backend", "cpu", "--progress", "quiet", "--data-dir",
                data.toString());
    }

    /** The one-process run, moved aside to {@code whole}, so that the sharded run writes the same paths into its files. */
    static void oneProcessRun(Path out, Path data, Path whole) throws IOException {
        ok(CliTest.run(tiny(out, data).toArray(String[]::new)));
        Files.move(out, whole);
    }

    static void ok(CliTest.Result result) {
        assertEquals(0, result.exitCode(), result.err());
    }

    static int assertSameAsOneProcess(Path whole, Path merged) throws IOException {
        return ShardedSweeps.assertSameFiles(whole, merged, PROVENANCE_FIELDS, TIMING_COLUMNS, TIMING_TEXT);
    }

    @Test
    void threeShardsAndAMergeWriteTheOneProcessReproduction() throws IOException {
        Path data = dir.resolve("fashion-mnist"), out = dir.resolve("reproduce"), whole = dir.resolve("whole");
        IdxFixtures.writeFashionMnist(data, 500, 200, 28);
        oneProcessRun(out, data, whole);

        ok(CliTest.run(ShardedSweeps.sharded(tiny(out, data), 0, 3)));
        ok(CliTest.run(ShardedSweeps.sharded(tiny(out, data), 2, 3)));
        CliTest.Result early = CliTest.run("merge", "--out", out.toString());
        assertEquals(2, early.exitCode(), early.err());
        assertTrue(early.errLines().contains("shard 1 never started") && early.errLines().contains("run shard 1/3"), early.errLines());
        assertFalse(Files.exists(out.resolve("report.json")), "nothing is merged while a shard is missing");

        CliTest.Result shard = CliTest.run(ShardedSweeps.sharded(tiny(out, data), 1, 3));
        ok(shard);
        assertTrue(shard.err().contains("netgeom double-descent") && shard.err().contains("--shard 1/3"), "says which part runs: " + shard.err());
        for (String step : List.of("twin-peaks/lambda-1e-6", "twin-peaks/lambda-optimal", "star", "trajectory", "symmetry")) {
            assertTrue(Files.isRegularFile(out.resolve(step).resolve("shards/1").resolve(ShardMarker.FILE)), "every tiny step shards: " + step);
        }

        killedAndResumed(out, data);
        CliTest.Result merged = CliTest.run("merge", "--out", out.toString());
        ok(merged);
        assertTrue(merged.out().contains("wrote " + out.resolve("report.md")), merged.out());
        assertTrue(Files.readString(out.resolve("report.md")).contains("Finished by `netgeom merge` from 3 shards"),
                "a merged stage says so, not how long one process ran it");
        int compared = assertSameAsOneProcess(whole, out);
        assertTrue(compared > 50, "the report, every stage's summaries, figures and runs: " + compared);
    }

    /**
     * As if shard 1 were killed while it trained its trajectory configuration: its markers and
     * that run are gone. Rerun, it trains that configuration again and leaves the twin-peaks
     * points it had finished untouched.
     */
    private static void killedAndResumed(Path out, Path data) throws IOException {
        Path points = out.resolve("twin-peaks/lambda-1e-6/shards/1/results.csv");
        FileTime written = Files.getLastModifiedTime(points);
        Path trajectoryShard = out.resolve("trajectory/shards/1");
        Files.delete(out.resolve("shards/1").resolve(ShardMarker.FILE));
        Files.delete(trajectoryShard.resolve(ShardMarker.FILE));
        List<Path> runs = new ArrayList<>();
        try (var list = Files.list(trajectoryShard.resolve("runs"))) {
            list.forEach(runs::add);
        }
        assertEquals(1, runs.size(), "shard 1 of 3 trains one of the 3 configurations: " + runs);
        try (var files = Files.walk(runs.getFirst())) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(file);
        }

        CliTest.Result merge = CliTest.run("merge", "--out", out.toString());
        assertEquals(2, merge.exitCode(), merge.err());
        assertTrue(merge.errLines().contains("shard 1 did not finish"), merge.errLines());
        ok(CliTest.run(ShardedSweeps.sharded(tiny(out, data), 1, 3)));
        assertTrue(Files.isRegularFile(runs.getFirst().resolve("run.json")), "the configuration is trained again");
        assertEquals(written, Files.getLastModifiedTime(points), "the finished points are kept, not measured again");
    }
}
