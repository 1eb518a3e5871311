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
    void aStepIsOneItemPerShard() {
        List<String> items = ReproductionShards.items(plan(Reproduction.Scale.TINY), OUT, 3);
        assertEquals(List.of("twin-peaks/lambda-1e-6 shard 0/3", "twin-peaks/lambda-1e-6 shard 1/3", "twin-peaks/lambda-1e-6 shard 2/3",
                "twin-peaks/lambda-optimal shard 0/3", "twin-peaks/lambda-optimal shard 1/3", "twin-peaks/lambda-optimal shard 2/3",
                "star shard 0/3", "star shard 1/3", "star shard 2/3", "trajectory shard 0/3", "trajectory shard 1/3", "trajectory shard 2/3", "symmetry shard 0/3", "symmetry shard 1/3",
                "symmetry shard 2/3"), items);
    }

    @Test
    void everyPlannedStepSplitsThePenaltySweepToo() {
        for (Reproduction.Scale scale : Reproduction.Scale.values()) {
            for (Reproduction.Stage stage : plan(scale)) {
                for (ReproductionStep step : stage.steps()) {
                    List<String> sharded = step.arguments(new Shard(1, 3));
                    assertEquals(List.of("--shard", "1/3"), sharded.subList(sharded.size() - 2, sharded.size()), scale + ": " + step.commandLine());
                }
            }
        }
        // Full: the penalty sweep (six lambdas) is one item per shard like every other step, none runs whole.
        List<Reproduction.Stage> full = plan(Reproduction.Scale.FULL);
        List<String> owned = ReproductionShards.owned(full, OUT, new Shard(1, 3));
        assertTrue(owned.contains("twin-peaks/" + Reproduction.LAMBDA_SWEEP + " shard 1/3"), owned.toString());
        assertFalse(owned.contains("twin-peaks/" + Reproduction.LAMBDA_SWEEP), owned.toString());
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
     * Two shards of a stage with a penalty sweep (three lambdas) and a one-penalty sweep: each
     * shard does its points of both, the merge refuses until every shard finished, and the
     * penalty sweep merged and finished has the one-process rows, byte for byte.
     */
    @Test
    void aPenaltySweepSplitsAndMergesIntoTheOneProcessRows() throws IOException {
        Path sharded = dir.resolve("sharded"), single = dir.resolve("single");
        List<Reproduction.Stage> plan = twinPeaks(sharded, "1e-6,1e-2,optimal", "1e-6");
        ReproductionStep penalties = plan.getFirst().steps().get(0);
        ReproductionRun.Listener quiet = new ReproductionRun.Listener() {};
        try (Backend backend = new CpuBackend(1)) {
            assertEquals(List.of("sweep-1 shard 1/2", "sweep-2 shard 1/2"), ReproductionShards.run(plan, sharded, backend, new Shard(1, 2), quiet));
            InvalidInputException early = assertThrows(InvalidInputException.class, () -> ReproductionShards.merge(plan, 2));
            assertTrue(early.getMessage().contains("shard 0 never started"), early.getMessage());
            assertEquals(List.of("sweep-1 shard 0/2", "sweep-2 shard 0/2"), ReproductionShards.run(plan, sharded, backend, new Shard(0, 2), quiet));
            assertFalse(Files.exists(penalties.folder().resolve("results.csv")), "a shard writes into its shards/I folder only");
            ReproductionShards.merge(plan, 2);
            penalties.run(backend); // what the merge's rerun does: every point is there, only the summaries are made

            ReproductionStep alone = twinPeaks(single, "1e-6,1e-2,optimal").getFirst().steps().getFirst();
            alone.run(backend);
            assertEquals(Files.readString(alone.folder().resolve("results.csv")), Files.readString(penalties.folder().resolve("results.csv")));
        }
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
