package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.BackendOptions;
import org.netgeom.report.FigureFormat;

/** How a sharded reproduction deals out its steps: no computing, only the plan. */
class ReproductionShardsTest {
    private static final Path OUT = Path.of("/runs/reproduce");
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
                "star", "trajectory shard 0/3", "trajectory shard 1/3", "trajectory shard 2/3", "symmetry shard 0/3", "symmetry shard 1/3",
                "symmetry shard 2/3"), items);
    }

    @Test
    void stepsThatCannotSplitGoToDifferentShards() {
        // Full: the penalty sweep (several lambdas) and star-study run whole; the first on shard 0, the second on shard 1.
        List<Reproduction.Stage> plan = plan(Reproduction.Scale.FULL);
        List<ReproductionStep> whole = plan.stream().flatMap(s -> s.steps().stream()).filter(step -> !step.splits()).toList();
        assertEquals(List.of("double-descent", "star-study"), whole.stream().map(step -> step.arguments().getFirst()).toList());
        assertEquals(0, ReproductionShards.owner(plan, whole.get(0), 3));
        assertEquals(1, ReproductionShards.owner(plan, whole.get(1), 3));
        assertEquals(0, ReproductionShards.owner(plan, whole.get(1), 1), "one shard does everything");
        assertTrue(ReproductionShards.owned(plan, OUT, new Shard(1, 3)).contains("star"));
        assertFalse(ReproductionShards.owned(plan, OUT, new Shard(2, 3)).contains("star"));
    }

    @Test
    void aStepThatCannotSplitRefusesAShard() {
        ReproductionStep star = plan(Reproduction.Scale.TINY).get(1).steps().getFirst();
        assertFalse(star.splits());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> star.arguments(new Shard(0, 2)));
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
