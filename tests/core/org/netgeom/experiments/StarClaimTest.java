package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.io.CsvTable;

/** The star-domain claim rule on constructed numbers (issue 16). */
class StarClaimTest {
    @TempDir Path dir;

    /** A width whose star is at {@code star}, the anchors at {@code anchor}, held-out pairs at 0.4; accuracy star vs sources 0.85. */
    private static StarClaim.Width width(int width, double star, double anchor, double starAccuracy) {
        return new StarClaim.Width(width, star, anchor, 0.4, 0.02, starAccuracy, 0.01, 0.85, Map.of());
    }

    @Test
    void holdsWhenTheStarHalvesTheAnchorBarrierAtTheSourcesAccuracy() {
        StarClaim.Verdict verdict = StarClaim.judge(List.of(width(16, 0.10, 0.30, 0.85), width(32, 0.06, 0.19, 0.845)),
                StarClaim.Width::anchorToHeldOut);
        assertEquals("yes", verdict.holds());
        assertEquals(2, verdict.judged());
    }

    @Test
    void failsWhereTheRatioExceedsOneHalf() {
        StarClaim.Verdict verdict = StarClaim.judge(List.of(width(16, 0.10, 0.30, 0.85), width(32, 0.12, 0.19, 0.85)),
                StarClaim.Width::anchorToHeldOut);
        assertEquals("partly", verdict.holds());
        assertEquals(1, verdict.held());
        assertEquals("no", StarClaim.judge(List.of(width(32, 0.12, 0.19, 0.85)), StarClaim.Width::anchorToHeldOut).holds());
    }

    @Test
    void failsWhereTheStarLosesMoreThanOneAccuracyPoint() {
        assertEquals("no", StarClaim.judge(List.of(width(16, 0.05, 0.30, 0.835)), StarClaim.Width::anchorToHeldOut).holds(),
                "1.5 points below the sources");
        assertEquals("yes", StarClaim.judge(List.of(width(16, 0.05, 0.30, 0.87)), StarClaim.Width::anchorToHeldOut).holds(),
                "above the sources is fine");
    }

    @Test
    void widthsWhoseReferenceBarrierIsBelowFivePercentAreNotJudged() {
        StarClaim.Verdict verdict = StarClaim.judge(List.of(width(64, 0.04, 0.049, 0.70), width(16, 0.10, 0.30, 0.85)),
                StarClaim.Width::anchorToHeldOut);
        assertEquals(1, verdict.judged());
        assertEquals("yes", verdict.holds(), "width 64 would fail on both counts, but its anchor barrier is below 0.05");
        assertEquals("untested", StarClaim.judge(List.of(width(64, 0.04, 0.049, 0.85)), StarClaim.Width::anchorToHeldOut).holds());
    }

    @Test
    void theOurComparisonJudgesAgainstHeldOutPairs() {
        // Star 0.25 is above half the pairs' 0.4 but below half the anchors' 0.6.
        assertEquals("yes", StarClaim.judge(List.of(width(16, 0.15, 0.30, 0.85)), StarClaim.Width::heldOutPairs).holds());
        assertEquals("no", StarClaim.judge(List.of(width(16, 0.25, 0.60, 0.85)), StarClaim.Width::heldOutPairs).holds());
        assertEquals("yes", StarClaim.judge(List.of(width(16, 0.25, 0.60, 0.85)), StarClaim.Width::anchorToHeldOut).holds());
    }

    @Test
    void claimsAndTableReadTheSummaryWithThePapersNumbersBeside() {
        CsvTable summary = new CsvTable(StarStudy.SUMMARY_COLUMNS.toArray(String[]::new));
        Object[][] rows = {
            {"star_to_held_out", "train", "random", true, 0.06}, {"anchor_to_held_out", "train", "random", true, 0.20},
            {"held_out_pairs", "train", "random", true, 0.25}, {"star_to_source", "train", "random", true, 0.05},
            {"anchor_to_held_out", "test", "random", true, 0.90}, {"star_to_held_out", "train", "source-average", false, 0.03}};
        for (Object[] r : rows) {
            summary.addRow(32, 1, r[0], true, 3, r[4], 0.01, 0.02, 0.01, r[3].equals(true) ? 0.84 : 0.83, r[1], r[2], r[3], 0.01,
                    0.005, 0.845, 0.006, 0.84);
        }
        summary.write(dir.resolve("summary.csv"));

        List<ReproductionReport.Claim> claims = StarClaim.claims(dir);
        assertEquals(2, claims.size());
        assertEquals("yes", claims.get(0).holds(), claims.get(0).measured());
        assertEquals(0.30, claims.get(0).numbers().get("w32_ratio_to_anchor"), 1e-12, "train split only: the test row is not read");
        assertEquals(0.03, claims.get(0).numbers().get("w32_source_average_star_to_held_out_aligned"), 1e-12);
        assertEquals(0.193, claims.get(0).numbers().get("w32_paper_anchor_to_held_out"), 1e-12);
        String table = StarClaim.table(dir);
        assertTrue(table.contains("| 32 | 0.060 | 0.200 | 0.30 | 0.250 | 0.24 |"), table);
        assertTrue(table.contains("0.063 / 0.193 (33%)"), table);
    }
}
