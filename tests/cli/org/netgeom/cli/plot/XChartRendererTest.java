package org.netgeom.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.netgeom.report.BandSeries;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.Plots;
import org.netgeom.report.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class XChartRendererTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir Path folder;

    @Test
    void imageIoWritesWithoutItsDiskCache() throws ClassNotFoundException {
        // A full disk made ImageIO's cache print a StreamCloser stack trace after netgeom's one-line error.
        Class.forName(Plots.class.getName(), true, Plots.class.getClassLoader());
        org.junit.jupiter.api.Assertions.assertFalse(javax.imageio.ImageIO.getUseCache());
    }

    @Test
    void lineChartIsAPngOfTheRequestedSize() throws IOException {
        double[] epochs = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] train = new double[epochs.length];
        double[] test = new double[epochs.length];
        for (int i = 0; i < epochs.length; i++) {
            train[i] = Math.exp(-0.4 * epochs[i]);
            test[i] = 0.1 + Math.exp(-0.3 * epochs[i]);
        }
        Path file = folder.resolve("plots/loss.png");
        Plots.lineChart(file, ChartStyle.of("Loss", "epoch", "cross-entropy").withSize(640, 400),
                List.of(new Series("train", epochs, train), new Series("test", epochs, test)));

        assertReadablePng(file, 640, 400);
    }

    @Test
    void lineChartOnLogAxesAcceptsGapsFromNaN() throws IOException {
        double[] x = {1, 10, 100, 1000};
        Path file = folder.resolve("log.png");
        Plots.lineChart(file, ChartStyle.of("spectrum", "index", "eigenvalue").withLogX().withLogY(),
                List.of(new Series("eigenvalues", x, new double[] {5, Double.NaN, 0.5, 0.05})));
        assertReadablePng(file, 800, 500);
    }

    @Test
    void scatterWithLinesDrawsOneLinePerGroup() throws IOException {
        List<String> widths = List.of("64", "256", "64", "256", "64", "256");
        double[] ratio = {0.5, 0.5, 2, 2, 1, 1};
        double[] bmd = {1.2, 1.1, 1.8, 1.6, 1.5, 1.3};
        Path file = folder.resolve("bmd.png");
        Plots.scatterWithLines(file, ChartStyle.of("BMD by width", "p/n", "BMD").withLogX(),
                Series.groupBy(widths, ratio, bmd));
        assertReadablePng(file, 800, 500);
    }

    @Test
    void twinAxisChartDrawsBothAxesWithBands() throws IOException {
        double[] ratio = {0.1, 0.3, 1, 3, 10, 30};
        double[] error = {0.40, 0.30, 0.45, 0.25, 0.18, 0.15};
        double[] errorSpread = {0.02, 0.03, 0.08, 0.03, 0.02, 0.01};
        double[] bmd = {1.1, 1.3, 2.4, 1.7, 1.4, 1.2};
        double[] bmdSpread = {0.05, 0.1, 0.3, 0.1, Double.NaN, 0.05};
        Path file = folder.resolve("double-descent.png");
        Plots.twinAxisChart(file, ChartStyle.of("Double descent", "p/n", "test error").withLogX().withSize(900, 520),
                "boolean mean dimension",
                List.of(new BandSeries("test error", ratio, error, errorSpread)),
                List.of(new BandSeries("BMD", ratio, bmd, bmdSpread)));
        assertReadablePng(file, 900, 520);
    }

    @Test
    void aLogAxisRejectsNonPositiveValuesNamingTheSeries() {
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> Plots.lineChart(folder.resolve("bad.png"), ChartStyle.of("t", "x", "y").withLogX(),
                        List.of(new Series("ridge", new double[] {0, 1}, new double[] {1, 2}))));
        assertTrue(failure.getMessage().contains("ridge"), failure.getMessage());
        assertTrue(!Files.exists(folder.resolve("bad.png")), "no file is left behind");
    }

    @Test
    void heatmapOfAnInfluenceMapHasTheRequestedSize() throws IOException {
        double[][] influence = new double[28][28];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) influence[r][c] = Math.sin(r / 4.0) * Math.cos(c / 5.0);
        }
        influence[0][0] = Double.NaN;
        Path file = folder.resolve("influence.png");
        Plots.heatmap(file, "Influence of each pixel", influence, 520, 480);
        assertReadablePng(file, 520, 480);
    }

    @Test
    void heatmapWithBothSignsShowsBothEndsOfTheDivergingScaleAndNanGrey() throws IOException {
        double[][] values = {{-2, 1}, {0.5, Double.NaN}};
        Colormap scale = Colormap.forValues(values);
        Path file = folder.resolve("signs.png");
        Plots.heatmap(file, "", values, 300, 300);

        BufferedImage image = ImageIO.read(file.toFile());
        assertTrue(scale.diverging());
        assertTrue(contains(image, scale.color(-2).getRGB()), "the most negative cell is the blue end");
        assertTrue(contains(image, scale.color(1).getRGB()), "a positive cell is drawn in its red shade");
        assertTrue(contains(image, 0xFF9E9E9E), "a NaN cell is grey");
    }

    @Test
    void heatmapOfAMatrixMatchesTheArrayVersion() throws IOException {
        double[][] values = {{0, 1, 2}, {3, 4, 5}};
        Path fromArray = folder.resolve("array.png");
        Path fromMatrix = folder.resolve("matrix.png");
        Plots.heatmap(fromArray, "m", values, 300, 240);
        Plots.heatmap(fromMatrix, "m", Matrix.of(values), 300, 240);
        BufferedImage a = ImageIO.read(fromArray.toFile());
        BufferedImage b = ImageIO.read(fromMatrix.toFile());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) assertEquals(a.getRGB(x, y), b.getRGB(x, y));
        }
    }

    @Test
    void chartSizesOutsideTheAllowedRangeAreRejected() {
        assertThrows(InvalidInputException.class, () -> ChartStyle.of("t", "x", "y").withSize(20, 400));
        assertThrows(InvalidInputException.class,
                () -> Plots.heatmap(folder.resolve("h.png"), "t", new double[][] {{1}}, 100_000, 300));
    }

    private static void assertReadablePng(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " exists");
        byte[] head = new byte[PNG_SIGNATURE.length];
        System.arraycopy(Files.readAllBytes(file), 0, head, 0, head.length);
        assertEquals(java.util.Arrays.toString(PNG_SIGNATURE), java.util.Arrays.toString(head), "PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        assertTrue(luminanceVariance(image) > 0, "the image is not blank");
    }

    private static double luminanceVariance(BufferedImage image) {
        double sum = 0;
        double sumOfSquares = 0;
        long count = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double luminance = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += luminance;
                sumOfSquares += luminance * luminance;
            }
        }
        double mean = sum / count;
        return sumOfSquares / count - mean * mean;
    }

    private static boolean contains(BufferedImage image, int argb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) | 0xFF000000) == (argb | 0xFF000000)) return true;
            }
        }
        return false;
    }
}
