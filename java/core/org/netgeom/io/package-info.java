/**
 * The ground floor's file side: atomic writes ({@link org.netgeom.io.AtomicFiles}), CSV and JSON
 * output, the output folder a run holds for its whole length (lock, settings record, staged commit
 * of results: {@link org.netgeom.io.OutputFolder}), heap checks before large allocations, and
 * progress reporting ({@link org.netgeom.io.Progress}; a bar when a front end registers a
 * {@link org.netgeom.io.ProgressBarProvider}). In the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli} it sits at the bottom with
 * {@code tensor}: it imports only {@code tensor}, and every package above may import it.
 */
package org.netgeom.io;
