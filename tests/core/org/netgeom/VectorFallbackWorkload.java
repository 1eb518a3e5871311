package org.netgeom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;

/**
 * What {@link VectorFallbackTest} compares between a JVM without the Vector API and one with it:
 * {@link DeterminismWorkload}'s results, and operations on odd sizes that reach every kernel with a
 * vector and a scalar version: a ReLU/GELU MLP trained by SGD with momentum, GEMMs in all four
 * transpose cases, element-wise arithmetic, a Cholesky solve over two panels and Bhattacharyya
 * distances over 257 samples. {@link #main} prints them as {@link DeterminismWorkload#main} does.
 */
public final class VectorFallbackWorkload {
    private VectorFallbackWorkload() {}

    public static void main(String[] args) {
        run(Integer.parseInt(args[0])).forEach((name, bits) -> System.out.println(name + " " + bits));
    }

    public static Map<String, String> run(int threads) {
        Map<String, String> results = new LinkedHashMap<>(DeterminismWorkload.run(threads));
        try (CpuBackend backend = new CpuBackend(threads); MemoryScope scope = new MemoryScope(backend)) {
            reluMlp(backend, results);
            DeviceMatrix a = scope.upload(normal(65, 257, 1)), b = scope.upload(normal(257, 31, 2));
            DeviceMatrix bt = scope.upload(normal(31, 257, 3)), at = scope.upload(normal(257, 65, 4));
            DeviceMatrix c = scope.allocate(65, 31);
            backend.gemm(false, false, 1f, a, b, 0f, c);
            backend.gemm(false, true, 0.5f, a, bt, 1f, c);
            backend.gemm(true, false, -1f, at, b, 1f, c);
            backend.gemm(true, true, 2f, at, bt, 0.25f, c);
            put(results, "gemm", backend.download(c).data());

            DeviceMatrix x = scope.upload(normal(7, 31, 5)), y = scope.upload(normal(7, 31, 6)), out = scope.allocate(7, 31);
            backend.addScaled(0.3f, x, -1.7f, y, out);
            backend.multiply(out, x, out);
            backend.axpy(2.5f, y, out);
            put(results, "elementwise", backend.download(out).data());

            int n = 131;  // over Float64Cholesky.PANEL (96): a trailing update and a second panel
            DeviceMatrix features = scope.upload(normal(n + 9, n, 7)), system = scope.allocate(n, n);
            backend.gemm(true, false, 1f, features, features, 0f, system);
            DeviceMatrix rhs = scope.upload(normal(n, 3, 8));
            backend.choleskySolve(system, rhs);
            put(results, "choleskySolve", backend.download(rhs).data());

            int samples = 257, classes = 10;
            DeviceMatrix points = scope.upload(sqrtProbabilities(5, samples, classes)), distances = scope.allocate(5, 5);
            backend.bhattacharyyaDistances(points, points, classes, 1e-12f, distances);
            put(results, "bhattacharyya", backend.download(distances).data());
        }
        return results;
    }

    private static void reluMlp(CpuBackend backend, Map<String, String> results) {
        DataSplit data = new Teacher(Teacher.Kind.SIGN, 13, 0, 2, 0.1, 3).generate(101, 10);
        TrainConfig config = new TrainConfig(2, 16, 5, Loss.CROSS_ENTROPY, OptimizerConfig.sgd(0.05f, 0.9f, true, 1e-4f),
                LearningRateSchedule.constant(), 1000);
        try (Mlp mlp = new Mlp(backend, Architecture.of(13, 37, 19, 2), List.of(Activation.RELU, Activation.GELU))
                .initialize(Initialization.PYTORCH, 5)) {
            new Trainer(config, List.of()).train(mlp, data.train(), null);
            put(results, "reluMlp.parameters", backend.download(mlp.parameters()).data());
        }
    }

    private static Matrix normal(int rows, int cols, long stream) {
        Matrix m = new Matrix(rows, cols);
        Philox.fillNormal(m.data(), 0, m.size(), 11, stream, 0f, 1f);
        return m;
    }

    /** Square roots of random class probabilities, class-major: element (c, s) of a row at c * samples + s. */
    private static Matrix sqrtProbabilities(int rows, int samples, int classes) {
        Matrix logits = normal(rows, samples * classes, 9), m = new Matrix(rows, samples * classes);
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < samples; s++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.exp(3 * logits.get(r, s * classes + c));
                for (int c = 0; c < classes; c++) {
                    m.set(r, c * samples + s, (float) Math.sqrt(Math.exp(3 * logits.get(r, s * classes + c)) / sum));
                }
            }
        }
        return m;
    }

    private static void put(Map<String, String> results, String name, float[] values) {
        StringBuilder bits = new StringBuilder();
        for (float v : values) bits.append(bits.isEmpty() ? "" : ",").append(String.format("%08x", Float.floatToRawIntBits(v)));
        results.put(name, bits.toString());
    }
}
