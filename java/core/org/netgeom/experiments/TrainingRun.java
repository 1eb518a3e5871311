package org.netgeom.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Loss;
import org.netgeom.nn.ModelFiles;
import org.netgeom.nn.ModelSpec;
import org.netgeom.nn.RandomFeatures;
import org.netgeom.nn.RidgeRegression;
import org.netgeom.nn.TrainableModel;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.FigureFormat;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.Provenance;
import org.netgeom.report.Series;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;
import org.netgeom.train.MetricsRow;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingCallback;
import org.netgeom.train.TrainingContext;
import org.netgeom.train.TrainingResult;

/**
 * One training run end to end: build the model, train it (gradient descent, or ridge for
 * random features), and write DIR/model.safetensors, metrics.csv, run.json and loss.png (or
 * loss.svg: the settings' figure format).
 */
public final class TrainingRun {
    /** What a run writes in its folder. */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of("model.safetensors", "metrics.csv", "run.json"),
            FigureFormat.fileNames("loss")).flatMap(List::stream).toList();

    /** How the model is fitted: by the Trainer, or (random features only) by closed-form ridge. */
    public enum Fit { GRADIENT_DESCENT, RIDGE }

    /**
     * One run: the model, how it is trained or fitted ({@code ridgeLambda} and
     * {@code ridgePrecision} apply to {@link Fit#RIDGE}), how progress shows, the format of
     * the loss figure (loss.png or loss.svg; null: PNG), and what the run records: the
     * command's options and words (run.json, provenance) and extra model metadata. Start from
     * {@link #defaults(ModelSpec)}.
     */
    public record Settings(ModelSpec model, TrainConfig training, Fit fit, double ridgeLambda,
                           RidgeRegression.Precision ridgePrecision, ProgressMode progress, FigureFormat figureFormat,
                           Map<String, Object> commandConfig, List<String> commandLine,
                           Map<String, String> extraModelMetadata) {
        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            if (model == null) throw InvalidInputException.forField("model", "a training run needs a {model}");
            if (training == null) throw InvalidInputException.forField("training", "a training run needs {training} settings");
            if (fit == Fit.RIDGE && !(model instanceof ModelSpec.RandomFeaturesSpec)) {
                throw InvalidInputException.forFields(List.of("fit", "model"), "{fit} RIDGE needs a random-features {model}, got "
                        + model.describe());
            }
        }

        /**
         * {@code model} trained by gradient descent with {@link TrainConfig#defaults()}; ridge (if
         * chosen by {@link #withFit}) at lambda 1e-6 in float64; no progress shown; figures as PNG;
         * no command recorded.
         */
        public static Settings defaults(ModelSpec model) {
            return new Settings(model, TrainConfig.defaults(), Fit.GRADIENT_DESCENT, 1e-6, RidgeRegression.Precision.FLOAT64,
                    ProgressMode.QUIET, FigureFormat.PNG, Map.of(), List.of(), Map.of());
        }

        public Settings withModel(ModelSpec value) {
            return new Settings(value, training, fit, ridgeLambda, ridgePrecision, progress, figureFormat, commandConfig,
                    commandLine, extraModelMetadata);
        }

        public Settings withTraining(TrainConfig value) {
            return new Settings(model, value, fit, ridgeLambda, ridgePrecision, progress, figureFormat, commandConfig,
                    commandLine, extraModelMetadata);
        }

        public Settings withFit(Fit value) {
            return new Settings(model, training, value, ridgeLambda, ridgePrecision, progress, figureFormat, commandConfig,
                    commandLine, extraModelMetadata);
        }

        public Settings withRidgeLambda(double value) {
            return new Settings(model, training, fit, value, ridgePrecision, progress, figureFormat, commandConfig,
                    commandLine, extraModelMetadata);
        }

        public Settings withRidgePrecision(RidgeRegression.Precision value) {
            return new Settings(model, training, fit, ridgeLambda, value, progress, figureFormat, commandConfig,
                    commandLine, extraModelMetadata);
        }

        public Settings withProgress(ProgressMode value) {
            return new Settings(model, training, fit, ridgeLambda, ridgePrecision, value, figureFormat, commandConfig,
                    commandLine, extraModelMetadata);
        }

        /** The format of loss.png / loss.svg. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(model, training, fit, ridgeLambda, ridgePrecision, progress, value, commandConfig,
                    commandLine, extraModelMetadata);
        }

        /** What run.json records as the command: its options ({@code config}) and its words ({@code line}). */
        public Settings withCommand(Map<String, Object> config, List<String> line) {
            return new Settings(model, training, fit, ridgeLambda, ridgePrecision, progress, figureFormat, config, line,
                    extraModelMetadata);
        }

        public Settings withExtraModelMetadata(Map<String, String> value) {
            return new Settings(model, training, fit, ridgeLambda, ridgePrecision, progress, figureFormat, commandConfig,
                    commandLine, value);
        }
    }

    /** What --json prints and run.json's "results" holds. */
    public record Outcome(double testAccuracy, double testLoss, double trainLoss, double trainAccuracy,
                          double samplesPerSecond, double seconds, long steps, String backend, String device) {
        /** The JSON form (snake_case keys), for --json and run.json. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_accuracy", testAccuracy);
            m.put("test_loss", testLoss);
            m.put("train_loss", trainLoss);
            m.put("train_accuracy", trainAccuracy);
            m.put("samples_per_second", samplesPerSecond);
            m.put("backend", backend);
            m.put("device", device);
            m.put("seconds", seconds);
            m.put("steps", steps);
            return m;
        }
    }

    private TrainingRun() {}

    public static Outcome run(Settings settings, Backend backend, DataSplit data, Path outDir) {
        Instant start = Instant.now();
        Dataset train = data.train();
        Loss loss = settings.training().loss();
        int outputDim = outputsNeeded(train, loss, settings.model());
        List<MetricsRow> rows = new ArrayList<>();
        try (TrainableModel model = settings.model().build(backend, train.inputDim(), outputDim, settings.training().seed())) {
            TrainingResult result = settings.fit() == Fit.RIDGE
                    ? fitRidge(settings, (RandomFeatures) model, data)
                    : train(settings, model, data, rows, outDir);
            Outcome outcome = new Outcome(result.testAccuracy(), result.testLoss(), result.trainLoss(),
                    result.trainAccuracy(), result.samplesPerSecond(), result.totalSeconds(), result.steps(),
                    backend.name(), backend.deviceDescription());
            if (outDir != null) {
                Provenance provenance = Provenance.capture(backend, settings.commandLine(),
                        settings.training().seed(), start).finished(Instant.now());
                writeOutputs(outDir, model, settings, rows, outcome, provenance, data);
            }
            return outcome;
        }
    }

    private static int outputsNeeded(Dataset train, Loss loss, ModelSpec spec) {
        if (train.classes() == 0) return train.targets().cols();
        boolean binarySquared = loss == Loss.SQUARED_ERROR && train.classes() == 2;
        if (spec instanceof ModelSpec.MlpSpec mlp) {
            int outputs = mlp.architecture().outputDim();
            boolean fits = outputs == train.classes() || (binarySquared && outputs == 1);
            if (!fits) {
                throw InvalidInputException.forField("model", "{model} " + mlp.architecture() + " ends in " + outputs + " outputs but "
                        + train.name() + " has " + train.classes() + " classes: make the last width " + train.classes());
            }
            return outputs;
        }
        return binarySquared ? 1 : train.classes();
    }

    private static TrainingResult train(Settings settings, TrainableModel model, DataSplit data, List<MetricsRow> rows,
                                        Path outDir) {
        List<TrainingCallback> callbacks = new ArrayList<>();
        callbacks.add(new TrainingCallback() {
            @Override public void onMetrics(TrainingContext context, MetricsRow row) { rows.add(row); }

            @Override public void onEpochEnd(TrainingContext context, MetricsRow row) {
                if (outDir != null) metricsTable(rows).write(ensureDir(outDir).resolve("metrics.csv"));
            }
        });
        ProgressCallback progress = new ProgressCallback(settings.progress());
        callbacks.add(progress);
        try {
            return new Trainer(settings.training(), callbacks).train(model, data.train(), data.test());
        } finally {
            progress.close(); // also when training fails, so a bar does not stay half drawn
        }
    }

    private static TrainingResult fitRidge(Settings settings, RandomFeatures model, DataSplit data) {
        long started = System.nanoTime();
        Loss loss = Loss.SQUARED_ERROR;
        Backend backend = model.backend();
        try (MemoryScope scope = new MemoryScope(backend)) {
            Dataset train = data.train();
            RidgeRegression.fit(model, scope.upload(train.inputs()),
                    loss.encodeTargets(train.targets(), train.classes(), model.outputDim()), settings.ridgeLambda(),
                    settings.ridgePrecision());
            double fitSeconds = (System.nanoTime() - started) / 1e9;
            Evaluator.Evaluation trainEval = evaluate(scope, model, loss, train);
            Evaluator.Evaluation testEval = data.test() == null ? null : evaluate(scope, model, loss, data.test());
            return new TrainingResult(0, train.size(), trainEval.loss(), trainEval.accuracy(),
                    testEval == null ? Double.NaN : testEval.loss(), testEval == null ? Double.NaN : testEval.accuracy(),
                    fitSeconds, train.size() / fitSeconds, (System.nanoTime() - started) / 1e9);
        }
    }

    private static Evaluator.Evaluation evaluate(MemoryScope scope, TrainableModel model, Loss loss, Dataset data) {
        return Evaluator.evaluate(model, loss, scope.upload(data.inputs()),
                scope.upload(loss.encodeTargets(data.targets(), data.classes(), model.outputDim())), 4096);
    }

    private static void writeOutputs(Path outDir, TrainableModel model, Settings settings, List<MetricsRow> rows,
                                     Outcome outcome, Provenance provenance, DataSplit data) {
        Path dir = ensureDir(outDir);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("netgeom.seed", Long.toString(settings.training().seed()));
        metadata.put("netgeom.backend", outcome.backend());
        metadata.put("netgeom.data", data.train().name());
        metadata.put(ModelFiles.LOSS_KEY, settings.fit() == Fit.RIDGE ? Loss.SQUARED_ERROR.cliName()
                : settings.training().loss().cliName());
        metadata.putAll(settings.extraModelMetadata());
        ModelFiles.save(model, dir.resolve("model.safetensors"), metadata);
        if (!rows.isEmpty()) {
            metricsTable(rows).write(dir.resolve("metrics.csv"));
            double[] steps = rows.stream().mapToDouble(MetricsRow::step).toArray();
            double[] losses = rows.stream().mapToDouble(MetricsRow::trainLoss).toArray();
            String figure = settings.figureFormat().fileName("loss");
            try {
                Plots.lineChart(dir.resolve(figure), ChartStyle.of("Training loss", "step", "loss"),
                        List.of(new Series("train loss", steps, losses)));
            } catch (PlotUnavailableException e) {
                System.err.println("netgeom: " + figure + " skipped: " + e.getMessage());
            }
        }
        Map<String, Object> runJson = new LinkedHashMap<>();
        runJson.put("config", settings.commandConfig());
        runJson.put("results", outcome.toMap());
        runJson.put("provenance", provenance.toMap());
        JsonOutput.writeFile(dir.resolve("run.json"), runJson);
    }

    static CsvTable metricsTable(List<MetricsRow> rows) {
        CsvTable table = new CsvTable(MetricsRow.CSV_HEADER.split(","));
        for (MetricsRow r : rows) {
            table.addRow(r.step(), r.epoch(), r.samples(), r.trainLoss(), r.trainAccuracy(), r.testLoss(),
                    r.testAccuracy(), r.learningRate(), r.seconds(), r.samplesPerSecond());
        }
        return table;
    }

    public static Path ensureDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot create output folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Progress in steps, with the latest train loss as the message. */
    private static final class ProgressCallback implements TrainingCallback {
        private final ProgressMode mode;
        private Progress progress;

        ProgressCallback(ProgressMode mode) { this.mode = mode; }

        @Override public void onStart(TrainingContext context) {
            progress = Progress.start(mode, "train", context.totalSteps(), "steps");
        }

        @Override public void afterStep(TrainingContext context) { progress.stepTo(context.step()); }

        @Override public void onMetrics(TrainingContext context, MetricsRow row) {
            progress.setMessage(String.format("loss %.4f", row.trainLoss()));
        }

        @Override public void onEnd(TrainingContext context, TrainingResult result) { close(); }

        void close() {
            if (progress != null) progress.close();
        }
    }
}
