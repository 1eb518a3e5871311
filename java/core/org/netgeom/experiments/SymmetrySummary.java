package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Per arm of a symmetry study: final accuracy and loss mean +- sd over seeds, the paired
 * difference from its baseline (same task and architecture, paired by seed) with a 95%
 * confidence interval and the paired t-test p-value, the early replica metric and the drift of
 * the filler-weight sums. Per task and architecture: expansion against its controls, and the
 * ranking of configurations by the early metric against their final score (Spearman with a
 * permutation p-value; a claim only over at least {@link #RANKING_MINIMUM} configurations).
 */
public final class SymmetrySummary {
    /**
     * One arm's summary. The difference from the baseline is in test accuracy (classification) or
     * test loss (heat, the MSE: lower is better), arm minus baseline, over the seeds both ran.
     */
    public record ArmSummary(String task, String architecture, String arm, int seeds, double accuracyMean, double accuracySd,
                             double lossMean, double lossSd, double differenceVsBaseline, double differenceLow, double differenceHigh,
                             double pValueVsBaseline, double earlyReplicaDistance, double fillerSumDrift, double fillerSumInitRms,
                             double constantDriveDrift) {}

    /**
     * A ranking of configurations ({@code architecture} "all" pools a task's architectures):
     * Spearman's rho between early replica distance and final score, its permutation p-value, and
     * whether it supports a claim (at least {@link #RANKING_MINIMUM} configurations).
     */
    public record Ranking(String task, String architecture, int configurations, double spearman, double permutationP, int permutations,
                          boolean claimed, String score) {}

    /** A paired comparison of two arms of one task and architecture: {@code arm} minus {@code versus}. */
    public record Comparison(String task, String architecture, String arm, String versus, int pairs, double difference, double low,
                             double high, double pValue) {}

    /** The fewest configurations a ranking claim rests on (spec section 2a: 6 arms need |rho| >= 0.89). */
    public static final int RANKING_MINIMUM = 10;
    /** The controls every K = 2 expansion is compared with (spec section 2a). */
    public static final List<String> CONTROLS = List.of("expand K=2 c=0", "upsample K=2 nearest", "upsample K=2 bilinear");

    /** The study's summary files, in its folder, and its figure's name without the format's extension. */
    public static final String SUMMARY_CSV = "summary.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String FIGURE = "accuracy_vs_metric";

    /** The summary table (summary.csv) and summary.json's content. */
    public record Outcome(CsvTable table, Map<String, Object> summary) {}

    private SymmetrySummary() {}

    /**
     * Summarizes a study's {@code results} into DIR/summary.csv, DIR/summary.json (arms, controls,
     * rankings, epochs, seeds, {@code config}, provenance) and DIR/accuracy_vs_metric.png or .svg
     * (the settings' figure format; a resumed study's copy in the other format is removed).
     */
    public static Outcome write(Path dir, CsvTable results, SymmetryStudy.Settings settings, Map<String, Object> config,
                                Provenance provenance) {
        List<ArmSummary> summaries = arms(results);
        CsvTable table = new CsvTable("task", "architecture", "arm", "seeds", "accuracy_mean", "accuracy_sd", "loss_mean", "loss_sd",
                "difference_vs_baseline", "difference_ci_low", "difference_ci_high", "p_vs_baseline", "early_replica_distance",
                "filler_sum_drift", "filler_sum_init_rms", "constant_drive_drift");
        for (ArmSummary a : summaries) {
            table.addRow(a.task(), a.architecture(), a.arm(), a.seeds(), a.accuracyMean(), a.accuracySd(), a.lossMean(), a.lossSd(),
                    a.differenceVsBaseline(), a.differenceLow(), a.differenceHigh(), a.pValueVsBaseline(), a.earlyReplicaDistance(),
                    a.fillerSumDrift(), a.fillerSumInitRms(), a.constantDriveDrift());
        }
        table.write(dir.resolve(SUMMARY_CSV));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("arms", summaries);
        summary.put("controls", controls(results));
        summary.put("rankings", rankings(summaries, settings.permutations(), settings.firstSeed()));
        summary.put("epochs", settings.epochs());
        summary.put("heat_epochs", settings.heatEpochs());
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
     * One point per Fashion-MNIST arm, labelled with its architecture and name: final accuracy
     * (+- its sd over seeds, summary.csv's accuracy_sd) against the early replica metric.
     */
    private static void plot(List<ArmSummary> summaries, Path target) {
        List<Series> series = new ArrayList<>();
        for (ArmSummary a : summaries) {
            if (a.task().equals("heat") || Double.isNaN(a.earlyReplicaDistance())) continue;
            series.add(new Series(a.architecture() + ": " + a.arm(), new double[] {a.earlyReplicaDistance()},
                    new double[] {a.accuracyMean()}, new double[] {a.accuracySd()}));
        }
        if (series.isEmpty()) return;
        try {
            Plots.scatterWithLines(target, ChartStyle.of("Fashion-MNIST arms: final accuracy against the early replica metric",
                    "early replica distance", "test accuracy (+- sd over seeds)"), series);
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: " + target.getFileName() + " skipped: " + e.getMessage());
        }
    }

    /** Each arm's summary, in the order the arms ran. */
    public static List<ArmSummary> arms(CsvTable results) {
        List<List<String>> keys = new ArrayList<>();
        for (int r = 0; r < results.rowCount(); r++) {
            List<String> key = List.of(results.value(r, "task"), results.value(r, "architecture"), results.value(r, "arm"));
            if (!keys.contains(key)) keys.add(key);
        }
        List<ArmSummary> summaries = new ArrayList<>();
        for (List<String> key : keys) {
            String task = key.get(0), architecture = key.get(1), arm = key.get(2);
            Map<Long, double[]> finals = finals(results, task, architecture, arm);
            double[] accuracy = column(finals, 0), loss = column(finals, 1);
            Comparison vsBaseline = arm.equals("baseline") ? null : compare(results, task, architecture, arm, "baseline");
            double early = Double.NaN;
            for (int r = 0; r < results.rowCount(); r++) {
                if (matches(results, r, task, architecture, arm) && results.value(r, "phase").equals("early")) {
                    early = results.doubleValue(r, "replica_distance");
                }
            }
            summaries.add(new ArmSummary(task, architecture, arm, finals.size(), Statistics.mean(accuracy), Statistics.std(accuracy),
                    Statistics.mean(loss), Statistics.std(loss), vsBaseline == null ? Double.NaN : vsBaseline.difference(),
                    vsBaseline == null ? Double.NaN : vsBaseline.low(), vsBaseline == null ? Double.NaN : vsBaseline.high(),
                    vsBaseline == null ? Double.NaN : vsBaseline.pValue(), early, Statistics.mean(column(finals, 2)),
                    Statistics.mean(column(finals, 3)), Statistics.mean(column(finals, 4))));
        }
        return summaries;
    }

    /**
     * {@code arm} minus {@code versus} over the seeds both ran (paired by seed), in test accuracy
     * or, for the heat task, test loss; with the 95% confidence interval and the paired t-test.
     * Null when either arm is missing.
     */
    public static Comparison compare(CsvTable results, String task, String architecture, String arm, String versus) {
        Map<Long, double[]> a = finals(results, task, architecture, arm), b = finals(results, task, architecture, versus);
        if (a.isEmpty() || b.isEmpty()) return null;
        int index = task.equals("heat") ? 1 : 0;
        List<Double> left = new ArrayList<>(), right = new ArrayList<>();
        for (Map.Entry<Long, double[]> entry : a.entrySet()) {
            double[] other = b.get(entry.getKey());
            if (other == null) continue;
            left.add(entry.getValue()[index]);
            right.add(other[index]);
        }
        double[] x = left.stream().mapToDouble(Double::doubleValue).toArray(), y = right.stream().mapToDouble(Double::doubleValue).toArray();
        if (x.length == 0) return null;
        Statistics.Interval interval = Statistics.pairedDifference(x, y, 0.95);
        double p = x.length >= 2 ? Statistics.pairedTTestP(x, y) : Double.NaN;
        return new Comparison(task, architecture, arm, versus, x.length, interval.mean(), interval.low(), interval.high(), p);
    }

    /** Per task and architecture with a K = 2 expansion: expansion minus each of its {@link #CONTROLS}. */
    public static List<Comparison> controls(CsvTable results) {
        List<Comparison> comparisons = new ArrayList<>();
        for (ArmSummary a : arms(results)) {
            if (!a.arm().equals("expand K=2")) continue;
            for (String control : CONTROLS) {
                Comparison c = compare(results, a.task(), a.architecture(), a.arm(), control);
                if (c != null) comparisons.add(c);
            }
        }
        return comparisons;
    }

    /**
     * Per task, per architecture (and "all" architectures pooled when there are several): the
     * rank correlation between the arms' early replica distance and their final score (accuracy;
     * heat: negative test loss), with a permutation p-value from {@code permutations} shuffles
     * drawn from {@code seed}. Arms without an early metric are left out.
     */
    public static List<Ranking> rankings(List<ArmSummary> arms, int permutations, long seed) {
        Map<String, Map<String, List<ArmSummary>>> groups = new LinkedHashMap<>();
        for (ArmSummary a : arms) {
            if (Double.isNaN(a.earlyReplicaDistance())) continue;
            Map<String, List<ArmSummary>> byArchitecture = groups.computeIfAbsent(a.task(), t -> new LinkedHashMap<>());
            byArchitecture.computeIfAbsent(a.architecture(), k -> new ArrayList<>()).add(a);
        }
        List<Ranking> rankings = new ArrayList<>();
        groups.forEach((task, byArchitecture) -> {
            byArchitecture.forEach((architecture, list) -> rankings.add(ranking(task, architecture, list, permutations, seed)));
            if (byArchitecture.size() > 1) {
                List<ArmSummary> pooled = byArchitecture.values().stream().flatMap(List::stream).toList();
                rankings.add(ranking(task, "all", pooled, permutations, seed));
            }
        });
        return rankings;
    }

    private static Ranking ranking(String task, String architecture, List<ArmSummary> list, int permutations, long seed) {
        boolean heat = task.equals("heat");
        double[] metric = list.stream().mapToDouble(ArmSummary::earlyReplicaDistance).toArray();
        double[] score = list.stream().mapToDouble(a -> heat ? -a.lossMean() : a.accuracyMean()).toArray();
        boolean enough = list.size() >= 3;
        return new Ranking(task, architecture, list.size(), enough ? Statistics.spearman(metric, score) : Double.NaN,
                enough ? Statistics.spearmanPermutationTest(metric, score, permutations, seed).pValue() : Double.NaN, permutations,
                list.size() >= RANKING_MINIMUM, heat ? "negative test MSE" : "test accuracy");
    }

    /** Seed -> {accuracy, loss, filler_sum_drift, filler_sum_init_rms, constant_drive_drift} of an arm's final runs (the last row per seed). */
    private static Map<Long, double[]> finals(CsvTable results, String task, String architecture, String arm) {
        Map<Long, double[]> bySeed = new TreeMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            if (!matches(results, r, task, architecture, arm) || !results.value(r, "phase").equals("final")) continue;
            bySeed.put((long) results.doubleValue(r, "seed"), new double[] {results.doubleValue(r, "test_accuracy"),
                    results.doubleValue(r, "test_loss"), results.doubleValue(r, "filler_sum_drift"),
                    results.doubleValue(r, "filler_sum_init_rms"), results.doubleValue(r, "constant_drive_drift")});
        }
        return bySeed;
    }

    private static boolean matches(CsvTable results, int row, String task, String architecture, String arm) {
        return results.value(row, "task").equals(task) && results.value(row, "architecture").equals(architecture)
                && results.value(row, "arm").equals(arm);
    }

    private static double[] column(Map<Long, double[]> finals, int index) {
        return finals.values().stream().mapToDouble(v -> v[index]).toArray();
    }
}
