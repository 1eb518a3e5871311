package org.netgeom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.BooleanMeanDimension;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.RandomFeatures;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;
import org.netgeom.trajectory.BhattacharyyaDistances;
import org.netgeom.trajectory.InPca;
import org.netgeom.trajectory.PredictionSet;
import org.netgeom.train.LearningRateSchedule;
import org.netgeom.train.OptimizerConfig;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;

/**
 * A small, fixed computation whose every result {@link DeterminismTest} compares bit for bit
 * between JVMs, all on the CPU backend: a tanh MLP trained by Adam and its Monte Carlo BMD (an
 * MLP sweep point), two points of a random-features double-descent sweep, and the InPCA
 * coordinates of Bhattacharyya distances. {@link #main} prints "name hex,hex,..." lines (float
 * bits as 8 hex digits, double bits as 16) for a child JVM to report.
 */
public final class DeterminismWorkload {
    private static final int INPUTS = 20;
    private static final int TRAIN_SIZE = 200;

    private DeterminismWorkload() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        run(threads).forEach((name, bits) -> System.out.println(name + " " + bits));
    }

    /** Every result as raw bits (hex), by name, in a fixed order; the CPU backend gets {@code threads} threads. */
    public static Map<String, String> run(int threads) {
        Map<String, String> results = new LinkedHashMap<>();
        DataSplit data = new Teacher(Teacher.Kind.SIGN, INPUTS, 0, 2, 0.1, 1).generate(TRAIN_SIZE, 100);
        try (CpuBackend backend = new CpuBackend(threads)) {
            trainedTanhMlp(backend, data, results);
            sweep(backend, data, results);
            embedding(backend, results);
        }
        return results;
    }

    /** Two epochs of Adam on cross-entropy (tanh forward and backward in every step), then the BMD. */
    private static void trainedTanhMlp(CpuBackend backend, DataSplit data, Map<String, String> results) {
        TrainConfig config = new TrainConfig(2, 32, 7, Loss.CROSS_ENTROPY, OptimizerConfig.adam(1e-2f, 0f),
                LearningRateSchedule.constant(), 1000);
        try (Mlp mlp = new Mlp(backend, Architecture.of(INPUTS, 48, 48, 2), Activation.TANH).initialize(Initialization.PYTORCH, 7)) {
            new Trainer(config, List.of()).train(mlp, data.train(), null);
            put(results, "mlp.parameters", backend.download(mlp.parameters()).data());
            BmdResult bmd = BooleanMeanDimension.monteCarlo(mlp, BmdSettings.of(new InputDistribution.Gaussian(), 100, 11));
            put(results, "mlp.bmd", bmd.bmd(), bmd.stderr());
            put(results, "mlp.influence", bmd.influence());
        }
    }

    /**
     * Two points of a random-features double-descent sweep with its defaults (erf features, lambda
     * 1e-6, BMD under the uniform distribution): p = n / 2, and p = n, where the ridge system's
     * condition number is largest and a last-place change in the solve reaches the readout.
     */
    private static void sweep(CpuBackend backend, DataSplit data, Map<String, String> results) {
        Matrix targets = Loss.SQUARED_ERROR.encodeTargets(data.train().targets(), 2, 1);
        for (int width : new int[] {TRAIN_SIZE / 2, TRAIN_SIZE}) {
            String name = "sweep.width" + width;
            try (RandomFeatures model = new RandomFeatures(backend, INPUTS, width, 1, Activation.ERF, 1);
                 MemoryScope scope = new MemoryScope(backend)) {
                RidgeRegression.fit(model, scope.upload(data.train().inputs()), targets, 1e-6, RidgeRegression.Precision.FLOAT64);
                put(results, name + ".readout", backend.download(model.readout()).data());
                DeviceMatrix predictions = scope.allocate(data.test().size(), 1);
                model.predict(scope.upload(data.test().inputs()), predictions);
                put(results, name + ".predictions", backend.download(predictions).data());
                BmdResult bmd = BooleanMeanDimension.monteCarlo(model, BmdSettings.of(new InputDistribution.Uniform(), 100, 3));
                put(results, name + ".bmd", bmd.bmd(), bmd.stderr());
            }
        }
    }

    /**
     * Distances between 200 random prediction points over 16 samples of 10 classes (few samples, so a
     * last-place change in one sample's log can reach a float32 distance), and their InPCA coordinates.
     */
    private static void embedding(CpuBackend backend, Map<String, String> results) {
        int points = 200, samples = 16, classes = 10;
        List<PredictionSet.Point> labels = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        float[] logits = new float[samples * classes];
        for (int k = 0; k < points; k++) {
            Philox.fillNormal(logits, 0, logits.length, 5, k, 0f, 3f);
            double[] probabilities = new double[logits.length];
            for (int s = 0; s < samples; s++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += probabilities[s * classes + c] = StrictMath.exp(logits[s * classes + c]);
                for (int c = 0; c < classes; c++) probabilities[s * classes + c] /= sum;
            }
            rows.add(PredictionSet.toSqrtClassMajor(probabilities, 0, samples, classes, false, "point " + k));
            labels.add(new PredictionSet.Point("p" + k, "run", 0, k, k));
        }
        double[][] distances = new BhattacharyyaDistances(backend).pairwise(new PredictionSet(labels, rows, samples, classes, null));
        double[][] coordinates = InPca.fit(distances).coordinates(3);
        List<Double> flat = new ArrayList<>();
        for (double[] row : distances) for (double d : row) flat.add(d);
        put(results, "embedding.distances", flat.stream().mapToDouble(Double::doubleValue).toArray());
        flat.clear();
        for (double[] row : coordinates) for (double x : row) flat.add(x);
        put(results, "embedding.inpca", flat.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void put(Map<String, String> results, String name, double... values) {
        StringBuilder bits = new StringBuilder();
        for (double v : values) bits.append(bits.isEmpty() ? "" : ",").append(String.format("%016x", Double.doubleToRawLongBits(v)));
        results.put(name, bits.toString());
    }

    private static void put(Map<String, String> results, String name, float[] values) {
        StringBuilder bits = new StringBuilder();
        for (float v : values) bits.append(bits.isEmpty() ? "" : ",").append(String.format("%08x", Float.floatToRawIntBits(v)));
        results.put(name, bits.toString());
    }
}
