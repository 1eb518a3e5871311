package org.netgeom.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/** The benchmark bodies as a library user calls them: typed repetitions, heard as they end, and a summary. */
class BenchmarksTest {
    @Test
    void summaryTakesTheMinimumTheUpperMedianAndTheMaximum() {
        try (Backend backend = new CpuBackend(1)) {
            BenchmarkSummary summary = BenchmarkSummary.of("b", backend, List.of(3.0, 1.0, 4.0, 2.0), "s").with("size", 7);
            assertEquals(1.0, summary.min());
            assertEquals(3.0, summary.median());
            assertEquals(4.0, summary.max());
            assertEquals(List.of("benchmark", "backend", "device", "unit", "min", "median", "max", "repetitions", "size"),
                    new ArrayList<>(summary.toMap().keySet()));
        }
    }

    @Test
    void trainBenchmarkTimesEachRepetitionAfterAnUntimedWarmUp() {
        List<TrainBenchmark.Repetition> heard = new ArrayList<>();
        try (Backend backend = new CpuBackend(1)) {
            TrainBenchmark.Result result = TrainBenchmark.run(new TrainBenchmark.Settings(Architecture.of(12, 4, 3), Activation.RELU,
                    8, 2, 2, 1), backend, heard::add);
            assertEquals(result.repetitions(), heard, "each repetition is heard as it ends");
            assertEquals(List.of(0, 1), heard.stream().map(TrainBenchmark.Repetition::repetition).toList());
            assertEquals(2, result.summary().repetitions());
            assertEquals("train 12-4-3 batch 8", result.summary().benchmark());
            assertEquals("none", result.summary().extras().get("binding"));
        }
    }

    @Test
    void trainBenchmarkTrainsAConvolutionalNetworkOnItsImageShape() {
        try (Backend backend = new CpuBackend(1)) {
            TrainBenchmark.Result result = TrainBenchmark.run(new TrainBenchmark.Settings("conv:3k3p1,relu,maxpool:2,flatten,linear:4",
                    new org.netgeom.tensor.ImageShape(2, 6, 6), Activation.RELU, 8, 2, 1, 1), backend, repetition -> { });
            assertEquals(1, result.repetitions().size());
            assertTrue(result.repetitions().getFirst().samplesPerSecond() > 0);
            assertEquals("train conv:3k3p1,relu,maxpool:2,flatten,linear:4 on 2x6x6 batch 8", result.summary().benchmark());
        }
    }

    @Test
    void bmdBenchmarkMeasuresTheSameBmdEveryRepetition() {
        try (Backend backend = new CpuBackend(1)) {
            BmdBenchmark.Result result = BmdBenchmark.run(new BmdBenchmark.Settings(Architecture.of(6, 5, 2), 8, 64, 2, 3), backend,
                    repetition -> { });
            assertEquals(result.repetitions().get(0).bmd(), result.repetitions().get(1).bmd(), 0);
            assertEquals(64, result.summary().extras().get("rows_per_call"));
        }
    }

    @Test
    void ridgeBenchmarkNamesItsPrecision() {
        try (Backend backend = new CpuBackend(1)) {
            RidgeBenchmark.Result result = RidgeBenchmark.run(new RidgeBenchmark.Settings(20, 16, 5, 1e-6,
                    RidgeRegression.Precision.FLOAT32, 1, 1), backend, repetition -> { });
            assertEquals("ridge n=16 p=20 float32", result.summary().benchmark());
            assertEquals("float32", result.repetitions().getFirst().precision());
        }
    }

    @Test
    void gemmBenchmarkHasNoDeviceEventTimesOnABackendWithoutADeviceClock() {
        try (Backend backend = new CpuBackend(1)) {
            List<BenchmarkSummary> summaries = GemmBenchmark.run(new GemmBenchmark.Settings(new int[] {8, 16}, 2), backend, s -> { });
            assertEquals(List.of("sgemm 8", "sgemm 16"), summaries.stream().map(BenchmarkSummary::benchmark).toList());
            assertTrue((double) summaries.getFirst().extras().get("median_queued_tflops") > 0);
            assertFalse(summaries.getFirst().extras().containsKey("median_event_tflops"));
        }
    }

    @Test
    void aBenchmarkWithoutRepetitionsIsRefusedWithTheValue() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new GemmBenchmark.Settings(new int[] {8}, 0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
