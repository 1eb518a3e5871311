package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.io.CsvTable;
import org.netgeom.report.Series;

class StarStudySummaryTest {

    @Test
    void theSummaryFigureHasOneLinePerKindWithTheStandardDeviationAsErrorBars() {
        CsvTable summary = new CsvTable("width", "depth", "kind", "aligned", "count", "barrier_loss_mean", "barrier_loss_sd",
                "barrier_error_mean", "barrier_error_sd", "star_test_accuracy");
        summary.addRow(16, 1, "held_out_pairs", true, 10, 0.30, 0.05, 0.1, 0.01, 0.8);
        summary.addRow(16, 1, "star_to_held_out", true, 5, 0.10, 0.02, 0.05, 0.01, 0.8);
        summary.addRow(8, 1, "held_out_pairs", true, 10, 0.50, 0.07, 0.2, 0.02, 0.7);

        List<Series> series = StarStudy.summarySeries(summary);

        assertEquals(List.of("held out pairs (aligned)", "star to held out (aligned)"), series.stream().map(Series::name).toList());
        Series pairs = series.get(0);
        assertArrayEquals(new double[] {8, 16}, pairs.x(), "sorted by width");
        assertArrayEquals(new double[] {0.50, 0.30}, pairs.y());
        assertArrayEquals(new double[] {0.07, 0.05}, pairs.errorBars(), "barrier_loss_sd, point by point");
    }
}
