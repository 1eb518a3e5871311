package org.netgeom.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.report.BandSeries;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.Plots;
import org.netgeom.report.Series;
import org.netgeom.tensor.InvalidInputException;
import org.w3c.dom.Element;

/** A target ending in .svg gets a vector figure: well-formed, of the requested size, its names as text. */
class SvgFigureTest {
    @TempDir Path folder;

    @Test
    void anSvgTargetIsAnSvgOfTheRequestedSizeNamingEverySeries() throws IOException {
        Path file = folder.resolve("plots/loss.svg");
        double[] epochs = {1, 2, 3, 4};
        Plots.lineChart(file, ChartStyle.of("Loss", "epoch", "cross-entropy").withSize(640, 400),
                List.of(new Series("train", epochs, new double[] {1, 0.5, 0.3, 0.2}),
                        new Series("test", epochs, new double[] {1.1, 0.7, 0.6, 0.6})));

        Element root = SvgFigures.parse(file).getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("0 0 640 400", root.getAttribute("viewBox"));
        List<String> texts = SvgFigures.textContents(file);
        assertTrue(texts.contains("train") && texts.contains("test"), "the legend names both series: " + texts);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "written atomically: no temporary file is left");
        }
    }

    @Test
    void aTwinAxisChartAndPanelsAreSvgsToo() throws IOException {
        double[] ratio = {0.5, 1, 2};
        Path twin = folder.resolve("twin_peaks.svg");
        Plots.twinAxisChart(twin, ChartStyle.of("Twin peaks", "p/n", "error").withLogX(), "BMD",
                List.of(new BandSeries("test error", ratio, new double[] {0.3, 0.5, 0.2}, new double[] {0.01, 0.05, 0.02})),
                List.of(new BandSeries("BMD", ratio, new double[] {1.2, 2.0, 1.4}, new double[] {0.1, 0.2, 0.1})));
        assertTrue(SvgFigures.textContents(twin).containsAll(List.of("test error", "BMD", "0.5", "1", "2")));

        Path panels = folder.resolve("embedding.svg");
        Plots.scatterPanels(panels, List.of(ChartStyle.of("1 vs 2", "x", "y").withSize(400, 400),
                        ChartStyle.of("1 vs 3", "x", "z").withSize(400, 400)),
                List.of(List.of(new Series("run", new double[] {0, 1, 2}, new double[] {0, 1, 0}),
                                new Series("truth", new double[] {3}, new double[] {3})),
                        List.of(new Series("run", new double[] {0, 1, 2}, new double[] {1, 0, 1}),
                                new Series("truth", new double[] {3}, new double[] {-1}))), 12);
        assertEquals("0 0 800 400", SvgFigures.parse(panels).getDocumentElement().getAttribute("viewBox"));
        assertEquals(3, SvgFigures.textContents(panels).stream().filter("truth"::equals).count(),
                "the reference point is labelled in both panels and named once in the legend");
    }

    @Test
    void aHeatmapIsAnSvgWithItsTitle() throws IOException {
        Path file = folder.resolve("influence.svg");
        Plots.heatmap(file, "Inf_i / Var", new double[][] {{0, 1}, {2, 3}}, 300, 240);
        assertEquals("0 0 300 240", SvgFigures.parse(file).getDocumentElement().getAttribute("viewBox"));
        assertTrue(SvgFigures.textContents(file).contains("Inf_i / Var"));
    }

    @Test
    void aTargetOfAnotherFormatIsRefusedAndNothingIsWritten() {
        Path file = folder.resolve("loss.jpg");
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> Plots.lineChart(file,
                ChartStyle.of("t", "x", "y"), List.of(new Series("s", new double[] {1, 2}, new double[] {1, 2}))));
        assertTrue(failure.getMessage().contains(".png or .svg"), failure.getMessage());
        assertFalse(Files.exists(file));
    }
}
