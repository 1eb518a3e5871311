package org.netgeom.train;

import org.netgeom.nn.Loss;
import org.netgeom.tensor.InvalidInputException;

/**
 * What a training run does. {@code logEverySteps} is how often loss and accuracy are read back
 * from the device (the only synchronization in the loop); epochs always end with a log.
 */
public record TrainConfig(int epochs, int batchSize, long seed, Loss loss, OptimizerConfig optimizer,
                          LearningRateSchedule schedule, int logEverySteps) {
    public TrainConfig {
        if (epochs < 1 || epochs > 1_000_000) throw new InvalidInputException("epochs must be in [1, 1000000], got " + epochs);
        if (batchSize < 1 || batchSize > 1 << 24) {
            throw new InvalidInputException("batch size must be in [1, 16777216], got " + batchSize);
        }
        if (logEverySteps < 1) throw new InvalidInputException("log interval must be >= 1 step, got " + logEverySteps);
    }
}
