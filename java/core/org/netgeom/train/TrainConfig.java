package org.netgeom.train;

import org.netgeom.nn.Loss;
import org.netgeom.tensor.InvalidInputException;

/**
 * What a training run does. {@code logEverySteps} is how often loss and accuracy are read back
 * from the device (the only synchronization in the loop); epochs always end with a log.
 * {@code augmentation} changes training images each step (null: none; {@link Augmentation}).
 */
public record TrainConfig(int epochs, int batchSize, long seed, Loss loss, OptimizerConfig optimizer,
                          LearningRateSchedule schedule, int logEverySteps, Augmentation augmentation) {
    public TrainConfig {
        augmentation = augmentation == null ? Augmentation.none() : augmentation;
        if (epochs < 1 || epochs > 1_000_000) throw InvalidInputException.forField("epochs", "{epochs} must be in [1, 1000000], got " + epochs);
        if (batchSize < 1 || batchSize > 1 << 24) {
            throw InvalidInputException.forField("batchSize", "{batchSize} must be in [1, 16777216], got " + batchSize);
        }
        if (logEverySteps < 1) throw InvalidInputException.forField("logEverySteps", "{logEverySteps} must be >= 1, got " + logEverySteps);
    }

    /** A configuration without augmentation. */
    public TrainConfig(int epochs, int batchSize, long seed, Loss loss, OptimizerConfig optimizer, LearningRateSchedule schedule,
                       int logEverySteps) {
        this(epochs, batchSize, seed, loss, optimizer, schedule, logEverySteps, Augmentation.none());
    }

    /**
     * The CLI's defaults, for building a configuration field by field: 2 epochs, batches of 128,
     * seed 1, cross-entropy, Adam at 1e-3, a constant learning rate, a log every 100 steps.
     */
    public static TrainConfig defaults() {
        return new TrainConfig(2, 128, 1, Loss.CROSS_ENTROPY, OptimizerConfig.adam(1e-3f, 0f), LearningRateSchedule.constant(), 100);
    }

    public TrainConfig withEpochs(int value) { return new TrainConfig(value, batchSize, seed, loss, optimizer, schedule, logEverySteps, augmentation); }

    public TrainConfig withBatchSize(int value) { return new TrainConfig(epochs, value, seed, loss, optimizer, schedule, logEverySteps, augmentation); }

    public TrainConfig withSeed(long value) { return new TrainConfig(epochs, batchSize, value, loss, optimizer, schedule, logEverySteps, augmentation); }

    public TrainConfig withLoss(Loss value) { return new TrainConfig(epochs, batchSize, seed, value, optimizer, schedule, logEverySteps, augmentation); }

    public TrainConfig withOptimizer(OptimizerConfig value) {
        return new TrainConfig(epochs, batchSize, seed, loss, value, schedule, logEverySteps, augmentation);
    }

    public TrainConfig withSchedule(LearningRateSchedule value) {
        return new TrainConfig(epochs, batchSize, seed, loss, optimizer, value, logEverySteps, augmentation);
    }

    public TrainConfig withLogEverySteps(int value) { return new TrainConfig(epochs, batchSize, seed, loss, optimizer, schedule, value, augmentation); }

    public TrainConfig withAugmentation(Augmentation value) {
        return new TrainConfig(epochs, batchSize, seed, loss, optimizer, schedule, logEverySteps, value);
    }
}
