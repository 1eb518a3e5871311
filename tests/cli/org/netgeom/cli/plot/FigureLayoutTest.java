package org.netgeom.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.Plots;
import org.netgeom.report.Series;

/** What a figure shows beyond its data: the whole legend, ticks at the data, error bars, labelled points. */
class FigureLayoutTest {
    @TempDir Path folder;

    @Test
    void aLegendOfManyLongNamesWrapsIntoRowsAndTheImageGrowsToHoldEveryEntry() throws IOException {
        List<Series> series = new ArrayList<>();
        List<ChartLegend.Entry> entries = new ArrayList<>();
        double[] steps = {0, 1, 2, 3};
        for (int i = 0; i < 12; i++) {
            String name = "config " + i + ": width 1024, depth 3, adam, learning rate 0.001, seed " + i;
            series.add(new Series(name, steps, new double[] {1, 0.5 + i / 100.0, 0.3, 0.2}));
            entries.add(new ChartLegend.Entry(name, XChartRenderer.color(i), XChartRenderer.marker(i), null));
        }
        Path file = folder.resolve("loss.png");
        Plots.lineChart(file, ChartStyle.of("Loss", "step", "loss").withSize(800, 500), series);

        BufferedImage image = ImageIO.read(file.toFile());
        ChartLegend legend = new ChartLegend(entries, new XYChart(800, 500).getStyler().getLegendFont());
        int legendTop = 500 - legend.oneRowHeight();
        assertEquals(800, image.getWidth());
        assertTrue(legend.height(800) > 3 * legend.oneRowHeight() / 2, "twelve long names need several rows");
        assertEquals(legendTop + legend.height(800), image.getHeight(), "the image grew by the extra legend rows");
        List<Rectangle> boxes = legend.layout(800);
        for (int i = 0; i < boxes.size(); i++) {
            Rectangle box = boxes.get(i);
            assertTrue(box.x >= 0 && box.x + box.width <= 800, "entry " + i + " lies inside the image: " + box);
            int sampleY = legendTop + box.y + box.height / 2;
            assertEquals(XChartRenderer.color(i).getRGB(), image.getRGB(box.x + 3, sampleY),
                    "entry " + i + "'s line sample is drawn in its series' colour");
        }
        for (int y = legendTop; y < image.getHeight(); y++) {
            assertEquals(Color.WHITE.getRGB(), image.getRGB(0, y), "nothing is cut at the left edge (row " + y + ")");
            assertEquals(Color.WHITE.getRGB(), image.getRGB(799, y), "nothing is cut at the right edge (row " + y + ")");
        }
        for (int x = 0; x < 800; x++) assertEquals(Color.WHITE.getRGB(), image.getRGB(x, image.getHeight() - 1), "bottom row");
    }

    @Test
    void aSweepsLogXAxisIsLabelledAtExactlyItsWidths() throws IOException {
        double[] widths = {8, 16, 32, 64, 512};
        Path file = folder.resolve("summary.svg");
        Plots.scatterWithLines(file, ChartStyle.of("Loss barrier against width", "hidden width", "mean loss barrier").withLogX(),
                List.of(new Series("aligned", widths, new double[] {0.4, 0.3, 0.2, 0.15, 0.05}),
                        new Series("raw", widths, new double[] {0.9, 0.8, 0.7, 0.6, 0.5})));

        Map<String, SvgFigures.Text> labels = SvgFigures.texts(file).stream()
                .filter(t -> List.of("8", "16", "32", "64", "512").contains(t.content()))
                .collect(Collectors.toMap(SvgFigures.Text::content, Function.identity()));
        assertEquals(5, labels.size(), "one label per width: " + labels.keySet());
        double octave = labels.get("32").x() - labels.get("16").x();
        assertTrue(octave > 20, "labels spread along the axis");
        assertEquals(octave, labels.get("64").x() - labels.get("32").x(), 1.5, "equal steps per doubling: a log axis");
        assertEquals(3 * octave, labels.get("512").x() - labels.get("64").x(), 6, "512 is three doublings past 64");
        assertTrue(labels.get("8").x() < labels.get("16").x());
        assertEquals(1, labels.values().stream().mapToDouble(SvgFigures.Text::y).distinct().count(), "one baseline");
    }

    @Test
    void dataTicksAreTheDistinctXValuesOfASmallSharedSetOnly() {
        XYChart chart = new XYChart(400, 300);
        chart.addSeries("a", new double[] {32, 8, 16}, new double[] {1, 2, 3});
        chart.addSeries("b", new double[] {8, 64, Double.NaN}, new double[] {1, 2, 3});
        assertArrayEquals(new double[] {8, 16, 32, 64}, ChartPanel.dataTicks(chart.getSeriesMap().values()));

        XYChart scattered = new XYChart(400, 300);
        scattered.addSeries("a", new double[] {0.12, -0.5}, new double[] {1, 2});
        scattered.addSeries("b", new double[] {0.3, 1.7}, new double[] {1, 2});
        assertEquals(0, ChartPanel.dataTicks(scattered.getSeriesMap().values()).length, "no x value is shared");

        double[] curve = new double[ChartPanel.MAX_DATA_TICKS + 1];
        for (int i = 0; i < curve.length; i++) curve[i] = i;
        XYSeries longCurve = new XYChart(400, 300).addSeries("curve", curve, curve);
        assertEquals(0, ChartPanel.dataTicks(List.of(longCurve)).length, "a curve keeps XChart's round ticks");
    }

    @Test
    void tickLabelsShowWholeWidthsInFullAndRatiosToThreeDigits() {
        assertEquals("1024", ChartPanel.tickLabel(1024));
        assertEquals("0.25", ChartPanel.tickLabel(0.25));
        assertEquals("0.215", ChartPanel.tickLabel(0.21544));
        assertEquals("1.5E-7", ChartPanel.tickLabel(1.5e-7));
    }

    @Test
    void errorBarsAreDrawnAtTheirPoints() throws IOException {
        double[] x = {1, 2, 3};
        double[] y = {1.0, 1.1, 1.0};
        Path plain = folder.resolve("plain.png");
        Path withBars = folder.resolve("bars.png");
        ChartStyle style = ChartStyle.of("barrier", "width", "loss");
        Plots.scatterWithLines(plain, style, List.of(new Series("mean", x, y)));
        Plots.scatterWithLines(withBars, style, List.of(new Series("mean", x, y).withErrorBars(new double[] {0.3, 0.3, 0.3})));

        assertTrue(longestVerticalRunOfTheFirstColour(plain) < 20, "without bars nothing of the series is tall");
        assertTrue(longestVerticalRunOfTheFirstColour(withBars) > 60, "a bar spans 0.6 of a 0.8-high axis");
    }

    @Test
    void singlePointSeriesAreLabelledBesideTheirMarkerAndNamedInTheLegend() throws IOException {
        Path file = folder.resolve("accuracy_vs_metric.svg");
        List<String> arms = List.of("baseline", "dropout", "expansion K=2");
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            series.add(new Series(arms.get(i), new double[] {0.1 * (i + 1)}, new double[] {0.8 + 0.01 * i}));
        }
        Plots.scatterWithLines(file, ChartStyle.of("arms", "early replica distance", "test accuracy"), series);

        List<String> texts = SvgFigures.textContents(file);
        for (String arm : arms) {
            assertEquals(2, texts.stream().filter(arm::equals).count(), arm + " is in the legend and beside its point");
        }
    }

    @Test
    void seriesDifferInMarkerShapeAsWellAsColourForSeventySeries() {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            pairs.add(XChartRenderer.color(i).getRGB() + "/" + XChartRenderer.marker(i).getClass().getSimpleName());
        }
        assertEquals(70, pairs.stream().distinct().count());
        assertEquals(7, pairs.subList(0, 7).stream().map(p -> p.split("/")[1]).distinct().count());
    }

    /** The longest run of consecutive pixels, down any column, in (a blend of) the first series' colour. */
    private static int longestVerticalRunOfTheFirstColour(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        int longest = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            int run = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                boolean blue = (rgb & 0xFF) - ((rgb >> 16) & 0xFF) > 30; // 0x4E79A7, alone or anti-aliased on white
                run = blue ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        return longest;
    }
}
