package org.netgeom.train;

/**
 * The end of a run: final-epoch train loss/accuracy (means over its steps), test loss/accuracy
 * of the final model (NaN without a test set), and training throughput excluding evaluation.
 */
public record TrainingResult(long steps, long samples, double trainLoss, double trainAccuracy, double testLoss,
                             double testAccuracy, double trainingSeconds, double samplesPerSecond,
                             double totalSeconds) {
}
