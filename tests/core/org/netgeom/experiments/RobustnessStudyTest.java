package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.io.CsvTable;

/** The study's correlations on a hand-made table: Spearman across all rows and within each group. */
class RobustnessStudyTest {
    @Test
    void correlatesAcrossAllModelsAndWithinEachArchitecture() {
        CsvTable table = new CsvTable("model", "architecture", "bmd", "robust");
        // Across widths: higher BMD, lower robust accuracy (rho -1). Width a alone: also -1; width b: +1; width c has 2 models.
        table.addRow("m1", "a", 1.0, 0.9).addRow("m2", "a", 1.1, 0.85).addRow("m3", "a", 1.2, 0.8);
        table.addRow("m4", "b", 2.0, 0.5).addRow("m5", "b", 2.1, 0.52).addRow("m6", "b", 2.2, 0.55);
        table.addRow("m7", "c", 3.0, 0.1).addRow("m8", "c", "NaN", 0.05);
        List<RobustnessStudy.Correlation> result = RobustnessStudy.correlate(table, "bmd", List.of("robust"), "architecture", 2000, 3);
        assertEquals(List.of("all", "architecture=a", "architecture=b"), result.stream().map(RobustnessStudy.Correlation::scope).toList());
        RobustnessStudy.Correlation all = result.getFirst();
        assertEquals(7, all.test().n(), "the NaN row is left out");
        // Ranks of bmd 1..7; robust ranks (7, 6, 5, 2, 3, 4, 1): d^2 sum 104, rho = 1 - 6 * 104 / (7 * 48).
        assertEquals(1 - 624.0 / 336, all.test().rho(), 1e-12);
        assertTrue(all.test().pValue() < 0.05, "p " + all.test().pValue());
        assertEquals(-1, result.get(1).test().rho(), 1e-12);
        assertEquals(1, result.get(2).test().rho(), 1e-12);
        // Three models: 2 of 6 orderings reach |rho| = 1, p = 1/3 up to sampling.
        assertEquals(1 / 3.0, result.get(1).test().pValue(), 0.04);
    }

    @Test
    void theReflectionIndexIsRefusedBecauseTheStudyCorrelatesTheBmd() {
        org.netgeom.tensor.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.netgeom.tensor.InvalidInputException.class,
                () -> new RobustnessStudy.Settings(List.of(java.nio.file.Path.of("m")), org.netgeom.tensor.Activation.RELU, "data-reflect",
                        100, null, "auto", new int[] {4}, 10, 1, org.netgeom.io.ProgressMode.QUIET));
        assertEquals(List.of("distribution"), e.fields());
        assertTrue(e.getMessage().contains("not a BMD"), e.getMessage());
    }
}
