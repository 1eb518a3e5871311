/**
 * The boolean mean dimension, a measurement (Demyanenko, Feinauer, Malatesta, Saglietti,
 * arXiv:2401.12610): the Monte Carlo and exact estimators, read-outs, input distributions, and
 * robustness of predictions to random input flips and to gradient attacks (FGSM, PGD, greedy sign
 * flips; {@link org.netgeom.bmd.GradientAttack}). Definitions as implemented: docs/methods/bmd.md. In the
 * one-way import order {@code data -> model -> training -> measurement -> experiments -> cli} it
 * imports the steps below it ({@code data}, {@code nn}) and the ground floor ({@code tensor},
 * {@code io}, {@code linalg}), never another measurement; {@code experiments} and the CLI call it.
 * It receives a {@link org.netgeom.tensor.Backend} and never asks which one.
 */
package org.netgeom.bmd;
