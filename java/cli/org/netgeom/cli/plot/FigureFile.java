package org.netgeom.cli.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.netgeom.io.AtomicFiles;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.PlotUnavailableException;

/**
 * Writes a figure drawn with Java 2D to its file, atomically ({@link AtomicFiles}), as a PNG
 * or an SVG by the target's extension ({@link FigureFormat#of}). Every figure is drawn once,
 * onto a white page, by the same code for both formats: a bitmap's graphics for PNG,
 * VectorGraphics2D's for SVG.
 */
final class FigureFile {
    // Headless AWT and ImageIO without its disk cache are set up where the renderer class loads
    // (XChartRenderer), before any AWT class is touched.

    private FigureFile() {}

    /** Draws a {@code width} x {@code height} figure with {@code painter} and writes it to {@code target}. */
    static void write(Path target, int width, int height, Consumer<Graphics2D> painter) {
        FigureFormat format = FigureFormat.of(target);
        drawing(() -> AtomicFiles.write(target, out -> {
            switch (format) {
                case PNG -> writePng(out, width, height, painter);
                case SVG -> writeSvg(out, width, height, painter);
            }
        }));
    }

    /** The figure as a bitmap (what a PNG holds). */
    static BufferedImage image(int width, int height, Consumer<Graphics2D> painter) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            paintOnWhite(g, width, height, painter);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void writePng(OutputStream out, int width, int height, Consumer<Graphics2D> painter) throws IOException {
        if (!ImageIO.write(image(width, height, painter), "png", out)) {
            throw new IOException("this Java runtime has no PNG writer (module java.desktop is missing)");
        }
    }

    private static void writeSvg(OutputStream out, int width, int height, Consumer<Graphics2D> painter) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paintOnWhite(g, width, height, painter);
        new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
    }

    private static void paintOnWhite(Graphics2D g, int width, int height, Consumer<Graphics2D> painter) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        painter.accept(g);
    }

    /** Runs a drawing step, turning a missing font system into {@link PlotUnavailableException}. */
    static void drawing(Runnable step) {
        try {
            step.run();
        } catch (PlotUnavailableException e) {
            throw e;
        } catch (RuntimeException | InternalError | NoClassDefFoundError | UnsatisfiedLinkError e) {
            if (isFontFailure(e)) throw new PlotUnavailableException(e);
            throw e;
        }
    }

    private static boolean isFontFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("font") || t instanceof NoClassDefFoundError && message.contains("sun/awt")) return true;
        }
        return false;
    }
}
