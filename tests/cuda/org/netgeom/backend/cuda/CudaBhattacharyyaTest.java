package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;

/**
 * The fused Bhattacharyya kernel against a float64 reference computed here, and against the CPU
 * backend: shapes that are not multiples of the 64 x 64 block, classes that fit in shared memory
 * at once (10) and that need class chunks (300), exact zeros and one-hot rows; and the symmetric
 * path (the same matrix on both sides) over several blocks, exactly symmetric.
 */
@Tag("gpu")
class CudaBhattacharyyaTest {
    private static final float FLOOR = 1e-12f;
    private static CudaBackend gpu;
    private static CpuBackend cpu;

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

    @ParameterizedTest(name = "{0} x {1} points, {2} samples, {3} classes")
    @CsvSource({"17, 33, 50, 10", "5, 40, 7, 300", "1, 1, 1, 2", "20, 20, 129, 3", "130, 70, 23, 10", "65, 200, 5, 97", "30, 30, 1000, 10"})
    void kernelMatchesFloat64ReferenceAndCpu(int ka, int kb, int samples, int classes) {
        Random random = new Random(ka * 1000L + classes);
        Matrix a = sqrtProbabilities(random, ka, samples, classes), b = sqrtProbabilities(random, kb, samples, classes);
        Matrix onGpu, onCpu;
        try (MemoryScope g = new MemoryScope(gpu); MemoryScope c = new MemoryScope(cpu)) {
            DeviceMatrix outGpu = g.allocate(ka, kb), outCpu = c.allocate(ka, kb);
            gpu.bhattacharyyaDistances(g.upload(a), g.upload(b), classes, FLOOR, outGpu);
            cpu.bhattacharyyaDistances(c.upload(a), c.upload(b), classes, FLOOR, outCpu);
            onGpu = gpu.download(outGpu);
            onCpu = cpu.download(outCpu);
        }
        for (int i = 0; i < ka; i++) {
            for (int j = 0; j < kb; j++) {
                double expected = reference(a, i, b, j, samples, classes);
                double tolerance = 2e-6 * Math.max(1, Math.abs(expected));
                assertEquals(expected, onGpu.get(i, j), tolerance, "GPU d(" + i + ", " + j + ")");
                assertEquals(onCpu.get(i, j), onGpu.get(i, j), tolerance, "GPU vs CPU d(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void sameMatrixOnBothSidesIsComputedOnceAndMirrored() {
        int k = 150, samples = 300, classes = 10; // 300 samples: split over blocks along z
        Matrix a = sqrtProbabilities(new Random(5), k, samples, classes);
        Matrix onGpu;
        try (MemoryScope g = new MemoryScope(gpu)) {
            DeviceMatrix points = g.upload(a), out = g.allocate(k, k);
            gpu.fill(out, Float.NaN);
            gpu.bhattacharyyaDistances(points, points, classes, FLOOR, out);
            onGpu = gpu.download(out);
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double expected = reference(a, i, a, j, samples, classes);
                assertEquals(expected, onGpu.get(i, j), 2e-6 * Math.max(1, Math.abs(expected)), "d(" + i + ", " + j + ")");
                assertEquals(onGpu.get(j, i), onGpu.get(i, j), 0, "symmetry at (" + i + ", " + j + ")");
            }
        }
    }

    /** Rows of sqrt(P), class-major; every fourth sample one-hot, every third with exact zeros. */
    private static Matrix sqrtProbabilities(Random random, int points, int samples, int classes) {
        Matrix m = new Matrix(points, samples * classes);
        double[] p = new double[classes];
        for (int k = 0; k < points; k++) {
            for (int s = 0; s < samples; s++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    boolean zero = (s % 4 == 0 && c != s % classes) || (s % 3 == 0 && random.nextBoolean() && c != 0);
                    p[c] = zero ? 0 : random.nextDouble();
                    sum += p[c];
                }
                if (sum == 0) {
                    p[0] = 1;
                    sum = 1;
                }
                for (int c = 0; c < classes; c++) m.set(k, c * samples + s, (float) Math.sqrt(p[c] / sum));
            }
        }
        return m;
    }

    private static double reference(Matrix a, int i, Matrix b, int j, int samples, int classes) {
        double sum = 0;
        for (int s = 0; s < samples; s++) {
            double coefficient = 0;
            for (int c = 0; c < classes; c++) coefficient += (double) a.get(i, c * samples + s) * b.get(j, c * samples + s);
            sum += Math.log(Math.max(coefficient, FLOOR));
        }
        return -sum / samples;
    }
}
