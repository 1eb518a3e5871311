package org.netgeom.train;

import java.util.List;
import org.netgeom.data.Dataset;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageOps;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.Philox;

/**
 * Mini-batch training with the data resident on the backend. Each epoch draws a Philox
 * permutation (seed, stream {@link TrainStreams#shuffle}), uploads it once, and gathers batches on the device;
 * the last partial batch is kept. Loss and accuracy accumulate on the device and are read back
 * only every {@code logEverySteps} steps and at the end of each epoch. Augmentation, if any,
 * changes each gathered batch on the backend ({@link Augmentation}).
 */
public final class Trainer {
    private final TrainConfig config;
    private final List<TrainingCallback> callbacks;
    private final StepObjective objective;

    /** A Trainer whose steps minimize the configured loss, calling {@code callbacks} in order. */
    public Trainer(TrainConfig config, List<TrainingCallback> callbacks) {
        this(config, callbacks, StepObjective.standard(config.loss()));
    }

    /** A Trainer whose steps follow {@code objective} instead of the model's own loss. */
    public Trainer(TrainConfig config, List<TrainingCallback> callbacks, StepObjective objective) {
        this.config = config;
        this.callbacks = List.copyOf(callbacks);
        this.objective = objective;
    }

    /** Trains {@code model} on {@code train}; evaluates on {@code test} (may be null) after each epoch. */
    public TrainingResult train(TrainableModel model, Dataset train, Dataset test) {
        Backend backend = model.backend();
        long started = System.nanoTime();
        try (MemoryScope scope = new MemoryScope(backend);
             Optimizer optimizer = new Optimizer(backend, config.optimizer(), (int) model.parameters().size())) {
            ResidentData trainData = ResidentData.upload(scope, train, config.loss(), model.outputDim());
            ResidentData testData = test == null ? null : ResidentData.upload(scope, test, config.loss(), model.outputDim());
            int n = train.size();
            int batch = Math.min(config.batchSize(), n);
            long stepsPerEpoch = (n + batch - 1) / batch;
            long totalSteps = stepsPerEpoch * config.epochs();
            DeviceMatrix indices = scope.allocate(1, n);
            DeviceMatrix batchInputs = scope.allocate(batch, train.inputDim());
            DeviceMatrix batchTargets = scope.allocate(batch, trainData.targets().cols());
            DeviceMatrix gradOutputs = scope.allocate(batch, model.outputDim());
            DeviceMatrix stats = scope.allocate(1, 2);
            Augmenter augmenter = config.augmentation().active() ? new Augmenter(model, scope, n, batch) : null;

            TrainingContext context = new TrainingContext(model, config, 0, 0, stepsPerEpoch, totalSteps);
            for (TrainingCallback c : callbacks) c.onStart(context);
            for (TrainingCallback c : callbacks) c.afterStep(context);

            long step = 0, samples = 0;
            double trainingSeconds = 0;
            MetricsRow last = null;
            double epochLoss = Double.NaN, epochAccuracy = Double.NaN;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                backend.upload(permutationRow(n, epoch), indices);
                if (augmenter != null) augmenter.startEpoch(epoch);
                double epochLossSum = 0, epochCorrect = 0;
                long intervalStart = step, intervalSamples = 0;
                long clock = System.nanoTime();
                for (int offset = 0; offset < n; offset += batch) {
                    int rows = Math.min(batch, n - offset);
                    DeviceMatrix x = rowsOf(backend, batchInputs, rows);
                    DeviceMatrix y = rowsOf(backend, batchTargets, rows);
                    DeviceMatrix grad = rowsOf(backend, gradOutputs, rows);
                    backend.gatherRows(trainData.inputs(), indices, offset, x);
                    backend.gatherRows(trainData.targets(), indices, offset, y);
                    if (augmenter != null) x = augmenter.apply(x, offset, rows);
                    objective.computeGradients(model, x, y, grad, rows, stats);
                    float learningRate = learningRate(step, totalSteps, stepsPerEpoch);
                    optimizer.step(model.parameters(), model.gradients(), learningRate);
                    step++;
                    samples += rows;
                    intervalSamples += rows;
                    context = new TrainingContext(model, config, step, epoch, stepsPerEpoch, totalSteps);
                    boolean epochEnds = offset + batch >= n;
                    if (step - intervalStart == config.logEverySteps() || epochEnds) {
                        Matrix totals = backend.download(stats);
                        backend.fill(stats, 0f);
                        double seconds = (System.nanoTime() - clock) / 1e9;
                        trainingSeconds += seconds;
                        double lossMean = (double) totals.get(0, 0) / intervalSamples;
                        if (!Double.isFinite(lossMean)) {
                            throw new TrainingDivergedException(intervalStart + 1, step, lossMean, learningRate);
                        }
                        epochLossSum += totals.get(0, 0);
                        epochCorrect += totals.get(0, 1);
                        Evaluator.Evaluation testEval = epochEnds && testData != null
                                ? Evaluator.evaluate(objective.evaluationModel(model), config.loss(), testData.inputs(), testData.targets(),
                                        evalBatch(batch))
                                : null;
                        last = new MetricsRow(step, step / (double) stepsPerEpoch, samples, lossMean,
                                (double) totals.get(0, 1) / intervalSamples,
                                testEval == null ? Double.NaN : testEval.loss(),
                                testEval == null ? Double.NaN : testEval.accuracy(), learningRate,
                                (System.nanoTime() - started) / 1e9, intervalSamples / seconds);
                        for (TrainingCallback c : callbacks) c.onMetrics(context, last);
                        if (epochEnds) {
                            epochLoss = epochLossSum / n;
                            epochAccuracy = epochCorrect / n;
                            for (TrainingCallback c : callbacks) c.onEpochEnd(context, last);
                        }
                        intervalStart = step;
                        intervalSamples = 0;
                        clock = System.nanoTime();
                    }
                    for (TrainingCallback c : callbacks) c.afterStep(context);
                }
            }
            TrainingResult result = new TrainingResult(step, samples, epochLoss, epochAccuracy,
                    last == null ? Double.NaN : last.testLoss(), last == null ? Double.NaN : last.testAccuracy(),
                    trainingSeconds, samples / trainingSeconds, (System.nanoTime() - started) / 1e9);
            for (TrainingCallback c : callbacks) c.onEnd(context, result);
            return result;
        }
    }

    /**
     * Applies {@link TrainConfig#augmentation()} to each gathered batch on the backend: the epoch's
     * draws are uploaded once, and a batch at offset o of the epoch's order uses rows o, o + 1, ...
     */
    private final class Augmenter {
        private final Backend backend;
        private final ImageOps ops;
        private final ImageShape shape;
        private final DeviceMatrix draws, output;
        private final int n;

        Augmenter(TrainableModel model, MemoryScope scope, int n, int batch) {
            this.backend = model.backend();
            if (!(model instanceof ConvNet network)) {
                throw InvalidInputException.forField("augment", "{augment} " + config.augmentation().label()
                        + " crops and flips images: it needs a convolutional network (a layer list or a named model with an input shape)");
            }
            if (!(backend instanceof ImageOps imageOps)) {
                throw new InvalidInputException("the " + backend.name() + " backend has no image kernels for --augment; use --backend cpu");
            }
            this.ops = imageOps;
            this.shape = network.inputFit().data(); // the data's images, before any padding to the network's shape
            this.n = n;
            this.draws = scope.allocate(n, 3);
            this.output = scope.allocate(batch, shape.size());
        }

        void startEpoch(int epoch) {
            backend.upload(config.augmentation().draws(n, config.seed(), epoch), draws);
        }

        DeviceMatrix apply(DeviceMatrix batchInputs, int offset, int rows) {
            DeviceMatrix out = rowsOf(backend, output, rows);
            ops.cropFlip(shape, config.augmentation().cropPadding(), batchInputs, backend.view(draws, 3L * offset, rows, 3), out);
            return out;
        }
    }

    /** Batches as large as training's (at least 1024 rows) keep evaluation cheap. */
    private static int evalBatch(int trainBatch) { return Math.max(trainBatch, 1024); }

    private float learningRate(long step, long totalSteps, long stepsPerEpoch) {
        return (float) (config.optimizer().learningRate() * config.schedule().factor(step, totalSteps, stepsPerEpoch));
    }

    private Matrix permutationRow(int n, int epoch) {
        int[] permutation = Philox.permutation(n, config.seed(), TrainStreams.shuffle(epoch));
        float[] asFloats = new float[n];
        for (int i = 0; i < n; i++) asFloats[i] = permutation[i];
        return new Matrix(1, n, asFloats);
    }

    private static DeviceMatrix rowsOf(Backend backend, DeviceMatrix full, int rows) {
        return rows == full.rows() ? full : backend.view(full, 0, rows, full.cols());
    }
}
