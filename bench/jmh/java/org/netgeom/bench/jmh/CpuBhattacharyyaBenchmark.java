package org.netgeom.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.MemoryScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** One Bhattacharyya tile on the CPU backend: 256 x 256 prediction sets of 1000 samples x 10 classes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuBhattacharyyaBenchmark {
    private CpuBackend backend;
    private MemoryScope scope;
    private DeviceMatrix sqrtP, sqrtQ, distances;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new CpuBackend();
        scope = new MemoryScope(backend);
        sqrtP = scope.allocate(256, 10 * 1000);
        sqrtQ = scope.allocate(256, 10 * 1000);
        backend.fillUniform(sqrtP, 2, 1, 0.05f, 0.4f);
        backend.fillUniform(sqrtQ, 2, 2, 0.05f, 0.4f);
        distances = scope.allocate(256, 256);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
        backend.close();
    }

    @Benchmark
    public DeviceMatrix tile() {
        backend.bhattacharyyaDistances(sqrtP, sqrtQ, 10, 1e-12f, distances);
        return distances;
    }
}
