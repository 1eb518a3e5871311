package org.netgeom.train;

/**
 * One line of metrics.csv. Train loss/accuracy are means over the steps since the previous
 * row; test values are NaN when the test set was not evaluated for this row.
 */
public record MetricsRow(long step, double epoch, long samples, double trainLoss, double trainAccuracy,
                         double testLoss, double testAccuracy, double learningRate, double seconds,
                         double samplesPerSecond) {
    public static final String CSV_HEADER =
            "step,epoch,samples,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds,samples_per_second";
}
