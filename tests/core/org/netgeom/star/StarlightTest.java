package org.netgeom.star;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.ResidentData;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;

class StarlightTest {
    private static final Architecture ARCHITECTURE = Architecture.of(10, 12, 4);

    static TrainConfig training(int epochs, long seed) {
        return new TrainConfig(epochs, 32, seed, Loss.CROSS_ENTROPY, OptimizerConfig.sgd(0.1f, 0.9f, false, 0f),
                LearningRateSchedule.constant(), 1000);
    }

    @Test
    void lowersTheStarToSourceBarrierBelowThePairwiseSourceBarrier() {
        DataSplit data = new Teacher(Teacher.Kind.MLP, 10, 8, 4, 0, 3).generate(600, 200);
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            List<Mlp> sources = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Mlp source = new Mlp(backend, ARCHITECTURE, Activation.RELU).initialize(Initialization.PYTORCH, 100 + i);
                    sources.add(source);
                    new Trainer(training(8, 100 + i), List.of()).train(source, data.train(), null);
                }
                ResidentData train = ResidentData.upload(scope, data.train(), Loss.CROSS_ENTROPY, 4);
                double pairwise = 0;
                int pairs = 0;
                for (int i = 0; i < sources.size(); i++) {
                    for (int j = i + 1; j < sources.size(); j++, pairs++) {
                        pairwise += BarrierCurve.compute(sources.get(i), sources.get(j), train, Loss.CROSS_ENTROPY, 11).barrierLoss();
                    }
                }
                pairwise /= pairs;
                StarlightConfig config = StarlightConfig.defaults().withSeed(7);
                try (Mlp star = Starlight.initialStar(sources, config)) {
                    Starlight.train(star, sources, data.train(), null, training(8, 7), config, List.of());
                    double toSources = 0;
                    for (Mlp source : sources) toSources += BarrierCurve.compute(star, source, train, Loss.CROSS_ENTROPY, 11).barrierLoss();
                    toSources /= sources.size();
                    assertTrue(pairwise > 0.05, "the sources are separated by a barrier to begin with: " + pairwise);
                    assertTrue(toSources < 0.5 * pairwise, "star-to-source " + toSources + " vs pairwise " + pairwise);
                }
            } finally {
                for (Mlp s : sources) s.close();
            }
        }
    }

    @Test
    void betaSamplingIsTheMedianOfThreeUniforms() {
        assertEquals(0.4, TSampling.BETA.sample(0.9, 0.4, 0.1), 0);
        assertEquals(0.5, TSampling.CONSTANT.sample(0.9, 0.4, 0.1), 0);
        assertEquals(0.9, TSampling.UNIFORM.sample(0.9, 0.4, 0.1), 0);
    }
}
