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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU GEMM shapes that matter, so regressions show: training (784-1024-1024-10 at batch 512 and
 * 784-256-10 at batch 128, all three transpose cases) and a BMD batch (8192 flipped rows through
 * a 784-256 layer). Run: `bash bench/jmh/run.sh` (profile -Pjmh, not part of the default build).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuGemmBenchmark {
    /** m-n-k-transA-transB of c = op(a) op(b). */
    @Param({"512-1024-784-false-true", "1024-784-512-true-false", "512-784-1024-false-false", "128-256-784-false-true",
            "8192-256-784-false-true"})
    public String gemm;

    private CpuBackend backend;
    private MemoryScope scope;
    private DeviceMatrix a, b, c;
    private boolean transA, transB;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new CpuBackend();
        scope = new MemoryScope(backend);
        String[] p = gemm.split("-");
        int m = Integer.parseInt(p[0]), n = Integer.parseInt(p[1]), k = Integer.parseInt(p[2]);
        transA = Boolean.parseBoolean(p[3]);
        transB = Boolean.parseBoolean(p[4]);
        a = transA ? scope.allocate(k, m) : scope.allocate(m, k);
        b = transB ? scope.allocate(n, k) : scope.allocate(k, n);
        c = scope.allocate(m, n);
        backend.fillNormal(a, 1, 1, 0f, 1f);
        backend.fillNormal(b, 1, 2, 0f, 1f);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
        backend.close();
    }

    @Benchmark
    public DeviceMatrix gemm() {
        backend.gemm(transA, transB, 1f, a, b, 0f, c);
        return c;
    }
}
