import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.netgeom.backend.BackendOptions;
import org.netgeom.backend.Backends;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.BooleanMeanDimension;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.TrainableModel;
import org.netgeom.star.BarrierCurve;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;
import org.netgeom.train.ResidentData;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingResult;
import org.netgeom.trajectory.BhattacharyyaDistances;
import org.netgeom.trajectory.InPca;
import org.netgeom.trajectory.PredictionSet;
import org.netgeom.trajectory.PredictionSnapshots;

/**
 * netgeom embedded in a Java program (docs/LIBRARY.md): train two small MLPs on a synthetic
 * teacher, evaluate one, measure its boolean mean dimension, save and reload it, the loss barrier
 * between the two, and an InPCA embedding of their predictions. Prints one "name value" line per
 * number. Run with --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED.
 */
public final class TrainAndMeasure {
    private static final int INPUT_DIM = 20;

    public static void main(String[] args) throws Exception {
        // The CPU backend owns worker threads and all matrix memory: close it last.
        try (Backend backend = Backends.open(BackendOptions.cpu()).backend()) {
            DataSplit data = DataSets.load(DataSpec.teacher(Teacher.Kind.SIGN),
                    DataOptions.defaults().withInputDim(INPUT_DIM).withTrainSize(2000).withTestSize(500).withSeed(7));
            TrainConfig training = TrainConfig.defaults().withEpochs(5).withBatchSize(64);

            try (Mlp a = trainedMlp(backend, data, training, 1); Mlp b = trainedMlp(backend, data, training, 2);
                 MemoryScope scope = new MemoryScope(backend)) {
                // Evaluation on data uploaded once; the scope frees it.
                ResidentData test = ResidentData.upload(scope, data.test(), training.loss(), a.outputDim());
                Evaluator.Evaluation evaluation = Evaluator.evaluate(a, training.loss(), test.inputs(), test.targets(), 512);
                System.out.println("test_accuracy " + evaluation.accuracy());
                System.out.println("test_loss " + evaluation.loss());

                // Boolean mean dimension: Monte Carlo over uniform +-1 inputs (the defaults), 400 points.
                BmdResult bmd = BooleanMeanDimension.monteCarlo(a, BmdSettings.defaults().withSamples(400).withSeed(11));
                System.out.println("bmd " + bmd.bmd());
                System.out.println("bmd_stderr " + bmd.stderr());

                // Save as safetensors (PyTorch names and shapes) in a folder of its own, as the commands
                // do (folder/model.safetensors), load it back by its folder, evaluate again.
                Path folder = Files.createTempDirectory("netgeom-example");
                folder.toFile().deleteOnExit();
                ModelFiles.save(a, folder.resolve(ModelFiles.FILE_NAME), Map.of("seed", "1"));
                folder.resolve(ModelFiles.FILE_NAME).toFile().deleteOnExit();
                try (TrainableModel loaded = ModelFiles.load(backend, folder)) {
                    Evaluator.Evaluation again = Evaluator.evaluate(loaded, training.loss(), test.inputs(), test.targets(), 512);
                    System.out.println("reloaded_test_accuracy " + again.accuracy());
                }

                // Loss and error barrier on the segment between two independent solutions.
                BarrierCurve curve = BarrierCurve.compute(a, b, test, training.loss(), 11);
                System.out.println("barrier_loss " + curve.barrierLoss());
                System.out.println("barrier_error " + curve.barrierError());

                // Prediction points from the models' class probabilities, their Bhattacharyya
                // distances, and the InPCA embedding with ignorance and truth added.
                PredictionSet points = predictionSet(data, List.of(a, b)).withReferencePoints();
                double[][] distances = new BhattacharyyaDistances(backend).pairwise(points);
                double[][] coordinates = InPca.fit(distances).coordinates(2);
                for (int i = 0; i < points.size(); i++) {
                    System.out.printf("inpca %s %.6f %.6f%n", points.point(i).name(), coordinates[i][0], coordinates[i][1]);
                }
                System.out.println("distance_a_b " + distances[0][1]);
            }
        }
    }

    private static Mlp trainedMlp(Backend backend, DataSplit data, TrainConfig training, long seed) {
        Mlp mlp = new Mlp(backend, Architecture.of(INPUT_DIM, 32, 2), Activation.RELU).initialize(Initialization.PYTORCH, seed);
        TrainingResult result = new Trainer(training.withSeed(seed), List.of()).train(mlp, data.train(), data.test());
        System.out.println("trained_seed_" + seed + "_test_accuracy " + result.testAccuracy());
        return mlp;
    }

    /** The models' softmax outputs on the test inputs as prediction points. */
    private static PredictionSet predictionSet(DataSplit data, List<Mlp> models) {
        List<PredictionSet.Point> descriptions = new ArrayList<>();
        List<Matrix> probabilities = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            descriptions.add(new PredictionSet.Point("model" + m, "mlp", m + 1, 5, 0));
            probabilities.add(PredictionSnapshots.probabilities(models.get(m), data.test().inputs()));
        }
        int[] labels = new int[data.test().size()];
        for (int s = 0; s < labels.length; s++) labels[s] = data.test().label(s);
        return PredictionSet.fromProbabilities(descriptions, probabilities, labels);
    }
}
