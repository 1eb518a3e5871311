package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netgeom.io.CsvTable;

/** The optimal-penalty rule of spec bmd.md section 3: test error monotone within noise, BMD with an interior maximum. */
class TwinPeaksRuleTest {
    /** Three seeds per width; bmd[i] +- jitter, test error as given, no spread in it. */
    private static TwinPeaks.Summary summary(double[] bmd, double jitter, double[] testError) {
        CsvTable table = new CsvTable(DoubleDescent.COLUMNS);
        int[] widths = {10, 20, 40, 80, 160};
        for (int i = 0; i < widths.length; i++) {
            for (int seed = 1; seed <= 3; seed++) {
                double value = bmd[i] + (seed - 2) * jitter;
                table.addRow("rf", widths[i], widths[i] / 40.0, 1e-2, seed, 0.0, testError[i], 0.0, 0.0, value, 0.01, "optimal",
                        "standard", "uniform", 40, Double.NaN, Double.NaN);
            }
        }
        return TwinPeaks.summarize(table, Map.of("lambda_mode", "optimal"));
    }

    private static final double[] FALLING = {0.4, 0.35, 0.3, 0.28, 0.27};

    @Test
    void aHumpWellAboveBothEndsIsAnInteriorPeak() {
        TwinPeaks.Summary s = summary(new double[] {1.2, 1.8, 1.5, 1.3, 1.1}, 0.05, FALLING);
        assertTrue(s.hasInteriorBmdPeak(), "margin " + s.bmdPeakMargin());
        assertEquals(20, s.bmdPeak().width());
        assertTrue(s.testErrorFallsMonotonically());
        assertEquals(true, s.toMap().get("bmd_interior_peak"));
    }

    @Test
    void aPeakWithinTwoStandardErrorsOfAnEndIsNot() {
        // Seeds spread +-0.3 around means 1.2 and 1.4: the standard error of the difference is about 0.24.
        TwinPeaks.Summary s = summary(new double[] {1.2, 1.4, 1.3, 1.25, 1.1}, 0.3, FALLING);
        assertEquals(20, s.bmdPeak().width(), "still the largest mean");
        assertFalse(s.hasInteriorBmdPeak(), "margin " + s.bmdPeakMargin());
    }

    @Test
    void aMaximumAtTheGridEndIsNotInterior() {
        TwinPeaks.Summary s = summary(new double[] {2.0, 1.8, 1.5, 1.3, 1.1}, 0.01, FALLING);
        assertFalse(s.hasInteriorBmdPeak());
        assertEquals(0.0, s.bmdPeakMargin());
    }

    @Test
    void aRiseBeyondTheSeedSpreadBreaksMonotonicity() {
        TwinPeaks.Summary s = summary(new double[] {1.2, 1.8, 1.5, 1.3, 1.1}, 0.05, new double[] {0.4, 0.45, 0.3, 0.28, 0.27});
        assertFalse(s.testErrorFallsMonotonically());
        assertEquals(0.05, s.largestTestErrorRise(), 1e-12);
    }
}
