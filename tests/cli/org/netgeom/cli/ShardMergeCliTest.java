package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.experiments.ShardMarker;
import org.netgeom.io.CsvTable;

/** --shard I/N and netgeom merge in one process: the merged folder is the one-process folder, and merge refuses what it cannot merge. */
class ShardMergeCliTest {
    @TempDir Path dir;

    /**
     * A zoo model's run.json records when, where (--out, --shard) and by which command line it was made, and how long it
     * trained; its config and every result besides are compared.
     */
    private static final Map<String, List<String>> ZOO_PROVENANCE_FIELDS = Map.of("run.json",
            List.of("/provenance", "/config/out", "/config/shard", "/results/seconds", "/results/samples_per_second"));

    private static void ok(CliTest.Result result) {
        assertEquals(0, result.exitCode(), result.err());
    }

    private static void shardsThenMerge(List<String> sweep, Path merged, int count) {
        for (int i = 0; i < count; i++) ok(CliTest.run(ShardedSweeps.sharded(sweep, i, count)));
        ok(CliTest.run("merge", "--out", merged.toString()));
    }

    @Test
    void doubleDescentShardsMergeIntoTheOneProcessFiles() throws IOException {
        Path whole = dir.resolve("whole"), merged = dir.resolve("merged");
        ok(CliTest.run(ShardedSweeps.doubleDescent(whole).toArray(String[]::new)));
        shardsThenMerge(ShardedSweeps.doubleDescent(merged), merged, 4);

        assertTrue(ShardedSweeps.assertSameFiles(whole, merged) >= 3, "results.csv, settings.json and the figure");
        assertEquals(7, Files.readAllLines(merged.resolve("results.csv")).size(), "a header and 3 widths x 2 seeds");
    }

    @Test
    void mergeOverwritesOutsResultsOfOtherSettingsOnlyWhenAsked() throws IOException {
        Path whole = dir.resolve("whole"), merged = dir.resolve("merged");
        List<String> sweep = ShardedSweeps.doubleDescent(merged);
        List<String> otherSeeds = new ArrayList<>(sweep);
        otherSeeds.set(otherSeeds.indexOf("--seeds") + 1, "3");
        ok(CliTest.run(otherSeeds.toArray(String[]::new))); // OUT holds a one-process sweep of 3 seeds
        List<String> overwriting = new ArrayList<>(sweep);
        overwriting.add("--overwrite");
        for (int i = 0; i < 2; i++) ok(CliTest.run(ShardedSweeps.sharded(overwriting, i, 2)));

        CliTest.Result refused = CliTest.run("merge", "--out", merged.toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.errLines().contains("seeds is '2' here but was '3'"), refused.errLines());
        ok(CliTest.run("merge", "--out", merged.toString(), "--overwrite"));
        ok(CliTest.run(ShardedSweeps.doubleDescent(whole).toArray(String[]::new)));
        ShardedSweeps.assertSameFiles(whole, merged);
    }

    @Test
    void trajectoryShardsMergeIntoTheOneProcessFiles() throws IOException {
        Path whole = dir.resolve("whole"), merged = dir.resolve("merged");
        ok(CliTest.run(ShardedSweeps.trajectories(dir.resolve("configs.csv"), whole).toArray(String[]::new)));
        shardsThenMerge(ShardedSweeps.trajectories(dir.resolve("configs.csv"), merged), merged, 3);

        int compared = ShardedSweeps.assertSameFiles(whole, merged);
        assertTrue(compared > 20, "every run's predictions and the embeddings: " + compared);
    }

    @Test
    void symmetryStudyShardsMergeIntoTheOneProcessFiles() throws IOException {
        Path whole = dir.resolve("whole"), merged = dir.resolve("merged");
        ok(CliTest.run(ShardedSweeps.symmetryStudy(whole).toArray(String[]::new)));
        shardsThenMerge(ShardedSweeps.symmetryStudy(merged), merged, 3);

        // summary.json records when and by which command line it was made, and the --out it was written into (the two folders differ here).
        int compared = ShardedSweeps.assertSameFiles(whole, merged, Map.of("summary.json", List.of("/provenance", "/config/out")));
        assertTrue(compared >= 5, "results.csv, summary.csv, summary.json, the figure and settings.json: " + compared);
        assertEquals(16, Files.readAllLines(merged.resolve("results.csv")).size(), "a header and 5 arms x (2 seeds + early)");
    }

    @Test
    void zooShardsMergeIntoTheOneProcessFiles() throws IOException {
        Path whole = dir.resolve("whole"), merged = dir.resolve("merged");
        ok(CliTest.run(ShardedSweeps.zoo(whole).toArray(String[]::new)));
        shardsThenMerge(ShardedSweeps.zoo(merged), merged, 3);

        // metrics.csv's seconds and samples_per_second measure time: every other cell, the losses included, is the same bits.
        int compared = ShardedSweeps.assertSameFiles(whole, merged, ZOO_PROVENANCE_FIELDS,
                Map.of("metrics.csv", List.of("seconds", "samples_per_second")));
        assertEquals(21, compared, "settings.json and 5 models x (model, metrics, run.json, loss figure)");
    }

    @Test
    void starStudyShardsMergeIntoTheOneProcessFiles() throws IOException {
        Path whole = dir.resolve("whole"), merged = dir.resolve("merged");
        ok(CliTest.run(ShardedSweeps.starStudy(whole).toArray(String[]::new)));
        for (int i = 0; i < 3; i++) {
            ok(CliTest.run(ShardedSweeps.sharded(ShardedSweeps.starStudy(merged), i, 3)));
            assertTrue(Files.notExists(merged.resolve("shards/" + i + "/w4/starlight")), "a shard trains no star model");
        }
        ok(CliTest.run("merge", "--out", merged.toString()));

        // A star model's report.json records when and by which command line it was made, and the --out it was written into;
        // metrics.csv (the zoo's models' and the star models') measures time in two columns.
        Map<String, List<String>> provenance = new java.util.HashMap<>(ZOO_PROVENANCE_FIELDS);
        provenance.put("report.json", List.of("/provenance", "/config/out"));
        int compared = ShardedSweeps.assertSameFiles(whole, merged, provenance, Map.of("metrics.csv", List.of("seconds", "samples_per_second")));
        assertEquals(3 + 2 * (5 * 4 + 2 * 7), compared,
                "settings.json, summary.csv and its figure, per width 5 models x 4 files and 2 star models x 7 files");
        assertEquals(CsvTable.read(whole.resolve("summary.csv")).rowCount(), CsvTable.read(merged.resolve("summary.csv")).rowCount());
    }

    @Test
    void starStudyMergeNamesTheMissingShardAndAShardFolderRefusesAnotherSplit() {
        Path out = dir.resolve("star");
        List<String> sweep = ShardedSweeps.starStudy(out);
        ok(CliTest.run(ShardedSweeps.sharded(sweep, 0, 3)));
        ok(CliTest.run(ShardedSweeps.sharded(sweep, 2, 3)));
        CliTest.Result missing = CliTest.run("merge", "--out", out.toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.errLines().contains("shard 1 never started"), missing.errLines());
        assertTrue(missing.errLines().contains("run shard 1/3"), missing.errLines());
        assertTrue(Files.notExists(out.resolve("w4")) && Files.notExists(out.resolve("summary.csv")),
                "nothing is merged or trained while a shard is missing");

        CliTest.Result other = CliTest.run(ShardedSweeps.sharded(sweep, 0, 2));
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.errLines().contains("shards is '2' here but was '3'"), other.errLines());
    }

    @Test
    void robustnessStudyShardsMergeIntoTheOneProcessFiles() throws IOException {
        Path models = ShardedSweeps.models(Files.createDirectories(dir.resolve("models")));
        Path whole = dir.resolve("whole"), merged = dir.resolve("merged");
        CliTest.Result one = CliTest.run(ShardedSweeps.robustnessStudy(models, whole).toArray(String[]::new));
        ok(one);
        // 5 models over 3 shards: positions 0 and 3, 1 and 4, 2.
        shardsThenMerge(ShardedSweeps.robustnessStudy(models, merged), merged, 3);

        assertEquals(3, ShardedSweeps.assertSameFiles(whole, merged), "models.csv, correlations.csv and settings.json, byte for byte");
        assertEquals(2, CsvTable.read(merged.resolve("shards/0/models.csv")).rowCount(), "shard 0 measured its two models only");
        CsvTable rows = CsvTable.read(merged.resolve("models.csv"));
        assertEquals(5, rows.rowCount());
        assertEquals(models.resolve("w4-s1.safetensors").toAbsolutePath().normalize().toString(), rows.value(0, "model"),
                "models in the order given, by absolute path");
        CliTest.Result merging = CliTest.run("merge", "--out", merged.toString());
        ok(merging);
        assertEquals(one.out(), merging.out(), "the merge prints the one-process study's correlations");
    }

    @Test
    void zooShardsOfAnotherSizeAreRefusedByMerge() {
        // --count is not a setting of a zoo's folder (a zoo may grow), so the item counts tell the shards apart.
        Path out = dir.resolve("zoo");
        List<String> zoo = ShardedSweeps.zoo(out);
        List<String> bigger = new ArrayList<>(zoo);
        bigger.set(bigger.indexOf("--count") + 1, "4");
        ok(CliTest.run(ShardedSweeps.sharded(zoo, 0, 2)));
        ok(CliTest.run(ShardedSweeps.sharded(bigger, 1, 2)));
        CliTest.Result refused = CliTest.run("merge", "--out", out.toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.errLines().contains("the shards enumerate different numbers of items [5, 6]"), refused.errLines());
        assertTrue(Files.notExists(out.resolve("sources")), "nothing is merged while the shards disagree");
    }

    @Test
    void symmetryStudyMergeNamesTheMissingShard() {
        Path out = dir.resolve("sym");
        List<String> sweep = ShardedSweeps.symmetryStudy(out);
        ok(CliTest.run(ShardedSweeps.sharded(sweep, 0, 3)));
        ok(CliTest.run(ShardedSweeps.sharded(sweep, 2, 3)));
        CliTest.Result missing = CliTest.run("merge", "--out", out.toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.errLines().contains("shard 1 never started"), missing.errLines());
        assertTrue(missing.errLines().contains("run shard 1/3"), missing.errLines());
        assertTrue(Files.notExists(out.resolve("results.csv")), "nothing is merged while a shard is missing");
    }

    @Test
    void mergeNamesMissingUnfinishedAndMismatchedShards() throws IOException {
        Path out = dir.resolve("dd");
        List<String> sweep = ShardedSweeps.doubleDescent(out);
        ok(CliTest.run(ShardedSweeps.sharded(sweep, 0, 3)));
        CliTest.Result missing = CliTest.run("merge", "--out", out.toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.errLines().contains("shards 1, 2 never started"), missing.errLines());
        assertTrue(missing.errLines().contains("shard 1/3, shard 2/3"), missing.errLines());

        List<String> otherSeeds = new ArrayList<>(sweep);
        otherSeeds.set(otherSeeds.indexOf("--seeds") + 1, "3");
        ok(CliTest.run(ShardedSweeps.sharded(otherSeeds, 1, 3)));
        ok(CliTest.run(ShardedSweeps.sharded(sweep, 2, 3)));
        Files.delete(out.resolve("shards/2").resolve(ShardMarker.FILE)); // as if killed before its end
        CliTest.Result wrong = CliTest.run("merge", "--out", out.toString());
        assertEquals(2, wrong.exitCode(), wrong.err());
        assertTrue(wrong.errLines().contains("shard 2 did not finish"), wrong.errLines());
        assertTrue(wrong.errLines().contains("shard 1 ran with other settings than shard 0 (seeds is '3' here but was '2')"),
                wrong.errLines());
        assertTrue(Files.notExists(out.resolve("results.csv")), "nothing is merged while a shard is wrong");
    }

    @Test
    void aShardFolderRefusesAnotherSplit() {
        Path out = dir.resolve("dd");
        List<String> sweep = ShardedSweeps.doubleDescent(out);
        ok(CliTest.run(ShardedSweeps.sharded(sweep, 0, 2)));
        CliTest.Result other = CliTest.run(ShardedSweeps.sharded(sweep, 0, 3));
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.errLines().contains("shards is '3' here but was '2'"), other.errLines());
    }

    @Test
    void aBadShardIsBadInputSayingTheForm() {
        CliTest.Result result = CliTest.run(ShardedSweeps.sharded(ShardedSweeps.doubleDescent(dir.resolve("x")), 3, 3));
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.errLines().contains("I must be in 0..2 (shards count from 0)"), result.errLines());
    }

    @Test
    void lambdaSweepShardsMergeIntoTheOneProcessFiles() throws IOException {
        Path whole = dir.resolve("whole"), merged = dir.resolve("merged");
        CliTest.Result one = CliTest.run(ShardedSweeps.lambdaSweep(whole).toArray(String[]::new));
        ok(one);
        List<String> sweep = ShardedSweeps.lambdaSweep(merged);
        for (int i = 0; i < 3; i++) ok(CliTest.run(ShardedSweeps.sharded(sweep, i, 3)));
        assertTrue(Files.notExists(merged.resolve("shards/0/bmd_peaks.png")), "a shard draws nothing");
        // 18 points over 3 shards: shard 1 does positions 1, 4, ..., 16, across all three penalties.
        CsvTable shard1 = CsvTable.read(merged.resolve("shards/1/results.csv"));
        assertEquals(6, shard1.rowCount());
        assertEquals(List.of("1.0E-6", "1.0E-6", "0.01", "0.01", "optimal", "optimal"),
                java.util.stream.IntStream.range(0, 6).mapToObj(r -> shard1.value(r, "lambda_mode")).toList());
        assertTrue(Files.readString(merged.resolve("shards/1/finished.json")).contains("lambda=optimal,width=60,seed=1"));
        CliTest.Result merging = CliTest.run("merge", "--out", merged.toString());
        ok(merging);

        assertEquals(4, ShardedSweeps.assertSameFiles(whole, merged), "results.csv, settings.json, twin_peaks and bmd_peaks");
        assertEquals(19, Files.readAllLines(merged.resolve("results.csv")).size(), "a header and 3 penalties x 3 widths x 2 seeds");
        assertEquals(one.out(), merging.out(), "the merge prints the one-process sweep's summary");
    }
}
