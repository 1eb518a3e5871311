package org.netgeom.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartDataTest {

    @Test
    void groupByKeepsFirstAppearanceOrderAndSortsEachGroupByX() {
        List<Series> groups = Series.groupBy(List.of("b", "a", "b", "a", "b"),
                new double[] {3, 2, 1, 1, 2}, new double[] {30, 20, 10, 11, 21});
        assertEquals(2, groups.size());
        assertEquals("b", groups.get(0).name());
        assertArrayEquals(new double[] {1, 2, 3}, groups.get(0).x());
        assertArrayEquals(new double[] {10, 21, 30}, groups.get(0).y());
        assertEquals("a", groups.get(1).name());
        assertArrayEquals(new double[] {1, 2}, groups.get(1).x());
        assertArrayEquals(new double[] {11, 20}, groups.get(1).y());
    }

    @Test
    void groupByCarriesEachPointsErrorBarIntoItsGroup() {
        List<Series> groups = Series.groupBy(List.of("b", "a", "b"), new double[] {2, 1, 1}, new double[] {20, 10, 11},
                new double[] {0.2, 0.1, Double.NaN});
        assertArrayEquals(new double[] {Double.NaN, 0.2}, groups.get(0).errorBars(), "NaN means no bar at that point");
        assertArrayEquals(new double[] {0.1}, groups.get(1).errorBars());
        assertFalse(Series.groupBy(List.of("a"), new double[] {1}, new double[] {2}).get(0).hasErrorBars());
    }

    @Test
    void negativeOrMismatchedErrorBarsAreRejected() {
        Series series = new Series("s", new double[] {1, 2}, new double[] {3, 4});
        assertThrows(IllegalArgumentException.class, () -> series.withErrorBars(new double[] {0.1, -0.1}));
        assertThrows(IllegalArgumentException.class, () -> series.withErrorBars(new double[] {0.1}));
        assertTrue(series.withErrorBars(new double[] {0.1, 0.2}).hasErrorBars());
    }

    @Test
    void seriesCopyTheirArrays() {
        double[] y = {1, 2};
        Series series = new Series("s", new double[] {0, 1}, y);
        y[0] = 99;
        assertEquals(1.0, series.y()[0]);
    }

    @Test
    void bandPolygonRunsAlongTheUpperEdgeThenBackAlongTheLowerSkippingNaN() {
        double[] x = {1, 2, 3, 4};
        double[] mean = {10, 20, Double.NaN, 40};
        double[] spread = {1, 2, 3, 4};
        BandSeries band = new BandSeries("b", x, mean, spread);

        double[][] polygon = band.bandPolygon();

        int[] kept = {0, 1, 3};
        int n = kept.length;
        double[] expectedX = new double[2 * n];
        double[] expectedY = new double[2 * n];
        for (int k = 0; k < n; k++) {
            expectedX[k] = x[kept[k]];
            expectedY[k] = mean[kept[k]] + spread[kept[k]];
            expectedX[2 * n - 1 - k] = x[kept[k]];
            expectedY[2 * n - 1 - k] = mean[kept[k]] - spread[kept[k]];
        }
        assertArrayEquals(expectedX, polygon[0]);
        assertArrayEquals(expectedY, polygon[1]);
    }

    @Test
    void negativeSpreadAndMismatchedLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new BandSeries("b", new double[] {1}, new double[] {1}, new double[] {-1}));
        assertThrows(IllegalArgumentException.class,
                () -> new Series("s", new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Series(" ", new double[] {1}, new double[] {1}));
    }
}
