package org.netgeom.star;

/**
 * The Philox stream numbers the star package draws from (docs/methods/star.md, Seeds).
 * They lie in a range of their own, from 5 * 2^40: under one seed they never coincide with the
 * models' initialization streams (0, 1, 2, ...), the trainer's shuffling (1000 + epoch, from
 * epoch 6001 on 7 * 2^40 + epoch), the random labels of adversarial initialization (7001),
 * dropout (2^32 and 2^33 up), the data (2^40 up, 2^41 up), the BMD's points (3 * 2^40 up), the
 * robustness flips (2^42 up), permutation tests (6 * 2^40 up) or augmentation (2^43 up);
 * docs/RELIABILITY.md has the whole map.
 * Weight matching drew from 7000 + round before 2026-12-01, so under one seed its round 1
 * reused the random labels' stream 7001; Starlight drew from 9100, which a run of 8100
 * epochs would have shuffled with. Permutation tests drew from 5 * 2^40 + i until the same day,
 * so permutation i reused weight matching round i's stream.
 */
public final class StarStreams {
    /** The first stream of the range. */
    public static final long BASE = 5L << 40;
    /** Weight matching's layer visiting order in round r (r below 2^31): this + r. */
    public static final long WEIGHT_MATCHING_ORDER_BASE = BASE;
    /** Starlight's (source, t) draws: one stream, the step as the counter. */
    public static final long STARLIGHT_DRAWS = BASE + (1L << 32);
    /** One past the last stream of the range. */
    public static final long END = BASE + (1L << 33);

    private StarStreams() {}
}
