package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;

class ShardTest {
    @Test
    void parsesIndexSlashCount() {
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        assertEquals(new Shard(0, 1), Shard.parse(" 0 / 1 "));
    }

    @Test
    void aBadShardSaysTheFormAndWhatIsWrong() {
        for (String[] bad : new String[][] {{"3/3", "I must be in 0..2"}, {"-1/3", "I must be in 0..2"}, {"1", "no '/'"},
                {"a/b", "whole numbers"}, {"0/0", "N must be >= 1"}, {"", "no '/'"}}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Shard.parse(bad[0]));
            assertTrue(e.getMessage().startsWith("a shard is written I/N with 0 <= I < N"), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void theShardsOfASweepOwnEveryItemExactlyOnce() {
        List<Integer> items = List.of(10, 11, 12, 13, 14, 15, 16);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) seen.addAll(new Shard(i, 3).select(items));
        assertEquals(List.of(10, 13, 16, 11, 14, 12, 15), seen, "shard I takes positions I, I+N, ...");
        assertEquals(List.of(), new Shard(5, 9).select(List.of(1, 2)), "more shards than items: some have none");
    }

    @Test
    void aShardWritesIntoItsFolderUnderShards() {
        assertEquals(Path.of("out/shards/4"), new Shard(4, 5).folder(Path.of("out")));
    }
}
