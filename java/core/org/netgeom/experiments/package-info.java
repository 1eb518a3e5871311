/**
 * The papers' experiments and sweeps as code, the step between the measurements and the CLI in the
 * one-way import order {@code data -> model -> training -> measurement -> experiments -> cli}:
 * training runs, model zoos, the double-descent sweep, Starlight runs and the star study,
 * trajectory sweeps and their analysis, the symmetry study, and {@code netgeom reproduce} with its
 * report; the benchmarks are in {@code experiments.bench}. Each writes a results folder (CSV, JSON,
 * figures, provenance). It imports every package below it ({@code data}, {@code nn}, {@code train},
 * the four measurements, {@code report}, {@code io}, {@code tensor}, and {@code backend} for the
 * BackendOptions reproduce's plan records); each CLI command parses its options and calls one entry
 * point here. Definitions as implemented: docs/methods/bmd.md (double-descent sweep, adversarial
 * initialization), docs/methods/star.md (zoo, star study), docs/methods/trajectory.md (trajectory
 * sweep) and docs/methods/symmetry.md (symmetry study).
 */
package org.netgeom.experiments;
