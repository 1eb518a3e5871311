package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netgeom.bmd.BmdResult;
import org.netgeom.bmd.BmdSettings;
import org.netgeom.bmd.BooleanMeanDimension;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.data.InputBinarization;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Loss;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.RandomFeatures;
import org.netgeom.nn.RidgePenaltySearch;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;

/**
 * Fits and measures one model of a {@link DoubleDescent} sweep. The data are uploaded once and
 * stay on the backend for every width and seed.
 */
final class SweepModels implements AutoCloseable {
    private static final int EVALUATION_BATCH = 4096;

    private final DoubleDescent.Settings settings;
    private final Backend backend;
    private final DataSplit data;
    private final MemoryScope scope;
    private final Loss loss;
    private final int outputs;
    private final Matrix trainTargets;
    private final DeviceMatrix trainInputs;
    private final DeviceMatrix trainTargetsOnDevice;
    private final DeviceMatrix testInputs;
    private final DeviceMatrix testTargets;
    private final DeviceMatrix validationInputs;
    private final Matrix validationTargets;
    /** Sign flips of the training rows, when they are +-1 (binarized): the BMD in distribution; else null. */
    private final InputDistribution dataFlips;
    /** The sweep's folder when every model is saved ({@link DoubleDescent#modelFile}), else null. */
    private final Path modelsOut;
    /** The binarization the data went through (null: raw), recorded in saved models. */
    private final InputBinarization binarization;

    SweepModels(DoubleDescent.Settings settings, Backend backend, DataSplit data, Dataset validation, Path modelsOut,
                InputBinarization binarization) {
        this.modelsOut = modelsOut;
        this.binarization = binarization;
        this.settings = settings;
        this.backend = backend;
        this.data = data;
        this.scope = new MemoryScope(backend);
        Dataset train = data.train();
        boolean classes = train.isClassification();
        this.loss = settings.model() == DoubleDescent.ModelKind.MLP && classes ? Loss.CROSS_ENTROPY : Loss.SQUARED_ERROR;
        this.outputs = !classes ? train.targetDim() : loss == Loss.SQUARED_ERROR && train.classes() == 2 ? 1 : train.classes();
        this.trainTargets = loss.encodeTargets(train.targets(), train.classes(), outputs);
        this.trainInputs = scope.upload(train.inputs());
        this.trainTargetsOnDevice = scope.upload(trainTargets);
        this.testInputs = scope.upload(data.test().inputs());
        this.testTargets = scope.upload(loss.encodeTargets(data.test().targets(), data.test().classes(), outputs));
        boolean needsValidation = settings.needsValidation();
        this.validationInputs = needsValidation ? scope.upload(validation.inputs()) : null;
        this.validationTargets = needsValidation
                ? loss.encodeTargets(validation.targets(), validation.classes(), outputs) : null;
        this.dataFlips = InputBinarization.isBinary(train.inputs()) ? new InputDistribution.DataSignFlips(train) : null;
    }

    DoubleDescent.Measurement measure(int width, long seed, BmdSettings bmd) {
        return settings.model() == DoubleDescent.ModelKind.RF ? randomFeatures(width, seed, bmd) : mlp(width, seed, bmd);
    }

    private DoubleDescent.Measurement randomFeatures(int width, long seed, BmdSettings bmd) {
        try (RandomFeatures rf = new RandomFeatures(backend, data.train().inputDim(), width, outputs, settings.activation(), seed)) {
            double lambda = settings.lambda() != null ? settings.lambda()
                    : RidgePenaltySearch.bestLambda(rf, trainInputs, trainTargets, validationInputs, validationTargets,
                            RidgePenaltySearch.defaultGrid(), settings.lambdaCriterion());
            RidgeRegression.fit(rf, trainInputs, trainTargets, lambda, RidgeRegression.Precision.FLOAT64);
            return measured(rf, lambda, bmd, width, seed);
        }
    }

    private DoubleDescent.Measurement mlp(int width, long seed, BmdSettings bmd) {
        Architecture architecture = Architecture.of(data.train().inputDim(), width, outputs);
        try (Mlp mlp = new Mlp(backend, architecture, settings.activation()).initialize(Initialization.PYTORCH, seed)) {
            if (settings.adversarialInit()) {
                AdversarialInitialization.fitRandomLabels(mlp, data.train(), trainConfig(settings.adversarialEpochs(), seed));
            }
            new Trainer(trainConfig(settings.training().epochs(), seed), java.util.List.of()).train(mlp, data.train(), null);
            return measured(mlp, settings.training().optimizer().weightDecay(), bmd, width, seed);
        }
    }

    /** The sweep's training settings with this point's seed and the sweep's loss. */
    private TrainConfig trainConfig(int epochs, long seed) {
        TrainConfig c = settings.training();
        return c.withEpochs(epochs).withSeed(seed).withLoss(loss);
    }

    private DoubleDescent.Measurement measured(TrainableModel model, double lambda, BmdSettings bmd, int width, long seed) {
        if (modelsOut != null) save(model, lambda, width, seed);
        Evaluator.Evaluation train = Evaluator.evaluate(model, loss, trainInputs, trainTargetsOnDevice, EVALUATION_BATCH);
        Evaluator.Evaluation test = Evaluator.evaluate(model, loss, testInputs, testTargets, EVALUATION_BATCH);
        BmdResult result = BooleanMeanDimension.monteCarlo(model, bmd);
        BmdResult onData = dataFlips == null ? null
                : bmd.distribution().name().equals(dataFlips.name()) ? result
                : BooleanMeanDimension.monteCarlo(model, bmd.withDistribution(dataFlips));
        return new DoubleDescent.Measurement(lambda, error(train), error(test), train.loss(), test.loss(), result, onData);
    }

    /**
     * Writes the fitted model to {@link DoubleDescent#modelFile} with its provenance (seed, backend,
     * data, loss, start, penalty) and, on binarized data, the binarization, so robustness-study and
     * every other command that reads it match their data to it (ModelFiles#matchInputs).
     */
    private void save(TrainableModel model, double lambda, int width, long seed) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("netgeom.seed", Long.toString(seed));
        metadata.put("netgeom.backend", backend.name());
        metadata.put("netgeom.data", data.train().name());
        metadata.put(ModelFiles.LOSS_KEY, loss.cliName());
        metadata.put("netgeom.init", settings.init());
        if (settings.model() == DoubleDescent.ModelKind.RF) metadata.put("netgeom.lambda", Double.toString(lambda));
        if (binarization != null) metadata.putAll(binarization.toMetadata());
        Path file = DoubleDescent.modelFile(modelsOut, settings, width, seed);
        TrainingRun.ensureDir(file.getParent());
        ModelFiles.save(model, file, metadata);
    }

    /** Classification error for classes, the mean squared error for regression. */
    private double error(Evaluator.Evaluation evaluation) {
        return data.train().isClassification() ? 1 - evaluation.accuracy() : evaluation.loss();
    }

    @Override
    public void close() { scope.close(); }
}
