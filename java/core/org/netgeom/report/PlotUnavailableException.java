package org.netgeom.report;

/**
 * Figures cannot be drawn here: no {@link ChartRenderer} is on the class path, or Java's font
 * system found no fonts (a bare server without fontconfig). Results are still written; callers
 * skip the figure with a warning.
 */
public class PlotUnavailableException extends RuntimeException {
    public PlotUnavailableException(String reason) {
        super(reason);
    }

    /** A drawing step failed for want of fonts. */
    public PlotUnavailableException(Throwable cause) {
        super("figures need fonts, and Java found none here (" + cause.getMessage()
                + "): install fontconfig and a font package (e.g. apt-get install fontconfig fonts-dejavu-core)", cause);
    }
}
