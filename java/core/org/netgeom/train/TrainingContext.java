package org.netgeom.train;

import org.netgeom.nn.TrainableModel;

/** Where a training run stands, for callbacks. {@code step} counts completed optimizer steps. */
public record TrainingContext(TrainableModel model, TrainConfig config, long step, int epoch, long stepsPerEpoch,
                              long totalSteps) {
}
