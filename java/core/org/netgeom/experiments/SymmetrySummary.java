package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.report.Provenance;
import org.netgeom.report.Series;
import org.netgeom.report.Statistics;

/**
 * Per arm of a symmetry study: final accuracy and loss mean +- sd over seeds, the paired t-test
 * p-value against the task's baseline (paired by seed), and the early replica metric; per task,
 * Spearman's correlation between the early metric and the final score.
 */
public final class SymmetrySummary {
    /**
     * One arm's summary: final test accuracy and loss as mean and sd over seeds, the paired t-test
     * p-value against its task's baseline, and the early replica distance.
     */
    public record ArmSummary(String task, String arm, int seeds, double accuracyMean, double accuracySd, double lossMean,
                             double lossSd, double pValueVsBaseline, double earlyReplicaDistance) {}

    /**
     * One task's summary: Spearman's correlation between the arms' early replica distance and their
     * final score (NaN for fewer than three arms), and which score that is.
     */
    public record TaskSummary(String task, double spearmanEarlyMetricVsScore, String score) {}

    /** The study's summary files, in its folder, and its figure's name without the format's extension. */
    public static final String SUMMARY_CSV = "summary.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String FIGURE = "accuracy_vs_metric";

    /** The summary table (summary.csv) and summary.json's content. */
    public record Outcome(CsvTable table, Map<String, Object> summary) {}

    private SymmetrySummary() {}

    /**
     * Summarizes a study's {@code results} into DIR/summary.csv, DIR/summary.json (arms, tasks,
     * epochs, seeds, {@code config}, provenance) and DIR/accuracy_vs_metric.png or .svg (the
     * settings' figure format; a resumed study's copy in the other format is removed).
     */
    public static Outcome write(Path dir, CsvTable results, SymmetryStudy.Settings settings, Map<String, Object> config,
                                Provenance provenance) {
        List<ArmSummary> summaries = arms(results);
        CsvTable table = new CsvTable("task", "arm", "seeds", "accuracy_mean", "accuracy_sd", "loss_mean", "loss_sd",
                "p_vs_baseline", "early_replica_distance");
        for (ArmSummary a : summaries) {
            table.addRow(a.task(), a.arm(), a.seeds(), a.accuracyMean(), a.accuracySd(), a.lossMean(), a.lossSd(), a.pValueVsBaseline(),
                    a.earlyReplicaDistance());
        }
        table.write(dir.resolve(SUMMARY_CSV));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("arms", summaries);
        summary.put("tasks", tasks(summaries));
        summary.put("epochs", settings.epochs());
        summary.put("seeds", settings.seeds());
        summary.put("config", config);
        summary.put("provenance", provenance.toMap());
        JsonOutput.writeFile(dir.resolve(SUMMARY_JSON), summary);
        Path figure = dir.resolve(settings.figureFormat().fileName(FIGURE));
        FigureFormat.removeOtherFormats(figure); // a resumed study drawn in another format before
        plot(summaries, figure);
        return new Outcome(table, summary);
    }

    /**
     * One point per Fashion-MNIST arm, labelled with its name: final accuracy (+- its sd over
     * seeds, summary.csv's accuracy_sd) against the early replica metric.
     */
    private static void plot(List<ArmSummary> summaries, Path target) {
        List<Series> series = new ArrayList<>();
        for (ArmSummary a : summaries) {
            if (a.task().equals("heat")) continue;
            series.add(new Series(a.arm(), new double[] {a.earlyReplicaDistance()}, new double[] {a.accuracyMean()},
                    new double[] {a.accuracySd()}));
        }
        if (series.isEmpty()) return;
        try {
            Plots.scatterWithLines(target, ChartStyle.of("Fashion-MNIST arms: final accuracy against the early replica metric",
                    "early replica distance", "test accuracy (+- sd over seeds)"), series);
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: " + target.getFileName() + " skipped: " + e.getMessage());
        }
    }

    public static List<ArmSummary> arms(CsvTable results) {
        // Arms in the order they were run; baselines first, so every other arm can be paired with its own.
        List<List<String>> keys = new ArrayList<>();
        for (int r = 0; r < results.rowCount(); r++) {
            List<String> key = List.of(results.value(r, "task"), results.value(r, "arm"));
            if (!keys.contains(key)) keys.add(key);
        }
        keys.sort((a, b) -> Boolean.compare(!a.get(1).equals("baseline"), !b.get(1).equals("baseline")));
        Map<String, Map<String, double[]>> byArm = new LinkedHashMap<>();
        List<ArmSummary> summaries = new ArrayList<>();
        for (List<String> key : keys) {
            String task = key.get(0), arm = key.get(1);
            List<Double> accuracies = new ArrayList<>(), losses = new ArrayList<>(), seeds = new ArrayList<>();
            double early = Double.NaN;
            for (int r = 0; r < results.rowCount(); r++) {
                if (!results.value(r, "task").equals(task) || !results.value(r, "arm").equals(arm)) continue;
                if (results.value(r, "phase").equals("final")) {
                    accuracies.add(results.doubleValue(r, "test_accuracy"));
                    losses.add(results.doubleValue(r, "test_loss"));
                    seeds.add(results.doubleValue(r, "seed"));
                } else {
                    early = results.doubleValue(r, "replica_distance");
                }
            }
            double[] acc = accuracies.stream().mapToDouble(Double::doubleValue).toArray();
            double[] loss = losses.stream().mapToDouble(Double::doubleValue).toArray();
            byArm.computeIfAbsent(task, t -> new LinkedHashMap<>()).put(arm, score(task, acc, loss));
            double p = Double.NaN;
            double[] baseline = byArm.get(task).get("baseline");
            if (!arm.equals("baseline") && baseline != null && baseline.length == acc.length && acc.length >= 2) {
                p = Statistics.pairedTTestP(score(task, acc, loss), baseline);
            }
            summaries.add(new ArmSummary(task, arm, acc.length, Statistics.mean(acc), Statistics.std(acc), Statistics.mean(loss),
                    Statistics.std(loss), p, early));
        }
        return summaries;
    }

    /** Classification is scored by accuracy; regression (heat) by negative test loss, so higher is better for both. */
    static double[] score(String task, double[] accuracy, double[] loss) {
        if (!task.equals("heat")) return accuracy;
        double[] negative = new double[loss.length];
        for (int i = 0; i < loss.length; i++) negative[i] = -loss[i];
        return negative;
    }

    public static List<TaskSummary> tasks(List<ArmSummary> arms) {
        Map<String, List<ArmSummary>> byTask = new LinkedHashMap<>();
        for (ArmSummary a : arms) byTask.computeIfAbsent(a.task(), t -> new ArrayList<>()).add(a);
        List<TaskSummary> result = new ArrayList<>();
        byTask.forEach((task, list) -> {
            double[] metric = list.stream().mapToDouble(ArmSummary::earlyReplicaDistance).toArray();
            double[] score = list.stream().mapToDouble(a -> task.equals("heat") ? -a.lossMean() : a.accuracyMean()).toArray();
            result.add(new TaskSummary(task, list.size() >= 3 ? Statistics.spearman(metric, score) : Double.NaN,
                    task.equals("heat") ? "negative test MSE" : "test accuracy"));
        });
        return result;
    }
}
