package org.netgeom.cli;

import picocli.CommandLine.Option;
import org.netgeom.report.FigureFormat;

/**
 * The figure format every command that draws figures shares. It only changes how results are
 * shown, so it is not among a folder's settings (org.netgeom.io.CommandOptions#SCHEDULING): a run may
 * resume another's results in another format, and redraws the figures in its own.
 */
final class FigureArguments {
    @Option(names = "--format", defaultValue = "png", paramLabel = "png|svg",
            description = "Format of the figures: png, or svg to scale without blurring (default: ${DEFAULT-VALUE}).")
    String format;

    FigureFormat figures() { return FigureFormat.parse(format); }
}
