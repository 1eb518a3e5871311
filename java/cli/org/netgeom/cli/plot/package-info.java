/**
 * The figures and progress bars of netgeom-cli: {@link org.netgeom.cli.plot.XChartRenderer} (the
 * library's {@link org.netgeom.report.ChartRenderer}: XChart for axes charts, plain Java 2D for
 * heatmaps) and {@code BarProgress} (a terminal progress bar, the library's
 * {@link org.netgeom.io.ProgressBarProvider}), both registered with ServiceLoader so the library
 * finds them without naming them. Part of the {@code cli} step of the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli}: it imports only
 * {@code report}, {@code io} and {@code tensor}.
 */
package org.netgeom.cli.plot;
