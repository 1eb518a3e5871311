package org.netgeom.train;

/**
 * Hooks into a training run: metrics rows, checkpoints, prediction snapshots, progress. All
 * methods run on the training thread between steps, so anything they read is consistent.
 */
public interface TrainingCallback {
    /** Once, before the first step (step 0: the initial model). */
    default void onStart(TrainingContext context) {}

    /** After every optimizer step; must be cheap unless it acts (check the step first). */
    default void afterStep(TrainingContext context) {}

    /** Each time metrics are read back (every log interval and at each epoch's end). */
    default void onMetrics(TrainingContext context, MetricsRow row) {}

    /** At the end of each epoch, with the epoch's last metrics row. */
    default void onEpochEnd(TrainingContext context, MetricsRow row) {}

    /** Once, after the last epoch, with the run's result. */
    default void onEnd(TrainingContext context, TrainingResult result) {}
}
