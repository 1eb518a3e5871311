/**
 * Training trajectories in prediction space, a measurement (Mao et al., PNAS 121(12) e2310002121,
 * 2024, arXiv:2305.01604): prediction points, Bhattacharyya distances, InPCA and explained stress,
 * the ignorance-to-truth geodesic, and distances between trajectories. Definitions as implemented:
 * docs/methods/trajectory.md. In the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli} it imports {@code train}
 * (its PredictionSnapshots is the training callback that saves the prediction points), {@code nn},
 * {@code data}, {@code io} and {@code tensor}, never another measurement; {@code experiments} and
 * the CLI call it.
 */
package org.netgeom.trajectory;
