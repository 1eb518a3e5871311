package org.netgeom.data;

/**
 * The Philox stream numbers the data package draws from. They start at 2^40 so that under
 * one seed they never coincide with the model's initialization streams (0, 1, 2, ...) or the
 * trainer's shuffling streams (1000 + epoch, from epoch 6001 on 7 * 2^40 + epoch): a student
 * must not start from its teacher's weights, nor a split correlate with the initialization.
 */
public final class DataStreams {
    public static final long BASE = 1L << 40;
    /** Teacher weights (linear/sign w, or the MLP teacher's first layer). */
    public static final long TEACHER_WEIGHTS = BASE;
    /** The MLP teacher's second layer. */
    public static final long TEACHER_OUTPUT_WEIGHTS = BASE + 1;
    public static final long TRAIN_INPUTS = BASE + 2;
    public static final long TRAIN_NOISE = BASE + 3;
    public static final long TEST_INPUTS = BASE + 4;
    public static final long TEST_NOISE = BASE + 5;
    /** The permutation that splits a file data set without a test set into train and test. */
    public static final long HOLDOUT_SPLIT = BASE + 6;
    /** Label noise on the training split of a file data set: two draws per example (flip?, to which class). */
    public static final long LABEL_NOISE = BASE + 7;

    private DataStreams() {}
}
