package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.BackendOptions;
import org.netgeom.io.CsvTable;
import org.netgeom.report.FigureFormat;
import org.netgeom.tensor.InvalidInputException;

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

    @Test
    void everyScaleChoosesTheOptimalPenaltyByClassificationErrorOnAValidationSetAsLargeAsTheTestSet() {
        Reproduction.Common common = new Reproduction.Common(BackendOptions.cpu(), "quiet", null, FigureFormat.PNG);
        int sweeps = 0;
        for (Reproduction.Scale scale : Reproduction.Scale.values()) {
            for (Reproduction.Stage stage : Reproduction.plan(scale, Path.of("out"), common, List.of(Reproduction.Experiment.TWIN_PEAKS))) {
                for (ReproductionStep step : stage.steps()) {
                    if (!(step instanceof ReproductionStep.DoubleDescentSweep sweep)) continue;
                    List<String> words = sweep.arguments();
                    assertEquals("error", words.get(words.indexOf("--lambda-criterion") + 1), scale + ": " + words);
                    assertEquals(words.get(words.indexOf("--test-size") + 1), words.get(words.indexOf("--validation-size") + 1),
                            scale + ": " + words);
                    sweeps++;
                }
            }
        }
        assertTrue(sweeps >= Reproduction.Scale.values().length, "every scale plans a random-features sweep, found " + sweeps);
    }

    @Test
    void theReportReadsTheOptimalRowsWhicheverCriterionChoseThem() {
        CsvTable rows = new CsvTable(DoubleDescent.COLUMNS);
        rows.addRow("rf", 10, 0.25, 1e-6, 1, 0.0, 0.4, 0.0, 0.0, 1.5, 0.01, "1.0E-6", "standard", "uniform", 40, Double.NaN, Double.NaN);
        assertThrows(InvalidInputException.class, () -> ReproductionReport.optimalMode(rows), "no optimal rows: the report cannot judge");
        rows.addRow("rf", 10, 0.25, 0.1, 1, 0.0, 0.3, 0.0, 0.0, 1.2, 0.01, "optimal-error", "standard", "uniform", 40, Double.NaN, Double.NaN);
        assertEquals("optimal-error", ReproductionReport.optimalMode(rows));
        CsvTable older = new CsvTable(DoubleDescent.COLUMNS);
        older.addRow("rf", 10, 0.25, 0.2, 1, 0.0, 0.3, 0.0, 0.0, 1.2, 0.01, "optimal", "standard", "uniform", 40, Double.NaN, Double.NaN);
        assertEquals("optimal", ReproductionReport.optimalMode(older), "runs made before the criterion changed still read");
    }
}
