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
        if (distribution == null) throw new InvalidInputException("a BMD estimate needs an input distribution");
        if (readout == null) throw new InvalidInputException("a BMD estimate needs a readout");
        if (samples < 2) {
            throw new InvalidInputException("samples must be >= 2 (the variance needs two points), got " + samples
                    + "; use 1000 or so");
        }
        if (rowsPerCall < 1 || rowsPerCall > MAX_ROWS_PER_CALL) {
            throw new InvalidInputException("rows per model call must be in [1, " + MAX_ROWS_PER_CALL + "], got " + rowsPerCall);
        }
    }

    public static BmdSettings of(InputDistribution distribution, int samples, long seed) {
        return new BmdSettings(distribution, Readout.vector(), samples, seed, DEFAULT_ROWS_PER_CALL);
    }

    public BmdSettings withReadout(Readout newReadout) {
        return new BmdSettings(distribution, newReadout, samples, seed, rowsPerCall);
    }

    public BmdSettings withRowsPerCall(int rows) {
        return new BmdSettings(distribution, readout, samples, seed, rows);
    }
}
