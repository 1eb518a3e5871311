package org.netgeom.experiments;

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
import org.netgeom.nn.TrainableModel;
import org.netgeom.nn.ModelFiles;
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
import org.netgeom.star.BarrierCurve;
import org.netgeom.star.BarrierTable;
import org.netgeom.star.BatchNormRecompute;
import org.netgeom.star.StarAveraging;
import org.netgeom.star.StarModels;
import org.netgeom.star.Starlight;
import org.netgeom.star.StarlightConfig;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.train.Evaluator;
import org.netgeom.train.MetricsRow;
import org.netgeom.train.ResidentData;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.TrainingCallback;
import org.netgeom.train.TrainingContext;
import org.netgeom.train.TrainingResult;

/**
 * {@code netgeom starlight}: trains the star model on the sources, then measures it against
 * held-out models it never saw (docs/methods/star.md: Starlight, Evaluation on held-out models,
 * Averaging over the star domain, Outputs). Writes the star model as DIR/model.safetensors (and, as
 * earlier versions named it, DIR/star.safetensors), DIR/report.json (barrier
 * table, BMA table, curves, provenance), barriers.csv, bma.csv, metrics.csv and barriers.png or
 * .svg (mean loss along t per kind of pair; the settings' figure format).
 */
public final class StarlightRun {
    /**
     * @param points    points per barrier curve, ends included
     * @param split     where barriers are measured: "train" (the paper's), "test", or "both" (train, then test)
     * @param evalRows  barriers use each split's first evalRows rows (0: all)
     * @param figureFormat  the format of the barriers figure (null: PNG)
     * @param commandConfig what report.json records as the command's options
     * @param commandLine   what report.json records as the command's words
     */
    public record Settings(TrainConfig training, StarlightConfig star, int points, String split, int evalRows,
                           ProgressMode progress, FigureFormat figureFormat, Map<String, Object> commandConfig,
                           List<String> commandLine) {
        public Settings {
            figureFormat = figureFormat == null ? FigureFormat.PNG : figureFormat;
            if (training == null) throw InvalidInputException.forField("training", "Starlight needs {training} settings");
            if (star == null) throw InvalidInputException.forField("star", "Starlight needs its {star} settings");
            BarrierCurve.requirePointCount(points);
            if (split == null || !SPLITS.contains(split)) {
                throw InvalidInputException.forField("split", "{split} must be train, test or both, got " + split);
            }
            if (evalRows < 0) throw InvalidInputException.forField("evalRows", "{evalRows} must be >= 0 (0: the whole split), got " + evalRows);
        }

        /**
         * The CLI's defaults: {@link Zoo#TRAINING}, {@link StarlightConfig#defaults()}, 11 points per
         * curve on the first 10000 training rows, no progress shown, figures as PNG, no command recorded.
         */
        public static Settings defaults() {
            return new Settings(Zoo.TRAINING, StarlightConfig.defaults(), 11, "train", 10_000, ProgressMode.QUIET,
                    FigureFormat.PNG, Map.of(), List.of());
        }

        public Settings withTraining(TrainConfig value) {
            return new Settings(value, star, points, split, evalRows, progress, figureFormat, commandConfig, commandLine);
        }

        public Settings withStar(StarlightConfig value) {
            return new Settings(training, value, points, split, evalRows, progress, figureFormat, commandConfig, commandLine);
        }

        public Settings withPoints(int value) {
            return new Settings(training, star, value, split, evalRows, progress, figureFormat, commandConfig, commandLine);
        }

        public Settings withSplit(String value) {
            return new Settings(training, star, points, value, evalRows, progress, figureFormat, commandConfig, commandLine);
        }

        public Settings withEvalRows(int value) {
            return new Settings(training, star, points, split, value, progress, figureFormat, commandConfig, commandLine);
        }

        public Settings withProgress(ProgressMode value) {
            return new Settings(training, star, points, split, evalRows, value, figureFormat, commandConfig, commandLine);
        }

        /** The format of barriers.png / barriers.svg. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(training, star, points, split, evalRows, progress, value, commandConfig, commandLine);
        }

        /** What report.json records as the command: its options ({@code config}) and its words ({@code line}). */
        public Settings withCommand(Map<String, Object> config, List<String> line) {
            return new Settings(training, star, points, split, evalRows, progress, figureFormat, config, line);
        }
    }

    /** The values of {@link Settings#split()}. */
    public static final List<String> SPLITS = List.of("train", "test", "both");

    /** The star model under the name earlier versions gave it, still written beside {@link ModelFiles#FILE_NAME}. */
    public static final String STAR_FILE = "star.safetensors";

    /** What a Starlight run writes in its folder. */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of(ModelFiles.FILE_NAME, STAR_FILE, "metrics.csv",
            "report.json", "barriers.csv", "bma.csv"), FigureFormat.fileNames("barriers")).flatMap(List::stream).toList();

    private StarlightRun() {}

    public static Map<String, Object> run(Settings settings, Backend backend, DataSplit data,
                                          List<Path> sourceFiles, List<Path> heldOutFiles, Path outDir) {
        return run(settings, backend, data, sourceFiles, heldOutFiles, outDir, true);
    }

    /**
     * {@link #run(Settings, Backend, DataSplit, List, List, Path)}; without {@code referencePairs} the
     * barriers that leave out the star model (held-out pairs, anchor to held-out) are not measured:
     * a second star model on the same zoo (a variant start) reports only its own.
     */
    public static Map<String, Object> run(Settings settings, Backend backend, DataSplit data, List<Path> sourceFiles,
                                          List<Path> heldOutFiles, Path outDir, boolean referencePairs) {
        Instant started = Instant.now();
        if (heldOutFiles.size() < 2) {
            throw InvalidInputException.forField("heldOutFiles", "{heldOutFiles} needs at least 2 models (held-out pairs), got "
                    + heldOutFiles.size());
        }
        List<TrainableModel> sources = new ArrayList<>(), heldOut = new ArrayList<>();
        try (MemoryScope scope = new MemoryScope(backend)) {
            for (Path p : sourceFiles) sources.add(StarModels.loadModel(backend, p, Activation.RELU));
            for (Path p : heldOutFiles) heldOut.add(StarModels.loadModel(backend, p, Activation.RELU));
            for (int i = 0; i < sources.size(); i++) StarModels.requireCompatible(sources.get(0), sourceFiles.get(0).toString(), sources.get(i), sourceFiles.get(i).toString());
            for (int i = 0; i < heldOut.size(); i++) StarModels.requireCompatible(sources.get(0), sourceFiles.get(0).toString(), heldOut.get(i), heldOutFiles.get(i).toString());
            Loss loss = settings.training().loss();
            List<MetricsRow> rows = new ArrayList<>();
            try (TrainableModel star = Starlight.initialStarModel(sources, settings.star())) {
                EndModel start = EndModel.of(List.of(star), data, loss);
                // A network's star model never ran in training mode (only theta_t did): its running statistics are
                // recomputed on training batches before it is saved or evaluated, as every interpolated model's are,
                // and so are those of the copy that each epoch's test metrics (metrics.csv) evaluate.
                BatchNormRecompute recompute = StarModels.hasBatchNorm(star) ? BatchNormRecompute.ofTraining(scope, data.train()) : null;
                TrainingResult result = Starlight.train(star, sources, data.train(), data.test(), settings.training(),
                        settings.star(), List.of(metricsCollector(rows, settings.progress())), recompute);
                if (recompute != null) {
                    recompute.apply(star);
                    if (data.test() != null) {
                        Evaluator.Evaluation own = Evaluator.evaluate(star, loss, data.test());
                        result = new TrainingResult(result.steps(), result.samples(), result.trainLoss(), result.trainAccuracy(),
                                own.loss(), own.accuracy(), result.trainingSeconds(), result.samplesPerSecond(), result.totalSeconds());
                    }
                }
                Path dir = TrainingRun.ensureDir(outDir);
                Map<String, String> metadata = new LinkedHashMap<>();
                metadata.put(ModelFiles.LOSS_KEY, loss.cliName());
                metadata.put("netgeom.starlight.sources", Integer.toString(sources.size()));
                metadata.put("netgeom.starlight.t_sampling", settings.star().tSampling().cliName());
                metadata.put("netgeom.starlight.mu", Double.toString(settings.star().mu()));
                metadata.put("netgeom.starlight.start", settings.star().start().cliName());
                metadata.put("netgeom.seed", Long.toString(settings.training().seed()));
                ModelFiles.save(star, dir.resolve(ModelFiles.FILE_NAME), metadata);
                ModelFiles.save(star, dir.resolve(STAR_FILE), metadata);
                if (!rows.isEmpty()) TrainingRun.metricsTable(rows).write(dir.resolve("metrics.csv"));

                Map<String, EndModel> ends = new LinkedHashMap<>();
                ends.put("start_model", start);
                ends.put("star", EndModel.of(List.of(star), data, loss));
                ends.put("sources", EndModel.of(sources, data, loss));
                ends.put("held_out", EndModel.of(heldOut, data, loss));
                Map<String, BarrierTable> tables = new LinkedHashMap<>();
                Map<String, Integer> evalSamples = new LinkedHashMap<>();
                List<String> splits = settings.split().equals("both") ? List.of("train", "test") : List.of(settings.split());
                for (String split : splits) {
                    Dataset evalSet = split.equals("train") ? data.train() : data.test();
                    if (settings.evalRows() > 0 && settings.evalRows() < evalSet.size()) evalSet = evalSet.firstRows(settings.evalRows());
                    evalSamples.put(split, evalSet.size());
                    try (MemoryScope splitScope = new MemoryScope(backend);
                         Progress progress = Progress.start(settings.progress(), "barriers (" + split + ")",
                                 BarrierTable.pairCount(sources.size(), heldOut.size(), true, referencePairs), "pairs")) {
                        ResidentData resident = ResidentData.upload(splitScope, evalSet, loss, star.outputDim());
                        tables.put(split, BarrierTable.evaluate(star, sources, heldOut, resident, loss, settings.points(),
                                settings.star().seed(), referencePairs, recompute, progress::step));
                    }
                }
                Dataset test = data.test();
                List<StarAveraging.Row> bma = StarAveraging.table(star, sources, scope.upload(test.inputs()), test.targets(),
                        settings.star().seed(), recompute);
                Map<String, Object> report = report(settings, result, tables, ends, bma, evalSamples);
                if (recompute != null) {
                    Map<String, Object> batchNorm = new LinkedHashMap<>(Map.of("statistics", "recomputed", "split", "train"));
                    batchNorm.putAll(recompute.toMap());
                    report.put("batch_norm", batchNorm);
                }
                report.put("provenance", Provenance.capture(backend, settings.commandLine(),
                        settings.training().seed(), started).finished(Instant.now()).toMap());
                writeTables(dir, tables, bma);
                String firstSplit = splits.getFirst();
                plotCurves(dir.resolve(settings.figureFormat().fileName("barriers")), tables.get(firstSplit), firstSplit);
                JsonOutput.writeFile(dir.resolve("report.json"), report);
                return report;
            }
        } finally {
            for (TrainableModel m : sources) m.close();
            for (TrainableModel m : heldOut) m.close();
        }
    }

    /**
     * Train loss and accuracy on the whole training split and test loss and accuracy of a group of
     * models (mean and sample standard deviation over the group): barriers are printed beside
     * them, because a weaker end point lowers a barrier through the chord (docs/methods/star.md).
     */
    record EndModel(int count, double trainLoss, double trainLossSd, double trainAccuracy, double testLoss, double testAccuracy,
                    double testAccuracySd) {
        static EndModel of(List<? extends TrainableModel> models, DataSplit data, Loss loss) {
            double[] trainLoss = new double[models.size()], trainAccuracy = new double[models.size()];
            double[] testLoss = new double[models.size()], testAccuracy = new double[models.size()];
            for (int i = 0; i < models.size(); i++) {
                Evaluator.Evaluation train = Evaluator.evaluate(models.get(i), loss, data.train());
                Evaluator.Evaluation test = Evaluator.evaluate(models.get(i), loss, data.test());
                trainLoss[i] = train.loss();
                trainAccuracy[i] = train.accuracy();
                testLoss[i] = test.loss();
                testAccuracy[i] = test.accuracy();
            }
            return new EndModel(models.size(), mean(trainLoss), sd(trainLoss), mean(trainAccuracy), mean(testLoss),
                    mean(testAccuracy), sd(testAccuracy));
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("train_loss_mean", trainLoss);
            m.put("train_loss_sd", trainLossSd);
            m.put("train_accuracy_mean", trainAccuracy);
            m.put("test_loss_mean", testLoss);
            m.put("test_accuracy_mean", testAccuracy);
            m.put("test_accuracy_sd", testAccuracySd);
            return m;
        }

        private static double mean(double[] values) {
            double sum = 0;
            for (double v : values) sum += v;
            return sum / values.length;
        }

        private static double sd(double[] values) {
            if (values.length < 2) return 0;
            double m = mean(values), sum = 0;
            for (double v : values) sum += (v - m) * (v - m);
            return Math.sqrt(sum / (values.length - 1));
        }
    }

    private static Map<String, Object> report(Settings settings, TrainingResult result, Map<String, BarrierTable> tables,
                                              Map<String, EndModel> ends, List<StarAveraging.Row> bma, Map<String, Integer> evalSamples) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("config", settings.commandConfig());
        report.put("start", settings.star().start().cliName());
        report.put("star_test_accuracy", result.testAccuracy());
        report.put("star_test_loss", result.testLoss());
        report.put("star_train_loss_interpolated", result.trainLoss());
        EndModel star = ends.get("star");
        report.put("star_train_loss", star.trainLoss());
        report.put("star_train_accuracy", star.trainAccuracy());
        for (Map.Entry<String, EndModel> e : ends.entrySet()) report.put(e.getKey(), e.getValue().toMap());
        report.put("split", settings.split());
        report.put("eval_samples", evalSamples.values().iterator().next());
        report.put("eval_samples_by_split", evalSamples);
        report.put("points", settings.points());
        List<Map<String, Object>> barriers = new ArrayList<>();
        for (Map.Entry<String, BarrierTable> e : tables.entrySet()) {
            for (BarrierTable.Summary s : e.getValue().summaries()) {
                Map<String, Object> row = s.toMap();
                row.put("split", e.getKey());
                barriers.add(row);
            }
        }
        report.put("barriers", barriers);
        List<Map<String, Object>> bmaRows = new ArrayList<>();
        for (StarAveraging.Row r : bma) bmaRows.add(r.toMap());
        report.put("bma", bmaRows);
        report.put("bma_grid", StarAveraging.BMA_GRID);
        return report;
    }

    private static void writeTables(Path dir, Map<String, BarrierTable> tables, List<StarAveraging.Row> bma) {
        CsvTable barriers = new CsvTable("kind", "aligned", "count", "barrier_loss_mean", "barrier_loss_sd", "barrier_error_mean",
                "barrier_error_sd", "split");
        for (Map.Entry<String, BarrierTable> e : tables.entrySet()) {
            for (BarrierTable.Summary s : e.getValue().summaries()) {
                barriers.addRow(s.kind(), s.aligned(), s.count(), s.lossMean(), s.lossSd(), s.errorMean(), s.errorSd(), e.getKey());
            }
        }
        barriers.write(dir.resolve("barriers.csv"));
        CsvTable metrics = new CsvTable("method", "accuracy", "nll", "brier", "ece");
        for (StarAveraging.Row r : bma) {
            metrics.addRow(r.method(), r.metrics().accuracy(), r.metrics().nll(), r.metrics().brier(), r.metrics().ece());
        }
        metrics.write(dir.resolve("bma.csv"));
    }

    private static void plotCurves(Path target, BarrierTable table, String split) {
        List<Series> series = new ArrayList<>();
        for (String kind : List.of(BarrierTable.STAR_TO_HELD_OUT, BarrierTable.ANCHOR_TO_HELD_OUT, BarrierTable.HELD_OUT_PAIRS)) {
            for (boolean aligned : new boolean[] {true, false}) {
                if (table.curves(kind, aligned).isEmpty()) continue;
                double[] mean = table.meanLossCurve(kind, aligned);
                double[] t = new double[mean.length];
                for (int k = 0; k < t.length; k++) t[k] = k / (double) (t.length - 1);
                series.add(new Series(kind.replace('_', ' ') + (aligned ? " (aligned)" : " (raw)"), t, mean));
            }
        }
        try {
            Plots.lineChart(target, ChartStyle.of("Mean " + split + " loss along the segment", "t", "loss"), series);
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: " + target.getFileName() + " skipped: " + e.getMessage());
        }
    }

    private static TrainingCallback metricsCollector(List<MetricsRow> rows, ProgressMode mode) {
        return new TrainingCallback() {
            private Progress progress;

            @Override public void onStart(TrainingContext context) {
                progress = Progress.start(mode, "starlight", context.totalSteps(), "steps");
            }

            @Override public void afterStep(TrainingContext context) { progress.stepTo(context.step()); }

            @Override public void onMetrics(TrainingContext context, MetricsRow row) {
                rows.add(row);
                progress.setMessage(String.format("loss %.4f", row.trainLoss()));
            }

            @Override public void onEnd(TrainingContext context, TrainingResult result) { progress.close(); }
        };
    }
}
