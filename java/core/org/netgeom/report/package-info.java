/**
 * What the experiments write beside their numbers: {@link org.netgeom.report.Provenance} (which
 * netgeom, Java, machine, backend, device, command and seed produced a result), summary
 * {@link org.netgeom.report.Statistics}, and figures as data ({@link org.netgeom.report.Series},
 * {@link org.netgeom.report.BandSeries}, {@link org.netgeom.report.ChartStyle}) that
 * {@link org.netgeom.report.Plots} hands to the {@link org.netgeom.report.ChartRenderer} a front
 * end registers with ServiceLoader; without one the figures are skipped. In the one-way import
 * order {@code data -> model -> training -> measurement -> experiments -> cli} it serves the
 * experiments and the CLI from beside the ground floor: it imports only {@code io} and
 * {@code tensor}.
 */
package org.netgeom.report;
