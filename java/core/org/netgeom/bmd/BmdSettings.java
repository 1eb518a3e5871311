package org.netgeom.bmd;

import org.netgeom.tensor.InvalidInputException;

/**
 * A Monte Carlo BMD estimate's configuration: where points come from, which outputs are read,
 * how many points, the seed of the points, and how many rows (points x (d + 1)) one model call
 * carries at most. More rows per call mean larger GEMMs: good on a GPU, fine on a CPU.
 */
public record BmdSettings(InputDistribution distribution, Readout readout, int samples, long seed, int rowsPerCall) {
    /** About 8k rows per call: a few tens of MB for MNIST-sized inputs, thousands of flips per GEMM. */
    public static final int DEFAULT_ROWS_PER_CALL = 8192;
    /** 2^24: row numbers within a call travel as float32 (gatherRows), exact up to here. */
    public static final int MAX_ROWS_PER_CALL = 1 << 24;

    public BmdSettings {
        if (distribution == null) throw InvalidInputException.forField("distribution", "a BMD estimate needs an input {distribution}");
        if (readout == null) throw InvalidInputException.forField("readout", "a BMD estimate needs a {readout}");
        if (samples < 2) {
            throw InvalidInputException.forField("samples", "{samples} must be >= 2 (the variance needs two points), got "
                    + samples + "; use 1000 or so");
        }
        if (rowsPerCall < 1 || rowsPerCall > MAX_ROWS_PER_CALL) {
            throw InvalidInputException.forField("rowsPerCall", "{rowsPerCall} must be in [1, " + MAX_ROWS_PER_CALL
                    + "] (rows per model call), got " + rowsPerCall);
        }
    }

    /**
     * The CLI's defaults, for building settings field by field: uniform +-1 inputs, every output
     * read ({@link Readout#vector()}), 1000 points, seed 1, {@link #DEFAULT_ROWS_PER_CALL}.
     */
    public static BmdSettings defaults() {
        return new BmdSettings(new InputDistribution.Uniform(), Readout.vector(), 1000, 1, DEFAULT_ROWS_PER_CALL);
    }

    /** {@link #defaults()} with these points: {@code samples} of {@code distribution}, drawn with {@code seed}. */
    public static BmdSettings of(InputDistribution distribution, int samples, long seed) {
        return defaults().withDistribution(distribution).withSamples(samples).withSeed(seed);
    }

    public BmdSettings withDistribution(InputDistribution value) { return new BmdSettings(value, readout, samples, seed, rowsPerCall); }

    public BmdSettings withReadout(Readout value) { return new BmdSettings(distribution, value, samples, seed, rowsPerCall); }

    public BmdSettings withSamples(int value) { return new BmdSettings(distribution, readout, value, seed, rowsPerCall); }

    public BmdSettings withSeed(long value) { return new BmdSettings(distribution, readout, samples, value, rowsPerCall); }

    public BmdSettings withRowsPerCall(int value) { return new BmdSettings(distribution, readout, samples, seed, value); }
}
