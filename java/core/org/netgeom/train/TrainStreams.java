package org.netgeom.train;

/**
 * The Philox stream numbers training draws from under its seed (docs/RELIABILITY.md,
 * Determinism, has the map of every stream netgeom uses).
 *
 * <p>Epoch e's shuffle reads stream 1000 + e while that stays below 7001, the stream of the
 * random labels adversarial initialization draws under the same seed, and 7 * 2^40 + e from epoch
 * 6001 on, a range no other draw uses. Up to 2026-12-01 every epoch read 1000 + e, so epoch 6001
 * shuffled with the random labels' bits; runs of at most 6001 epochs (e up to 6000) keep their
 * bits, later epochs of longer runs shuffle differently. Augmentation's draws of epoch e read
 * 2^43 + e.
 */
public final class TrainStreams {
    /** Epoch 0's shuffle stream; epoch e reads this + e below {@link #SHUFFLE_LOW_END}. */
    public static final long SHUFFLE_BASE = 1000;
    /** The random labels' stream (adversarial initialization), which the low shuffle streams stop short of. */
    public static final long SHUFFLE_LOW_END = 7001;
    /** From epoch {@code SHUFFLE_LOW_END - SHUFFLE_BASE} on, epoch e shuffles with stream this + e. */
    public static final long SHUFFLE_HIGH_BASE = 7L << 40;
    /** Augmentation's draws of epoch e: this + e, past dropout's, the data's, the BMD points' and the robustness flips' streams. */
    public static final long AUGMENTATION_BASE = 1L << 43;

    private TrainStreams() {}

    /** The stream of epoch {@code epoch}'s shuffle (epochs count from 0); distinct for every epoch. */
    public static long shuffle(long epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        return epoch < SHUFFLE_LOW_END - SHUFFLE_BASE ? SHUFFLE_BASE + epoch : SHUFFLE_HIGH_BASE + epoch;
    }

    /** The stream of epoch {@code epoch}'s augmentation draws. */
    public static long augmentation(long epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        return AUGMENTATION_BASE + epoch;
    }
}
