package org.netgeom.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.nn.Loss;
import org.netgeom.tensor.InvalidInputException;

class TrainConfigTest {
    @Test
    void defaultsAreTheCommandLinesAndEachWitherChangesOneField() {
        TrainConfig defaults = TrainConfig.defaults();
        assertEquals(new TrainConfig(2, 128, 1, Loss.CROSS_ENTROPY, OptimizerConfig.adam(1e-3f, 0f), LearningRateSchedule.constant(),
                100), defaults);
        TrainConfig changed = defaults.withEpochs(5).withBatchSize(64).withSeed(7).withLoss(Loss.SQUARED_ERROR)
                .withOptimizer(OptimizerConfig.sgd(0.1f, 0.9f, false, 0f)).withLogEverySteps(10);
        assertEquals(new TrainConfig(5, 64, 7, Loss.SQUARED_ERROR, OptimizerConfig.sgd(0.1f, 0.9f, false, 0f),
                LearningRateSchedule.constant(), 10), changed);
    }

    @Test
    void withersValidateLikeTheConstructor() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainConfig.defaults().withEpochs(0));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    }
}
