package org.netgeom.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PhiloxTest {
    private static final int COUNT = 200_000;

    /** Known-answer vectors of philox4x32-10 from the Random123 distribution (kat_vectors). */
    @Test
    void blockMatchesRandom123KnownAnswers() {
        assertBlock(new int[] {0, 0, 0, 0}, new int[] {0, 0},
                new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
        assertBlock(new int[] {-1, -1, -1, -1}, new int[] {-1, -1},
                new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
        assertBlock(new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, new int[] {0xa4093822, 0x299f31d0},
                new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
    }

    private static void assertBlock(int[] counter, int[] key, int[] expected) {
        int[] out = new int[4];
        Philox.block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
        assertArrayEquals(expected, out, () -> "got " + Arrays.stream(out).mapToObj(Integer::toHexString).toList());
    }

    @Test
    void uniformFillHasUniformMoments() {
        float[] values = new float[COUNT];
        Philox.fillUniform(values, 0, COUNT, 42, 0, -2f, 3f);
        double mean = 0, squares = 0;
        for (float v : values) {
            assertTrue(v >= -2f && v < 3f, "value " + v + " outside [-2, 3)");
            mean += v / (double) COUNT;
        }
        for (float v : values) squares += (v - mean) * (v - mean) / COUNT;
        // Uniform(-2, 3): mean 0.5, variance 25/12; standard errors are 0.003 and 0.005.
        assertEquals(0.5, mean, 0.02);
        assertEquals(25.0 / 12, squares, 0.03);
    }

    @Test
    void normalFillHasNormalMoments() {
        float[] values = new float[COUNT];
        Philox.fillNormal(values, 0, COUNT, 42, 1, 1.5f, 2f);
        double mean = 0, variance = 0, fourth = 0;
        for (float v : values) mean += v / (double) COUNT;
        for (float v : values) {
            double d = (v - mean) / 2;
            variance += d * d / COUNT;
            fourth += d * d * d * d / COUNT;
        }
        // Normal(1.5, 2): standardized variance 1 and kurtosis 3; standard errors 0.005, 0.003 and 0.02.
        assertEquals(1.5, mean, 0.03);
        assertEquals(1.0, variance, 0.02);
        assertEquals(3.0, fourth, 0.1);
    }

    @Test
    void fillElementIMatchesSingleElementFormula() {
        float[] uniform = new float[11], normal = new float[11];
        Philox.fillUniform(uniform, 0, 11, 7, 3, 0f, 1f);
        Philox.fillNormal(normal, 0, 11, 7, 3, 0f, 1f);
        for (int i = 0; i < 11; i++) {
            assertEquals(Philox.uniform(7, 3, i, 0f, 1f), uniform[i], "uniform element " + i);
            assertEquals(Philox.normal(7, 3, i, 0f, 1f), normal[i], "normal element " + i);
        }
    }

    @Test
    void differentStreamsAndSeedsGiveDifferentNumbers() {
        float[] base = fill(5, 0), otherStream = fill(5, 1), otherSeed = fill(6, 0), highStream = fill(5, 1L << 32);
        for (float[] other : new float[][] {otherStream, otherSeed, highStream}) {
            int equal = 0;
            for (int i = 0; i < base.length; i++) if (base[i] == other[i]) equal++;
            assertTrue(equal < 5, equal + " of " + base.length + " values coincide");
        }
        assertArrayEquals(base, fill(5, 0), "the same seed and stream repeat");
    }

    private static float[] fill(long seed, long stream) {
        float[] values = new float[1000];
        Philox.fillUniform(values, 0, values.length, seed, stream, 0f, 1f);
        return values;
    }

    @Test
    void permutationIsAPermutationThatDependsOnTheStream() {
        int[] perm = Philox.permutation(10_001, 9, 2);
        int[] sorted = perm.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i], "value " + i + " appears once");
        int fixedPoints = 0;
        for (int i = 0; i < perm.length; i++) if (perm[i] == i) fixedPoints++;
        assertTrue(fixedPoints < 10, fixedPoints + " fixed points: not shuffled");
        assertNotEquals(Arrays.toString(perm), Arrays.toString(Philox.permutation(10_001, 9, 3)));
    }
}
