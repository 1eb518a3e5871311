package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/** Every Backend operation on CUDA against the CPU reference backend (TF32 off, rel. error <= 1e-4). */
@Tag("gpu")
class CudaBackendTest {
    private static CudaBackend gpu;
    private static CpuBackend cpu;

    /** Opens the GPU once; without one every test is skipped with the reason. */
    @BeforeEach
    void requireGpu() {
        if (gpu == null) gpu = GpuTestSupport.openBackend();
        if (cpu == null) cpu = new CpuBackend();
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
        gpu = null;
    }

    /** Runs {@code op} on both backends over uploads of {@code inputs}; compares every input afterwards (outputs are inputs too). */
    private static void compare(String what, List<Matrix> inputs, BiConsumer<Backend, List<DeviceMatrix>> op, double tolerance) {
        try (MemoryScope g = new MemoryScope(gpu); MemoryScope c = new MemoryScope(cpu)) {
            List<DeviceMatrix> onGpu = inputs.stream().map(g::upload).toList();
            List<DeviceMatrix> onCpu = inputs.stream().map(c::upload).toList();
            op.accept(gpu, onGpu);
            op.accept(cpu, onCpu);
            for (int i = 0; i < inputs.size(); i++) {
                assertClose(what + " matrix " + i, cpu.download(onCpu.get(i)), gpu.download(onGpu.get(i)), tolerance);
            }
        }
    }

    static void assertClose(String what, Matrix expected, Matrix actual, double tolerance) {
        double num = 0, den = 0, worst = 0;
        int nanMismatch = 0;
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.data()[i], a = actual.data()[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) nanMismatch++;
                continue;
            }
            num += (e - a) * (double) (e - a);
            den += e * (double) e;
            worst = Math.max(worst, Math.abs(e - a));
        }
        assertEquals(0, nanMismatch, what + ": NaN in one backend only");
        double relative = Math.sqrt(num / Math.max(den, 1e-30));
        assertTrue(relative <= tolerance, what + ": relative error " + relative + " (max abs " + worst + ")");
    }

    static Matrix random(Random random, int rows, int cols) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) m.data()[i] = (float) random.nextGaussian();
        return m;
    }

    static Matrix labels(Random random, int rows, int classes) {
        Matrix m = new Matrix(rows, 1);
        for (int i = 0; i < rows; i++) m.data()[i] = random.nextInt(classes);
        return m;
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @CsvSource({"1,1,1,false,false", "7,33,129,false,true", "129,7,33,true,false", "33,129,7,false,false",
            "64,50,70,true,true", "512,1024,784,false,true", "1024,784,512,true,false", "512,784,1024,false,false"})
    void gemmMatchesCpu(int m, int n, int k, boolean transA, boolean transB) {
        Random r = new Random(m * 31 + n * 7 + k);
        Matrix a = transA ? random(r, k, m) : random(r, m, k);
        Matrix b = transB ? random(r, n, k) : random(r, k, n);
        compare("gemm", List.of(a, b, random(r, m, n)), (be, x) -> be.gemm(transA, transB, 0.7f, x.get(0), x.get(1), 0.3f, x.get(2)), 1e-5);
    }

    @Test
    void gemmOnViewsWithOffsetsMatchesCpu() {
        Random r = new Random(3);
        compare("gemm views", List.of(random(r, 1, 1000), random(r, 1, 1000), random(r, 1, 1000)), (be, x) -> {
            DeviceMatrix a = be.view(x.get(0), 5, 10, 20), b = be.view(x.get(1), 17, 30, 20), c = be.view(x.get(2), 3, 10, 30);
            be.gemm(false, true, 1f, a, b, 0f, c);
        }, 1e-5);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationsMatchCpu(Activation activation) {
        Random r = new Random(activation.ordinal());
        compare("bias+activation " + activation, List.of(random(r, 37, 65), random(r, 1, 65), random(r, 37, 65)),
                (be, x) -> be.biasActivation(x.get(0), x.get(1), activation, x.get(2)), 1e-5);
        compare("activation " + activation, List.of(random(r, 37, 65), random(r, 37, 65)),
                (be, x) -> be.activation(activation, x.get(0), x.get(1)), 1e-5);
        compare("activation backward " + activation, List.of(random(r, 37, 65), random(r, 37, 65), random(r, 37, 65)),
                (be, x) -> be.activationBackward(activation, x.get(0), x.get(1), x.get(2)), 1e-5);
    }

    @ParameterizedTest
    @CsvSource({"300,10", "5,100", "64,1"})
    void lossesMatchCpu(int rows, int cols) {
        Random r = new Random(rows + cols);
        Matrix labels = labels(r, rows, cols);
        labels.data()[0] = cols + 3; // out of range: NaN loss on both
        compare("softmax", List.of(random(r, rows, cols), new Matrix(rows, cols)), (be, x) -> be.softmax(x.get(0), x.get(1)), 1e-5);
        compare("softmax cross-entropy", List.of(random(r, rows, cols), labels, new Matrix(rows, cols), new Matrix(1, 2)),
                (be, x) -> be.softmaxCrossEntropy(x.get(0), x.get(1), x.get(2), 0.5f, x.get(3)), 1e-5);
        compare("squared error", List.of(random(r, rows, cols), random(r, rows, cols), new Matrix(rows, cols), new Matrix(1, 2)),
                (be, x) -> be.squaredError(x.get(0), x.get(1), x.get(2), 0.25f, x.get(3)), 1e-5);
    }

    @Test
    void reductionsAndElementwiseMatchCpu() {
        Random r = new Random(9);
        compare("sumColumns", List.of(random(r, 513, 70), random(r, 1, 70)), (be, x) -> be.sumColumns(x.get(0), 0.5f, 2f, x.get(1)), 1e-5);
        compare("sumColumns beta 0", List.of(random(r, 513, 70), random(r, 1, 70)), (be, x) -> be.sumColumns(x.get(0), 1f, 0f, x.get(1)), 1e-5);
        compare("sumRows", List.of(random(r, 70, 513), random(r, 70, 1)), (be, x) -> be.sumRows(x.get(0), x.get(1)), 1e-5);
        compare("axpy", List.of(random(r, 33, 33), random(r, 33, 33)), (be, x) -> be.axpy(-0.3f, x.get(0), x.get(1)), 1e-6);
        compare("scale", List.of(random(r, 33, 33)), (be, x) -> be.scale(1.7f, x.get(0)), 1e-6);
        compare("fill", List.of(random(r, 33, 33)), (be, x) -> be.fill(be.view(x.get(0), 7, 10, 10), 2.5f), 0);
        compare("multiply", List.of(random(r, 33, 33), random(r, 33, 33), random(r, 33, 33)), (be, x) -> be.multiply(x.get(0), x.get(1), x.get(2)), 1e-6);
        compare("addScaled", List.of(random(r, 33, 33), random(r, 33, 33), random(r, 33, 33)), (be, x) -> be.addScaled(0.5f, x.get(0), -2f, x.get(1), x.get(2)), 1e-6);
        Matrix indices = new Matrix(1, 40);
        for (int i = 0; i < 40; i++) indices.data()[i] = (i * 7) % 50;
        compare("gatherRows", List.of(random(r, 50, 13), indices, new Matrix(20, 13)), (be, x) -> be.gatherRows(x.get(0), x.get(1), 11, x.get(2)), 0);
        compare("flipBlocks", List.of(random(r, 7, 300), new Matrix(7 * 301, 300)), (be, x) -> be.flipBlocks(x.get(0), null, x.get(1)), 0);
        compare("flipBlocks centred", List.of(random(r, 7, 300), random(r, 1, 300), new Matrix(7 * 301, 300)),
                (be, x) -> be.flipBlocks(x.get(0), x.get(1), x.get(2)), 0);
        compare("flipInfluence", List.of(random(r, 7 * 301, 10), new Matrix(7, 300)), (be, x) -> be.flipInfluence(x.get(0), x.get(1)), 0);
        Matrix big = random(r, 1000, 1001);
        try (MemoryScope g = new MemoryScope(gpu)) {
            assertEquals(cpu.sumAll(cpu.upload(big)), gpu.sumAll(g.upload(big)), 1e-6 * big.size());
        }
    }

    @Test
    void optimizersMatchCpuOverSeveralSteps() {
        Random r = new Random(4);
        for (boolean nesterov : new boolean[] {false, true}) {
            compare("sgd nesterov=" + nesterov, List.of(random(r, 1, 999), random(r, 1, 999), new Matrix(1, 999)), (be, x) -> {
                for (int step = 0; step < 5; step++) be.sgdUpdate(x.get(0), x.get(1), x.get(2), 0.1f, 0.9f, nesterov, 1e-3f);
            }, 1e-5);
        }
        for (boolean decoupled : new boolean[] {false, true}) {
            compare("adam decoupled=" + decoupled, List.of(random(r, 1, 999), random(r, 1, 999), new Matrix(1, 999), new Matrix(1, 999)), (be, x) -> {
                for (int step = 1; step <= 5; step++) {
                    be.adamUpdate(x.get(0), x.get(1), x.get(2), x.get(3), 1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, step);
                }
            }, 1e-5);
        }
    }

    @Test
    void dropoutAndBatchNormMatchCpu() {
        Random r = new Random(21);
        compare("dropoutMask", List.of(new Matrix(37, 41)), (be, x) -> be.dropoutMask(x.get(0), 5, 9, 0.3f), 0);
        compare("batchNormForward", List.of(random(r, 130, 70), random(r, 1, 70), random(r, 1, 70), new Matrix(130, 70),
                new Matrix(130, 70), new Matrix(1, 70), new Matrix(1, 70), new Matrix(1, 70)),
                (be, x) -> be.batchNormForward(x.get(0), x.get(1), x.get(2), 1e-5f, x.get(3), x.get(4), x.get(5), x.get(6), x.get(7)), 1e-5);
        Matrix variance = random(r, 1, 70);
        for (int i = 0; i < 70; i++) variance.data()[i] = Math.abs(variance.data()[i]) + 0.1f;
        compare("batchNormInference", List.of(random(r, 130, 70), random(r, 1, 70), random(r, 1, 70), random(r, 1, 70), variance,
                new Matrix(130, 70)), (be, x) -> be.batchNormInference(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), 1e-5f, x.get(5)), 1e-5);
        compare("batchNormBackward", List.of(random(r, 130, 70), random(r, 130, 70), random(r, 1, 70), variance, new Matrix(130, 70),
                new Matrix(1, 70), new Matrix(1, 70)),
                (be, x) -> be.batchNormBackward(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5), x.get(6)), 1e-5);
    }

    /**
     * BatchNorm2d's channels-last copies are tall (N*H*W rows, few channels): from 4096 rows the
     * statistics split the rows over blocks (CudaBatchNorm); 70,001 rows also leave a ragged last
     * split. Same tolerance as above, and the same bits on a second run.
     */
    @Test
    void batchNormOfTallMatricesMatchesCpuAndRepeatsItsBits() {
        Random r = new Random(22);
        int rows = 70_001, cols = 19;
        Matrix x = random(r, rows, cols);
        for (int i = 0; i < x.size(); i++) x.data()[i] = 3 * x.data()[i] + 5; // a mean far from 0, as after ReLU
        List<Matrix> forward = List.of(x, random(r, 1, cols), random(r, 1, cols), new Matrix(rows, cols), new Matrix(rows, cols),
                new Matrix(1, cols), new Matrix(1, cols), new Matrix(1, cols));
        BiConsumer<Backend, List<DeviceMatrix>> forwardOp =
                (be, m) -> be.batchNormForward(m.get(0), m.get(1), m.get(2), 1e-5f, m.get(3), m.get(4), m.get(5), m.get(6), m.get(7));
        compare("tall batchNormForward", forward, forwardOp, 1e-5);
        Matrix invStd = random(r, 1, cols);
        for (int i = 0; i < cols; i++) invStd.data()[i] = Math.abs(invStd.data()[i]) + 0.1f;
        List<Matrix> backward = List.of(random(r, rows, cols), random(r, rows, cols), random(r, 1, cols), invStd,
                new Matrix(rows, cols), new Matrix(1, cols), new Matrix(1, cols));
        BiConsumer<Backend, List<DeviceMatrix>> backwardOp =
                (be, m) -> be.batchNormBackward(m.get(0), m.get(1), m.get(2), m.get(3), m.get(4), m.get(5), m.get(6));
        compare("tall batchNormBackward", backward, backwardOp, 1e-5);
        for (List<Matrix> operands : List.of(forward, backward)) {
            float[][] runs = new float[2][];
            for (int run = 0; run < 2; run++) {
                try (MemoryScope g = new MemoryScope(gpu)) {
                    List<DeviceMatrix> onGpu = operands.stream().map(g::upload).toList();
                    (operands == forward ? forwardOp : backwardOp).accept(gpu, onGpu);
                    // A column statistic summed over every row: the batch variance, or gradGamma.
                    runs[run] = gpu.download(onGpu.get(operands == forward ? 6 : 5)).data();
                }
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(runs[0], runs[1], "two GPU runs");
        }
    }

    @Test
    void philoxFillsEqualTheJavaGenerator() {
        try (MemoryScope g = new MemoryScope(gpu)) {
            DeviceMatrix uniform = g.allocate(1, 1001), normal = g.allocate(1, 1003);
            gpu.fillUniform(uniform, 42, 7, -0.5f, 0.5f);
            gpu.fillNormal(normal, 42, 8, 0f, 2f);
            Matrix u = gpu.download(uniform), n = gpu.download(normal);
            for (int i = 0; i < u.size(); i++) assertEquals(Philox.uniform(42, 7, i, -0.5f, 0.5f), u.data()[i], 0f, "uniform " + i);
            for (int i = 0; i < n.size(); i++) {
                float expected = Philox.normal(42, 8, i, 0f, 2f);
                assertEquals(expected, n.data()[i], Math.ulp(expected) * 2, "normal " + i);
            }
        }
    }

    @Test
    void choleskySolveMatchesCpu() {
        Random r = new Random(12);
        Matrix a = random(r, 40, 30);
        Matrix spd = new Matrix(30, 30);
        for (int i = 0; i < 30; i++) for (int j = 0; j < 30; j++) {
            double s = i == j ? 0.5 : 0;
            for (int k = 0; k < 40; k++) s += a.get(k, i) * a.get(k, j);
            spd.set(i, j, (float) s);
        }
        compare("choleskySolve", List.of(spd, random(r, 30, 3)), (be, x) -> be.choleskySolve(x.get(0), x.get(1)), 1e-4);
    }

    @Test
    void allocationCyclesLeakNothing() {
        gpu.synchronize();
        gpu.releaseCachedMemory();
        long freeBefore = gpu.api().memoryInfo()[0];
        long liveBefore = gpu.liveBytes();
        for (int i = 0; i < 10_000; i++) {
            try (DeviceMatrix m = gpu.allocate(64, 64 + (i % 7))) {
                gpu.fill(m, 1f);
            }
        }
        gpu.synchronize();
        gpu.releaseCachedMemory();
        assertEquals(liveBefore, gpu.liveBytes(), "live bytes after 10,000 allocate/free cycles");
        assertEquals(freeBefore, gpu.api().memoryInfo()[0], "device free memory after 10,000 allocate/free cycles");
    }

    @Test
    void outOfMemoryNamesBytesAskedAndFree() {
        long total = gpu.api().device().totalMemoryBytes();
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> gpu.api().malloc(total * 2));
        assertTrue(e.getMessage().contains(String.format("%,d bytes", total * 2)), e.getMessage());
        assertTrue(e.getMessage().contains("free"), e.getMessage());
    }
}
