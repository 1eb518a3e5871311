package org.netgeom.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSplit;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;

class TrainerTest {
    private static final DataSplit LINEAR = DataSets.load("teacher:linear",
            DataOptions.defaults().withInputDim(50).withTrainSize(500).withTestSize(100).withSeed(4));

    @Test
    void divergingLossStopsTrainingNamingTheStepsAndTheFix() {
        TrainConfig config = new TrainConfig(20, 50, 1, Loss.SQUARED_ERROR, OptimizerConfig.sgd(10f, 0f, false, 0f),
                LearningRateSchedule.constant(), 5);
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, Architecture.of(50, 32, 1), Activation.RELU).initialize(Initialization.PYTORCH, 1)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new Trainer(config, List.of()).train(mlp, LINEAR.train(), LINEAR.test()));
            assertTrue(e.getMessage().contains("between steps") && e.getMessage().contains("lower the learning rate"), e.getMessage());
        }
    }

    @Test
    void everyEpochLogsAndTheLastPartialBatchIsKept() {
        List<MetricsRow> rows = new ArrayList<>();
        TrainConfig config = new TrainConfig(2, 64, 1, Loss.SQUARED_ERROR, OptimizerConfig.adam(1e-3f, 0f),
                LearningRateSchedule.constant(), 1000);
        try (CpuBackend backend = new CpuBackend();
             Mlp mlp = new Mlp(backend, Architecture.of(50, 16, 1), Activation.TANH).initialize(Initialization.PYTORCH, 1)) {
            TrainingResult result = new Trainer(config, List.of(new TrainingCallback() {
                @Override public void onMetrics(TrainingContext context, MetricsRow row) { rows.add(row); }
            })).train(mlp, LINEAR.train(), LINEAR.test());
            // 500 rows in batches of 64: 7 full batches and one of 52, twice.
            assertEquals(16, result.steps());
            assertEquals(1000, result.samples());
            assertEquals(2, rows.size(), "one row per epoch when the log interval is longer than an epoch");
            assertTrue(Double.isFinite(rows.get(1).testLoss()), "test loss evaluated at the epoch's end");
        }
    }
}
