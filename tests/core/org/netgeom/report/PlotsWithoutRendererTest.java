package org.netgeom.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** netgeom-core alone has no chart library: figures are refused with a reason, nothing is written. */
class PlotsWithoutRendererTest {

    @Test
    void withoutARendererAFigureIsRefusedWithTheReasonAndNoFile(@TempDir Path folder) {
        assertFalse(Plots.available(), "no ChartRenderer may be on netgeom-core's test class path");
        Path target = folder.resolve("curve.png");
        PlotUnavailableException e = assertThrows(PlotUnavailableException.class, () -> Plots.lineChart(target,
                ChartStyle.of("t", "x", "y"), List.of(new Series("s", new double[] {1, 2}, new double[] {3, 4}))));
        assertTrue(e.getMessage().contains("netgeom-cli"), e.getMessage());
        assertFalse(Files.exists(target));
    }
}
