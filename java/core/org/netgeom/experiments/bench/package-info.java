/**
 * The throughput benchmarks behind {@code netgeom bench}: GEMM, MLP training, Monte Carlo BMD,
 * ridge fits, barrier curves with weight matching, and Bhattacharyya distance matrices, each timed
 * over repetitions after an untimed warm-up and summarized ({@link
 * org.netgeom.experiments.bench.BenchmarkSummary}) as the scripts in bench/pytorch time PyTorch.
 * Measured numbers are in docs/BENCHMARKS.md. Part of the experiments step of the one-way import
 * order {@code data -> model -> training -> measurement -> experiments -> cli}: it imports the
 * packages below it and {@code experiments}; the CLI's {@code bench} command calls it.
 */
package org.netgeom.experiments.bench;
