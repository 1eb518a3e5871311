package org.netgeom.star;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Loss;
import org.netgeom.nn.TrainableModel;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;
import org.netgeom.train.MetricsRow;
import org.netgeom.train.ResidentData;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingCallback;
import org.netgeom.train.TrainingContext;

class NetworkStarlightTest {
    private static final ImageShape SHAPE = new ImageShape(1, 6, 6);
    private static final String NETWORK = "conv:6p1,bn,relu,maxpool:2,flatten,linear:4";

    @Test
    void starlightLowersTheBarriersOfAConvolutionalNetworkWithBatchNorm() {
        DataSplit data = new Teacher(Teacher.Kind.MLP, SHAPE.size(), 8, 4, 0, 3).generate(600, 200);
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            List<ConvNet> sources = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    ConvNet source = new ConvNet(backend, Network.parse(NETWORK, 4), SHAPE).initialize(100 + i);
                    sources.add(source);
                    new Trainer(StarlightTest.training(8, 100 + i), List.of()).train(source, data.train(), null);
                }
                ResidentData train = ResidentData.upload(scope, data.train(), Loss.CROSS_ENTROPY, 4);
                BatchNormRecompute recompute = new BatchNormRecompute(train.inputs(), 100, 6);
                double pairwise = 0;
                int pairs = 0;
                for (int i = 0; i < sources.size(); i++) {
                    for (int j = i + 1; j < sources.size(); j++, pairs++) {
                        pairwise += BarrierCurve.compute(sources.get(i), sources.get(j), train, Loss.CROSS_ENTROPY, 11, recompute)
                                .barrierLoss();
                    }
                }
                pairwise /= pairs;
                StarlightConfig config = StarlightConfig.defaults().withSeed(7);
                try (TrainableModel star = Starlight.initialStarModel(sources, config)) {
                    Starlight.train(star, sources, data.train(), null, StarlightTest.training(8, 7), config, List.of());
                    double toSources = 0;
                    for (ConvNet source : sources) {
                        toSources += BarrierCurve.compute(star, source, train, Loss.CROSS_ENTROPY, 11, recompute).barrierLoss();
                    }
                    toSources /= sources.size();
                    assertTrue(pairwise > 0.05, "the sources are separated by a barrier to begin with: " + pairwise);
                    assertTrue(toSources < 0.5 * pairwise, "star-to-source " + toSources + " vs pairwise " + pairwise);
                }
            } finally {
                for (ConvNet s : sources) s.close();
            }
        }
    }

    @Test
    void eachEpochsTestMetricsOfABatchNormStarUseRecomputedStatistics() {
        DataSplit data = new Teacher(Teacher.Kind.MLP, SHAPE.size(), 8, 4, 0, 3).generate(300, 100);
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            List<ConvNet> sources = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    ConvNet source = new ConvNet(backend, Network.parse(NETWORK, 4), SHAPE).initialize(100 + i);
                    sources.add(source);
                    new Trainer(StarlightTest.training(2, 100 + i), List.of()).train(source, data.train(), null);
                }
                StarlightConfig config = StarlightConfig.defaults().withSeed(7);
                List<MetricsRow> rows = new ArrayList<>();
                TrainingCallback collect = new TrainingCallback() {
                    @Override public void onEpochEnd(TrainingContext context, MetricsRow row) { rows.add(row); }
                };
                try (TrainableModel star = Starlight.initialStarModel(sources, config);
                     TrainableModel unevaluated = Starlight.initialStarModel(sources, config)) {
                    Starlight.train(star, sources, data.train(), data.test(), StarlightTest.training(2, 7), config, List.of(collect));
                    Starlight.train(unevaluated, sources, data.train(), null, StarlightTest.training(2, 7), config, List.of());
                    assertArrayEquals(backend.download(unevaluated.parameters()).data(), backend.download(star.parameters()).data(),
                            "evaluating each epoch leaves the star's training bits alone");

                    Evaluator.Evaluation stale = Evaluator.evaluate(star, Loss.CROSS_ENTROPY, data.test());
                    BatchNormRecompute.ofTraining(scope, data.train()).apply(star);
                    Evaluator.Evaluation recomputed = Evaluator.evaluate(star, Loss.CROSS_ENTROPY, data.test());
                    assertEquals(2, rows.size(), "one row per epoch");
                    MetricsRow last = rows.getLast();
                    assertTrue(Math.abs(stale.loss() - recomputed.loss()) > 1e-3,
                            "the star's own statistics are stale: " + stale.loss() + " vs " + recomputed.loss());
                    assertEquals(recomputed.loss(), last.testLoss(), 1e-6 * recomputed.loss(),
                            "the last epoch's test loss is the star's with recomputed statistics, not its stale " + stale.loss());
                    assertEquals(recomputed.accuracy(), last.testAccuracy(), 1e-12);
                }
            } finally {
                for (ConvNet s : sources) s.close();
            }
        }
    }
}
