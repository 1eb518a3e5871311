package org.netgeom.star;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.Dataset;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Loss;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;
import org.netgeom.train.ResidentData;

class BatchNormBarrierTest {
    private static final ImageShape SHAPE = new ImageShape(2, 8, 8);

    /** Images of mean 20 and spread 5, far from the statistics the models were drawn with. */
    private static Dataset shiftedImages(int rows, long seed) {
        Dataset random = BarrierCurveTest.randomData(rows, SHAPE.size(), 3, seed);
        Matrix x = random.inputs();
        for (int i = 0; i < x.size(); i++) x.data()[i] = 20 + 5 * x.data()[i];
        return new Dataset("shifted", x, random.targets(), 3);
    }

    @Test
    void barrierOfANetworkWithItselfIsZeroWithStatisticsRecomputed() {
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend);
             ConvNet a = NetworkMatchingTest.randomNetwork(backend, NetworkMatchingTest.RESIDUAL, new ImageShape(3, 8, 8), 2)) {
            Dataset data = BarrierCurveTest.randomData(96, 3 * 64, 4, 7);
            ResidentData resident = ResidentData.upload(scope, data, Loss.CROSS_ENTROPY, 4);
            BatchNormRecompute recompute = new BatchNormRecompute(resident.inputs(), 32, 3);
            BarrierCurve curve = BarrierCurve.compute(a, a, resident, Loss.CROSS_ENTROPY, 5, recompute);
            assertEquals(0.0, curve.barrierLoss(), 0.0);
            assertEquals(0.0, curve.barrierError(), 0.0);
            for (BarrierCurve.Point p : curve.points()) assertEquals(curve.points().get(0).loss(), p.loss(), 0.0, "t=" + p.t());
        }
    }

    @Test
    void recomputedStatisticsReplaceStaleOnesAtTheMidpoint() {
        Dataset data = shiftedImages(128, 3);
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend);
             ConvNet a = NetworkMatchingTest.randomNetwork(backend, NetworkMatchingTest.PLAIN, SHAPE, 1);
             ConvNet b = NetworkMatchingTest.randomNetwork(backend, NetworkMatchingTest.PLAIN, SHAPE, 2);
             ConvNet midpoint = new ConvNet(backend, a.network(), SHAPE)) {
            ResidentData resident = ResidentData.upload(scope, data, Loss.CROSS_ENTROPY, 3);
            BatchNormRecompute oneBatch = new BatchNormRecompute(resident.inputs(), data.size(), 1);
            // The end models carry statistics right for the data, so only the midpoint's interpolated ones are stale.
            oneBatch.apply(a);
            oneBatch.apply(b);
            BarrierCurve stale = BarrierCurve.compute(a, b, resident, Loss.CROSS_ENTROPY, 3);
            BarrierCurve recomputed = BarrierCurve.compute(a, b, resident, Loss.CROSS_ENTROPY, 3, oneBatch);

            // The midpoint normalized by its own statistics over the whole set: its training-mode loss on that one batch.
            BarrierCurve.interpolate(backend, a.parameters(), b.parameters(), 0.5, midpoint.parameters());
            DeviceMatrix outputs = midpoint.forward(resident.inputs(), true);
            DeviceMatrix totals = scope.allocate(1, 2);
            Loss.CROSS_ENTROPY.evaluate(backend, outputs, resident.targets(), null, data.size(), totals);
            double batchLoss = Evaluator.evaluation(backend.download(totals), 0, data.size()).loss();

            double recomputedLoss = recomputed.points().get(1).loss(), staleLoss = stale.points().get(1).loss();
            // Only BatchNorm1d's unbiased variance (n / (n - 1) over 128 rows) separates the two.
            double tolerance = 1e-3 * batchLoss;
            assertEquals(batchLoss, recomputedLoss, tolerance, "recomputed statistics are the midpoint's own");
            assertTrue(Math.abs(staleLoss - batchLoss) > 10 * tolerance, "stale " + staleLoss + " vs the midpoint's own " + batchLoss);
            for (int end : new int[] {0, 2}) {
                assertEquals(stale.points().get(end).loss(), recomputed.points().get(end).loss(), 1e-6, "end " + end + " recomputed to its own");
            }
        }
    }

    @Test
    void recomputationNeedsBatchesOfAtLeastTwoRows() {
        try (Backend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix inputs = scope.allocate(10, 4);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> new BatchNormRecompute(inputs, 1, 5));
            assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
            assertEquals(9, new BatchNormRecompute(inputs, 3, 5).rowsUsed(), "a trailing one-row batch is left out");
            assertEquals(3, new BatchNormRecompute(inputs, 3, 5).batchesUsed());
        }
    }
}
