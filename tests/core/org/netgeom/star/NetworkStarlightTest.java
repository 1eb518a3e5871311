package org.netgeom.star;

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
import org.netgeom.train.ResidentData;
import org.netgeom.train.Trainer;

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
}
