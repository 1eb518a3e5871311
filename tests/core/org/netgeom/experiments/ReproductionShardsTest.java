package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.BackendOptions;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.report.FigureFormat;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/** How a sharded reproduction deals out its steps: no computing, only the plan. */
class ReproductionShardsTest {
    private static final Path OUT = Path.of("/runs/reproduce");
    @TempDir Path dir;
    private static final Reproduction.Common COMMON = new Reproduction.Common(BackendOptions.cpu(), "quiet", null, FigureFormat.PNG);

    private static List<Reproduction.Stage> plan(Reproduction.Scale scale) {
        return Reproduction.plan(scale, OUT, COMMON, List.of());
    }

    @Test
    void theShardsOfEveryScaleTogetherDoEveryItemExactlyOnce() {
        for (Reproduction.Scale scale : Reproduction.Scale.values()) {
            for (int count : List.of(1, 2, 3, 7)) {
                List<String> done = new ArrayList<>();
                for (int i = 0; i < count; i++) done.addAll(ReproductionShards.owned(plan(scale), OUT, new Shard(i, count)));
                List<String> all = ReproductionShards.items(plan(scale), OUT, count);
                assertEquals(all.size(), done.size(), scale + " in " + count + ": " + done);
                assertEquals(new HashSet<>(all), new HashSet<>(done), scale + " in " + count);
            }
        }
    }

    @Test
    void aStepThatSplitsIsOneItemPerShardAndOneThatCannotIsOneItem() {
        List<String> items = ReproductionShards.items(plan(Reproduction.Scale.TINY), OUT, 3);
        assertEquals(List.of("twin-peaks/lambda-1e-6 shard 0/3", "twin-peaks/lambda-1e-6 shard 1/3", "twin-peaks/lambda-1e-6 shard 2/3",
                "twin-peaks/lambda-optimal shard 0/3", "twin-peaks/lambda-optimal shard 1/3", "twin-peaks/lambda-optimal shard 2/3",
                "star shard 0/3", "star shard 1/3", "star shard 2/3", "trajectory shard 0/3", "trajectory shard 1/3", "trajectory shard 2/3", "symmetry shard 0/3", "symmetry shard 1/3",
                "symmetry shard 2/3"), items);
    }

    @Test
    void stepsThatCannotSplitGoToDifferentShards() {
        // Full: only the penalty sweep (six lambdas) runs whole, in shard 0; the k-th whole step goes to shard k mod N.
        List<Reproduction.Stage> plan = plan(Reproduction.Scale.FULL);
        List<ReproductionStep> whole = plan.stream().flatMap(s -> s.steps().stream()).filter(step -> !step.splits()).toList();
        assertEquals(List.of(OUT.resolve("twin-peaks").resolve(Reproduction.LAMBDA_SWEEP)), whole.stream().map(ReproductionStep::folder).toList());
        assertEquals(0, ReproductionShards.owner(plan, whole.getFirst(), 3));
        assertTrue(ReproductionShards.owned(plan, OUT, new Shard(0, 3)).contains("twin-peaks/lambda-sweep"));
        assertFalse(ReproductionShards.owned(plan, OUT, new Shard(1, 3)).contains("twin-peaks/lambda-sweep"));

        List<Reproduction.Stage> twoWhole = twinPeaks(OUT, "1e-6,1e-2", "1e-6", "1e-2,optimal");
        List<ReproductionStep> steps = twoWhole.getFirst().steps();
        assertEquals(0, ReproductionShards.owner(twoWhole, steps.get(0), 3));
        assertEquals(1, ReproductionShards.owner(twoWhole, steps.get(2), 3), "the second whole step goes to the next shard");
        assertEquals(List.of("sweep-2 shard 1/3", "sweep-3"), ReproductionShards.owned(twoWhole, OUT, new Shard(1, 3)));
    }

    /** One twin-peaks stage of tiny random-features sweeps on the sign teacher, one per {@code lambdas} (sweep-1, sweep-2, ...). */
    static List<Reproduction.Stage> twinPeaks(Path out, String... lambdas) {
        List<ReproductionStep> steps = new ArrayList<>();
        for (int i = 0; i < lambdas.length; i++) {
            String name = "sweep-" + (i + 1);
            steps.add(new ReproductionStep.DoubleDescentSweep(out.resolve(name), name + ".json", 12, 40, 100, "0.25:4:5", lambdas[i],
                    Reproduction.OPTIMAL_PENALTY_CRITERION, 20, 16, 1, COMMON));
        }
        return List.of(new Reproduction.Stage(Reproduction.Experiment.TWIN_PEAKS, out, Map.of(), steps));
    }

    /**
     * Two shards of a stage with a penalty sweep (runs whole, in shard 0) and a one-penalty
     * sweep (split): shard 1 leaves the whole step alone, the merge refuses until the whole
     * step's summary is there, and the split step merged and finished equals a one-process run.
     */
    @Test
    void aWholeStepRunsInItsOwnerShardAndTheMergeChecksItFinished() throws IOException {
        List<Reproduction.Stage> plan = twinPeaks(dir.resolve("sharded"), "1e-6,1e-2", "1e-6");
        ReproductionStep whole = plan.getFirst().steps().get(0), split = plan.getFirst().steps().get(1);
        ReproductionRun.Listener quiet = new ReproductionRun.Listener() {};
        Path sharded = dir.resolve("sharded"), single = dir.resolve("single");
        try (Backend backend = new CpuBackend(1)) {
            assertEquals(List.of("sweep-2 shard 1/2"), ReproductionShards.run(plan, sharded, backend, new Shard(1, 2), quiet));
            assertFalse(Files.exists(whole.folder()), "shard 1 leaves the whole step to shard 0");
            assertEquals(List.of("sweep-1", "sweep-2 shard 0/2"), ReproductionShards.run(plan, sharded, backend, new Shard(0, 2), quiet));
            assertFalse(Files.exists(whole.folder().resolve(Shard.SHARDS_FOLDER)), "a whole step writes into its own folder");

            Files.delete(sharded.resolve(whole.summaryFile())); // as if shard 0 were killed before it kept the summary
            InvalidInputException missing = assertThrows(InvalidInputException.class, () -> ReproductionShards.merge(plan, 2));
            assertTrue(missing.getMessage().contains("rerun reproduce with --shard 0/2"), missing.getMessage());
            ReproductionShards.run(plan, sharded, backend, new Shard(0, 2), quiet);
            ReproductionShards.merge(plan, 2);
            split.run(backend); // what the merge's rerun does: every point is there, only the summary and figure are made

            ReproductionStep alone = twinPeaks(single, "1e-6").getFirst().steps().getFirst();
            alone.run(backend);
            assertEquals(Files.readString(alone.folder().resolve("results.csv")), Files.readString(split.folder().resolve("results.csv")));
        }
    }

    @Test
    void aStepThatCannotSplitRefusesAShard() {
        ReproductionStep penalties = plan(Reproduction.Scale.FULL).getFirst().steps().getFirst();
        assertFalse(penalties.splits());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> penalties.arguments(new Shard(0, 2)));
        assertTrue(e.getMessage().contains("does not split into shards"), e.getMessage());
    }

    @Test
    void aShardsCommandLineIsTheStepsWithItsShard() {
        ReproductionStep sweep = plan(Reproduction.Scale.TINY).getFirst().steps().getFirst();
        List<String> expected = new ArrayList<>(sweep.arguments());
        expected.addAll(List.of("--shard", "1/3"));
        assertEquals(expected, sweep.arguments(new Shard(1, 3)));
        assertEquals("1/3", sweep.options(new Shard(1, 3)).values().get("shard"));
        assertEquals(sweep.options().settings(), sweep.options(new Shard(1, 3)).settings(), "the shard is not a setting");
    }
}
