package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.star.StarStreams;

/** Under one seed, weight matching and Starlight never reuse the random bits other draws use. */
class StarStreamsTest {
    private static boolean inStarRange(long stream) { return stream >= StarStreams.BASE && stream < StarStreams.END; }

    @Test
    void randomLabelsStreamIsOutsideTheStarRange() {
        assertFalse(inStarRange(AdversarialInitialization.LABEL_STREAM),
                "random labels' stream " + AdversarialInitialization.LABEL_STREAM + " is in the star range");
        long lastRound = StarStreams.WEIGHT_MATCHING_ORDER_BASE + Integer.MAX_VALUE;
        assertTrue(AdversarialInitialization.LABEL_STREAM < StarStreams.WEIGHT_MATCHING_ORDER_BASE
                || AdversarialInitialization.LABEL_STREAM > lastRound, "weight matching's rounds reach the random labels' stream");
    }

    @Test
    void weightMatchingRoundsAndStarlightDrawsDoNotOverlap() {
        long lastRound = StarStreams.WEIGHT_MATCHING_ORDER_BASE + Integer.MAX_VALUE;
        assertTrue(StarStreams.STARLIGHT_DRAWS > lastRound, "Starlight's draws fall among weight matching's rounds");
        assertTrue(inStarRange(StarStreams.WEIGHT_MATCHING_ORDER_BASE) && inStarRange(lastRound)
                && inStarRange(StarStreams.STARLIGHT_DRAWS), "every star stream lies in the declared range");
    }

    @Test
    void bmdPointsAndRobustnessFlipsStayBelowTheStarRange() {
        // Points are 3 * 2^40 + p and flips 2^42 + e, p and e counts of examples (far below 2^40).
        assertTrue(InputDistribution.POINT_STREAM_BASE + (1L << 40) <= StarStreams.BASE, "BMD points reach the star range");
        assertTrue((1L << 42) + (1L << 40) <= StarStreams.BASE, "robustness flips reach the star range");
    }
}
