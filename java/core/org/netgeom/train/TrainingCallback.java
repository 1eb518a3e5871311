package org.netgeom.train;

/**
 * Hooks into a training run: metrics rows, checkpoints, prediction snapshots, progress. All
 * methods run on the training thread between steps, so anything they read is consistent.
 */
public interface TrainingCallback {
    default void onStart(TrainingContext context) {}

    /** After every optimizer step; must be cheap unless it acts (check the step first). */
    default void afterStep(TrainingContext context) {}

    /** Each time metrics are read back (every log interval and at each epoch's end). */
    default void onMetrics(TrainingContext context, MetricsRow row) {}

    default void onEpochEnd(TrainingContext context, MetricsRow row) {}

    default void onEnd(TrainingContext context, TrainingResult result) {}
}
