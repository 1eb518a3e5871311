package org.netgeom.report;

/**
 * Charts cannot be drawn on this machine: Java's font system found no fonts (a bare server
 * without fontconfig). Results are still written; callers skip the PNG with a warning.
 */
public class PlotUnavailableException extends RuntimeException {
    public PlotUnavailableException(Throwable cause) {
        super("PNG charts need fonts, and Java found none here (" + cause.getMessage()
                + "): install fontconfig and a font package (e.g. apt-get install fontconfig fonts-dejavu-core)", cause);
    }
}
