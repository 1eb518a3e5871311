package org.netgeom.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.netgeom.io.AtomicFiles;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.Provenance;
import org.netgeom.tensor.InvalidInputException;

/**
 * DIR/report.md and DIR/report.json of {@code netgeom reproduce}: each paper's claim next to the
 * number measured here and whether it held, the figures, the commands that ran and the
 * provenance. It reads only the files the stages wrote, so it can be rebuilt from a finished
 * folder at any time.
 */
public final class ReproductionReport {

    /**
     * One claim of a paper checked against this run. {@code holds} is "yes", "no" or "partly" by
     * the rule in {@code rule}; {@code numbers} are the measured values (report.json).
     */
    public record Claim(Reproduction.Experiment experiment, String claim, String measured, String holds, String rule,
                        Map<String, Double> numbers) {}

    /**
     * A stage that ran (or was reused): its commands and how long it took. {@code mergedShards}
     * is N when {@code netgeom merge} finished the stage from N shards (then {@code seconds} is
     * only the merge's part, the one that needs every item), else 0.
     */
    public record StageRecord(Reproduction.Stage stage, double seconds, boolean reused, int mergedShards) {
        public StageRecord(Reproduction.Stage stage, double seconds, boolean reused) { this(stage, seconds, reused, 0); }
    }

    private ReproductionReport() {}

    /** The claims of every stage in {@code stages}, read from their folders. */
    public static List<Claim> claims(List<Reproduction.Stage> stages) {
        List<Claim> claims = new ArrayList<>();
        for (Reproduction.Stage stage : stages) {
            switch (stage.experiment()) {
                case TWIN_PEAKS -> claims.addAll(twinPeaks(stage.folder()));
                case STAR_DOMAIN -> claims.addAll(starDomain(stage.folder()));
                case TRAJECTORY_MANIFOLD -> claims.addAll(trajectoryManifold(stage.folder()));
                case SYMMETRY_BREAKING -> claims.addAll(symmetryBreaking(stage.folder()));
            }
        }
        return claims;
    }

    /**
     * The twin-peaks claims: from the two sweeps of the quick and tiny scales, or from the penalty
     * sweep of the standard and full scales (its rows at 1e-6 and "optimal"), which adds where the
     * BMD peaks at every penalty, and the MLP sweeps' claims when they ran.
     */
    static List<Claim> twinPeaks(Path folder) {
        Path lambdaSweep = folder.resolve(Reproduction.LAMBDA_SWEEP).resolve("results.csv");
        boolean swept = Files.isRegularFile(lambdaSweep);
        TwinPeaks.Summary interpolating = swept ? TwinPeaks.summarize(CsvTable.read(lambdaSweep), Map.of("lambda_mode", Double.toString(1e-6)))
                : TwinPeaks.summarize(CsvTable.read(folder.resolve(Reproduction.INTERPOLATING_SWEEP).resolve("results.csv")), Map.of());
        CsvTable sweepRows = swept ? CsvTable.read(lambdaSweep) : null;
        TwinPeaks.Summary optimal = swept ? TwinPeaks.summarize(sweepRows, Map.of("lambda_mode", optimalMode(sweepRows)))
                : TwinPeaks.summarize(CsvTable.read(folder.resolve(Reproduction.OPTIMAL_SWEEP).resolve("results.csv")), Map.of());
        List<Claim> claims = new ArrayList<>();
        TwinPeaks.Peak error = interpolating.testErrorPeak(), bmd = interpolating.bmdPeak();
        int threshold = interpolating.interpolationWidth();
        claims.add(new Claim(Reproduction.Experiment.TWIN_PEAKS,
                "At a vanishing ridge penalty, test error and BMD both peak at the interpolation threshold p = n.",
                String.format(Locale.ROOT, "test error peaks at p/n = %.3g (%.3f), BMD at p/n = %.3g (%.2f)",
                        error.ratio(), error.value(), bmd.ratio(), bmd.value()),
                yesNo(error.width() == threshold && bmd.width() == threshold),
                "yes when both peaks are at the grid point nearest p = n",
                numbers("test_error_peak_ratio", error.ratio(), "test_error_peak", error.value(), "bmd_peak_ratio", bmd.ratio(),
                        "bmd_peak", bmd.value())));
        claims.add(new Claim(Reproduction.Experiment.TWIN_PEAKS,
                "At the optimal ridge penalty the test error falls monotonically with width.",
                String.format(Locale.ROOT, "largest rise between neighbouring widths %.4f; test error %.3f at the smallest width, %.3f at the largest",
                        optimal.largestTestErrorRise(), optimal.testError()[0], optimal.testError()[optimal.testError().length - 1]),
                yesNo(optimal.testErrorFallsMonotonically()), "yes when no rise between neighbouring widths exceeds one seed standard deviation",
                numbers("largest_rise", optimal.largestTestErrorRise())));
        claims.add(optimalPenaltyPeak(optimal, interpolatingInputDim(folder, swept)));
        if (swept) claims.add(peaksAcrossPenalties(CsvTable.read(lambdaSweep), interpolatingInputDim(folder, true)));
        for (String sweep : List.of(Reproduction.MLP_STANDARD_SWEEP, Reproduction.MLP_ADVERSARIAL_SWEEP)) {
            Path rows = folder.resolve(sweep).resolve("results.csv");
            if (Files.isRegularFile(rows)) claims.add(mlpTwinPeaks(sweep, TwinPeaks.summarize(CsvTable.read(rows), Map.of())));
        }
        Path standardRows = folder.resolve(Reproduction.MLP_STANDARD_SWEEP).resolve("results.csv");
        Path adversarialRows = folder.resolve(Reproduction.MLP_ADVERSARIAL_SWEEP).resolve("results.csv");
        if (Files.isRegularFile(standardRows) && Files.isRegularFile(adversarialRows)) {
            claims.add(adversarialInitialization(TwinPeaks.summarize(CsvTable.read(standardRows), Map.of()),
                    TwinPeaks.summarize(CsvTable.read(adversarialRows), Map.of())));
        }
        return claims;
    }

    /**
     * The lambda_mode of a penalty sweep's optimal rows: "optimal-error" (the plan's choice since
     * 2026-12-01) or "optimal" (validation MSE, earlier runs), whichever the rows hold.
     */
    static String optimalMode(CsvTable rows) {
        for (int r = 0; r < rows.rowCount(); r++) if (rows.value(r, "lambda_mode").startsWith("optimal")) return rows.value(r, "lambda_mode");
        throw new InvalidInputException("the penalty sweep has no optimal rows (lambda_mode optimal or optimal-error): rerun it with"
                + " 'optimal' among its penalties");
    }

    /**
     * The source's optimal-penalty claim (spec bmd.md section 3): the test error falls monotonically
     * and the BMD keeps an interior maximum above both ends of the grid by more than 2 standard
     * errors; where that maximum sits is reported against p = n and p = d, not required to be at either.
     */
    private static Claim optimalPenaltyPeak(TwinPeaks.Summary optimal, int inputDim) {
        TwinPeaks.Peak peak = optimal.bmdPeak();
        boolean monotone = optimal.testErrorFallsMonotonically(), interior = optimal.hasInteriorBmdPeak();
        double overD = (double) peak.width() / inputDim;
        return new Claim(Reproduction.Experiment.TWIN_PEAKS,
                "At the optimal ridge penalty the test error decreases monotonically while the BMD still shows a peak.",
                String.format(Locale.ROOT, "test error %s; BMD peaks at p/n = %.3g, p/d = %.3g (%.3f), %.1f standard errors above both ends",
                        monotone ? "monotone" : "not monotone (largest rise " + String.format(Locale.ROOT, "%.4f", optimal.largestTestErrorRise()) + ")",
                        peak.ratio(), overD, peak.value(), optimal.bmdPeakMargin()),
                yesNo(monotone && interior), "yes when the test error is monotone within one seed standard deviation AND the BMD has an"
                        + " interior maximum exceeding both ends of the grid by more than 2 standard errors (location reported, not required)",
                numbers("bmd_peak_ratio", peak.ratio(), "bmd_peak_p_over_d", overD, "bmd_peak", peak.value(),
                        "bmd_peak_margin", optimal.bmdPeakMargin()));
    }

    /** The BMD peak's height and location at every penalty of the sweep (a record, not a pass/fail claim). */
    private static Claim peaksAcrossPenalties(CsvTable rows, int inputDim) {
        List<String> modes = new ArrayList<>();
        for (int r = 0; r < rows.rowCount(); r++) if (!modes.contains(rows.value(r, "lambda_mode"))) modes.add(rows.value(r, "lambda_mode"));
        List<String> parts = new ArrayList<>();
        Map<String, Double> numbers = new LinkedHashMap<>();
        int interior = 0;
        for (String mode : modes) {
            TwinPeaks.Summary s = TwinPeaks.summarize(rows, Map.of("lambda_mode", mode));
            TwinPeaks.Peak peak = s.bmdPeak();
            if (s.hasInteriorBmdPeak()) interior++;
            parts.add(String.format(Locale.ROOT, "lambda %s: p/n %.3g, p/d %.3g, BMD %.3f%s", mode, peak.ratio(),
                    (double) peak.width() / inputDim, peak.value(), s.hasInteriorBmdPeak() ? "" : " (no interior peak)"));
            numbers.put("lambda_" + mode + "_bmd_peak_ratio", peak.ratio());
            numbers.put("lambda_" + mode + "_bmd_peak", peak.value());
        }
        return new Claim(Reproduction.Experiment.TWIN_PEAKS,
                "The BMD keeps a hump at every ridge penalty, moving from p = n towards p = d as the penalty grows.",
                String.join("; ", parts), interior == modes.size() ? "yes" : interior == 0 ? "no" : "partly",
                "yes when every penalty's BMD has an interior maximum above both grid ends by more than 2 standard errors (partly: some)",
                numbers);
    }

    /**
     * An MLP sweep (spec section 4): test error and BMD should peak together near the interpolation
     * threshold, the smallest width that reaches train error 0; reported with the train error left.
     */
    private static Claim mlpTwinPeaks(String sweep, TwinPeaks.Summary s) {
        int threshold = -1;
        for (int i = 0; i < s.widths().length; i++) {
            if (s.trainError()[i] == 0) {
                threshold = s.widths()[i];
                break;
            }
        }
        TwinPeaks.Peak error = s.testErrorPeak(), bmd = s.bmdPeak(), onData = s.bmdOnDataPeak();
        double widest = s.trainError()[s.trainError().length - 1];
        boolean coincide = error.width() == bmd.width();
        boolean interior = bmd.width() != s.widths()[0] && bmd.width() != s.widths()[s.widths().length - 1];
        return new Claim(Reproduction.Experiment.TWIN_PEAKS,
                "MLPs on binarized Fashion-MNIST with label noise (" + sweep + "): test error and BMD peak at the same width, near the"
                        + " interpolation threshold.",
                String.format(Locale.ROOT, "test error peaks at width %d (%.3f), BMD (uniform) at width %d (%.3f), BMD (training rows) at"
                        + " width %d (%.3f); first width with train error 0: %s; train error at the widest %.4f", error.width(), error.value(),
                        bmd.width(), bmd.value(), onData.width(), onData.value(), threshold < 0 ? "none" : Integer.toString(threshold), widest),
                coincide && interior ? "yes" : interior ? "partly" : "no",
                "yes when both peaks are at the same interior width; partly when the BMD peak is interior but elsewhere",
                numbers("test_error_peak_width", error.width(), "bmd_peak_width", bmd.width(), "bmd_data_peak_width", onData.width(),
                        "interpolation_width", threshold, "widest_train_error", widest));
    }

    /** Adversarial initialization raises BMD and test error (compared at each width, means over seeds). */
    private static Claim adversarialInitialization(TwinPeaks.Summary standard, TwinPeaks.Summary adversarial) {
        int widths = Math.min(standard.widths().length, adversarial.widths().length), higherBmd = 0, higherError = 0;
        for (int i = 0; i < widths; i++) {
            if (adversarial.bmd()[i] > standard.bmd()[i]) higherBmd++;
            if (adversarial.testError()[i] > standard.testError()[i]) higherError++;
        }
        double meanBmdGain = 0, meanErrorGain = 0;
        for (int i = 0; i < widths; i++) {
            meanBmdGain += (adversarial.bmd()[i] - standard.bmd()[i]) / widths;
            meanErrorGain += (adversarial.testError()[i] - standard.testError()[i]) / widths;
        }
        boolean both = higherBmd > widths / 2 && higherError > widths / 2;
        return new Claim(Reproduction.Experiment.TWIN_PEAKS, "Adversarial initialization raises the BMD and the test error.",
                String.format(Locale.ROOT, "adversarial above standard at %d of %d widths in BMD (mean %+.3f), %d of %d in test error"
                        + " (mean %+.4f)", higherBmd, widths, meanBmdGain, higherError, widths, meanErrorGain),
                both ? "yes" : higherBmd > widths / 2 || higherError > widths / 2 ? "partly" : "no",
                "yes when the adversarial start is higher in both at most widths; partly when in one",
                numbers("bmd_higher_widths", higherBmd, "test_error_higher_widths", higherError, "mean_bmd_gain", meanBmdGain,
                        "mean_test_error_gain", meanErrorGain));
    }

    /** d of the random-features sweeps, from their settings record (100 unless the plan said otherwise). */
    private static int interpolatingInputDim(Path folder, boolean swept) {
        Path settings = folder.resolve(swept ? Reproduction.LAMBDA_SWEEP : Reproduction.OPTIMAL_SWEEP).resolve(org.netgeom.io.OutputFolder.SETTINGS_FILE);
        JsonNode node = Files.isRegularFile(settings) ? JsonOutput.readFile(settings).path("settings").path("input-dim") : null;
        return node != null && node.isNumber() ? node.asInt() : 100;
    }

    static List<Claim> starDomain(Path folder) { return StarClaim.claims(folder); }

    static List<Claim> trajectoryManifold(Path folder) {
        JsonNode summary = JsonOutput.readFile(folder.resolve("summary.json"));
        JsonNode train = summary.path("train"), test = summary.path("test");
        JsonNode stress = train.path("explained_stress");
        // The analysis leaves out top k when the embedding has fewer than k dimensions (tiny runs).
        boolean hasTop50 = stress.path("top50").path("explained_stress").isNumber();
        double top3 = stress.path("top3").path("explained_stress").asDouble(Double.NaN);
        double top50 = stress.path("top50").path("explained_stress").asDouble(Double.NaN);
        double squared3 = stress.path("top3").path("squared_eigenvalue_fraction").asDouble(Double.NaN);
        double squared50 = stress.path("top50").path("squared_eigenvalue_fraction").asDouble(Double.NaN);
        double absolute3 = stress.path("top3").path("abs_eigenvalue_fraction").asDouble(Double.NaN);
        double absolute50 = stress.path("top50").path("abs_eigenvalue_fraction").asDouble(Double.NaN);
        int dropped = summary.path("dropped").size();
        double trainDistance = train.path("final_distance_to_truth").path("min").asDouble(Double.NaN);
        double trainMedian = train.path("final_distance_to_truth").path("median").asDouble(Double.NaN);
        double testMedian = test.path("final_distance_to_truth").path("median").asDouble(Double.NaN);
        double crossEntropyMin = summary.path("final_train_cross_entropy").path("min").asDouble(Double.NaN);
        double crossEntropyMedian = summary.path("final_train_cross_entropy").path("median").asDouble(Double.NaN);
        List<Claim> claims = new ArrayList<>();
        Map<String, Double> stressNumbers = numbers("explained_stress_top3", top3, "squared_eigenvalue_fraction_top3", squared3,
                "abs_eigenvalue_fraction_top3", absolute3);
        if (hasTop50) {
            stressNumbers.putAll(numbers("explained_stress_top50", top50, "squared_eigenvalue_fraction_top50", squared50,
                    "abs_eigenvalue_fraction_top50", absolute50));
        }
        stressNumbers.put("configs_dropped", (double) dropped);
        claims.add(new Claim(Reproduction.Experiment.TRAJECTORY_MANIFOLD,
                "Trajectories lie on a low-dimensional manifold: InPCA's top 3 dimensions explain 76% of the stress, the top 50 98% (CIFAR-10).",
                String.format(Locale.ROOT, "explained stress (the authors' 1 - sqrt(1 - sum lambda^2 / |W|^2)) top 3: %.1f%%, top 50: %s; "
                                + "beside it the squared fraction %.1f%% / %s and the |lambda| fraction %.1f%% / %s (train samples, %d "
                                + "configurations embedded, %d dropped for final train error > %s)", 100 * top3, percent(top50, hasTop50),
                        100 * squared3, percent(squared50, hasTop50), 100 * absolute3, percent(absolute50, hasTop50),
                        summary.path("configs").asInt(), dropped, summary.path("max_train_error").asText("n/a")),
                yesNo(top3 >= 0.76 && (!hasTop50 || top50 >= 0.98)), "yes when the explained stress of the top 3 >= 76% and of the top 50 >= 98%",
                stressNumbers));
        claims.add(new Claim(Reproduction.Experiment.TRAJECTORY_MANIFOLD,
                "Trained models end close to truth on train samples (Bhattacharyya distance <= 0.02) and further on test samples.",
                String.format(Locale.ROOT, "final distance to truth: train min %.3f, median %.3f (final train cross-entropy min %.3f, median "
                        + "%.3f: the distance is half of it on the train samples); test median %.3f", trainDistance, trainMedian,
                        crossEntropyMin, crossEntropyMedian, testMedian),
                yesNo(trainDistance <= 0.02 && testMedian > trainMedian), "yes when the closest train distance is <= 0.02 and test is further",
                numbers("train_distance_min", trainDistance, "train_distance_median", trainMedian, "test_distance_median", testMedian,
                        "train_cross_entropy_min", crossEntropyMin, "train_cross_entropy_median", crossEntropyMedian)));
        JsonNode factors = train.path("factors");
        double architecture = factors.path("architecture").path("between_over_within").asDouble(Double.NaN);
        double architectureP = factors.path("architecture").path("p_value").asDouble(Double.NaN);
        double optimizer = factors.path("optimizer").path("between_over_within").asDouble(Double.NaN);
        List<String> parts = new ArrayList<>();
        Map<String, Double> factorNumbers = new LinkedHashMap<>();
        for (String factor : List.of("architecture", "family", "depth", "width", "activation", "optimizer", "seed")) {
            JsonNode f = factors.path(factor);
            if (!f.path("between_over_within").isNumber()) continue;
            double ratio = f.path("between_over_within").asDouble(), p = f.path("p_value").asDouble(Double.NaN);
            parts.add(String.format(Locale.ROOT, "%s %.2f (p = %.3g)", factor, ratio, p));
            factorNumbers.put(factor + "_between_over_within", ratio);
            factorNumbers.put(factor + "_p_value", p);
        }
        claims.add(new Claim(Reproduction.Experiment.TRAJECTORY_MANIFOLD,
                "Architecture separates trajectories; the optimizer barely does.",
                "between/within trajectory distance (permutation p-value): " + String.join(", ", parts),
                yesNo(architecture > optimizer && architectureP < 0.05),
                "yes when architecture separates more than the optimizer and its permutation p-value is < 0.05", factorNumbers));
        return claims;
    }

    private static String percent(double value, boolean present) {
        return present ? String.format(Locale.ROOT, "%.1f%%", 100 * value) : "n/a (fewer than 50 dimensions)";
    }

    static List<Claim> symmetryBreaking(Path folder) {
        CsvTable results = CsvTable.read(folder.resolve("results.csv"));
        List<SymmetrySummary.ArmSummary> arms = SymmetrySummary.arms(results);
        List<Claim> claims = new ArrayList<>();
        for (String architecture : arms.stream().filter(a -> a.task().equals("fashion-mnist")).map(SymmetrySummary.ArmSummary::architecture)
                .distinct().toList()) {
            SymmetrySummary.Comparison gain = SymmetrySummary.compare(results, "fashion-mnist", architecture, "expand K=2", "baseline");
            if (gain == null) continue;
            claims.add(new Claim(Reproduction.Experiment.SYMMETRY_BREAKING,
                    "Expanding the input with constant dimensions (K = 2, c = 0.5) improves test accuracy (" + architecture + ").",
                    String.format(Locale.ROOT, "Fashion-MNIST %s: K = 2 minus baseline %+.4f, 95%% CI [%+.4f, %+.4f], paired p = %.3g over %d seeds",
                            architecture, gain.difference(), gain.low(), gain.high(), gain.pValue(), gain.pairs()),
                    byInterval(gain.low(), gain.high()), "yes when the 95% CI of the paired difference is above 0; no when below 0",
                    finiteNumbers("difference", gain.difference(), "ci_low", gain.low(), "ci_high", gain.high(), "p_value", gain.pValue())));
            claims.add(controlsClaim(results, architecture));
        }
        SymmetrySummary.ArmSummary constant = find(arms, "fashion-mnist", SymmetryArms.MLP, "expand K=2");
        SymmetrySummary.ArmSummary zero = find(arms, "fashion-mnist", SymmetryArms.MLP, "expand K=2 c=0");
        SymmetrySummary.ArmSummary nearest = find(arms, "fashion-mnist", SymmetryArms.MLP, "upsample K=2 nearest");
        if (constant != null && zero != null && nearest != null) {
            claims.add(new Claim(Reproduction.Experiment.SYMMETRY_BREAKING,
                    "(Spec 2a, the MLP mechanism) In a dense layer a unit's constant-input weights move together and act as one bias.",
                    String.format(Locale.ROOT, "mean |change| of a hidden unit's filler-weight sum: %.3g with c = 0.5 (bias change %.3g), %.3g with "
                            + "c = 0, %.3g under nearest upsampling (init rms %.3g)", constant.fillerSumDrift(), constant.constantDriveDrift(),
                            zero.fillerSumDrift(), nearest.fillerSumDrift(), constant.fillerSumInitRms()),
                    yesNo(constant.fillerSumDrift() > 2 * nearest.fillerSumDrift() && zero.fillerSumDrift() < 0.01 * constant.fillerSumDrift()),
                    "yes when the sum drifts more than twice as far with c = 0.5 as under upsampling, and not at all (< 1%) with c = 0",
                    finiteNumbers("drift_constant", constant.fillerSumDrift(), "drift_zero", zero.fillerSumDrift(), "drift_nearest",
                            nearest.fillerSumDrift(), "init_rms", constant.fillerSumInitRms())));
        }
        claims.addAll(heatClaims(results, arms));
        for (SymmetrySummary.Ranking ranking : SymmetrySummary.rankings(arms, 10000, Reproduction.SEED)) {
            // Pooled architectures would rank the architectures (their metric and accuracy differ as wholes), not the breakers.
            if (!ranking.task().equals("fashion-mnist") || ranking.architecture().equals("all")) continue;
            String holds = !ranking.claimed() ? "untested" : ranking.permutationP() >= 0.05 ? "not significant"
                    : ranking.spearman() < 0 ? "yes" : "no";
            claims.add(new Claim(Reproduction.Experiment.SYMMETRY_BREAKING,
                    "The early Wasserstein replica metric ranks configurations as their final accuracy does (lower distance, better; "
                            + ranking.architecture() + ").",
                    String.format(Locale.ROOT, "Spearman rho between early replica distance and final accuracy: %.2f over %d configurations, "
                            + "permutation p = %.3g", ranking.spearman(), ranking.configurations(), ranking.permutationP()),
                    holds, "untested below " + SymmetrySummary.RANKING_MINIMUM + " configurations; yes when rho < 0 with permutation "
                            + "p < 0.05, no when rho > 0 with p < 0.05",
                    finiteNumbers("spearman_rho", ranking.spearman(), "permutation_p", ranking.permutationP(), "configurations",
                            ranking.configurations())));
        }
        return claims;
    }

    private static Claim controlsClaim(CsvTable results, String architecture) {
        StringBuilder measured = new StringBuilder("K = 2 (c = 0.5) minus");
        Map<String, Double> values = new LinkedHashMap<>();
        boolean allAbove = true, anyBelow = false;
        for (String control : SymmetrySummary.CONTROLS) {
            SymmetrySummary.Comparison c = SymmetrySummary.compare(results, "fashion-mnist", architecture, "expand K=2", control);
            if (c == null) continue;
            measured.append(String.format(Locale.ROOT, " %s %+.4f [%+.4f, %+.4f];", control, c.difference(), c.low(), c.high()));
            values.put(control.replace(' ', '_').replace('=', '_'), c.difference());
            allAbove &= c.low() > 0;
            anyBelow |= c.high() < 0;
        }
        return new Claim(Reproduction.Experiment.SYMMETRY_BREAKING,
                "(Spec 2a) The gain comes from the constant, not from the shape or resolution: K = 2 with c = 0.5 beats c = 0 and nearest "
                        + "and bilinear upsampling (" + architecture + ").",
                measured.toString(), values.isEmpty() ? "untested" : allAbove ? "yes" : anyBelow ? "no" : "not significant",
                "yes when every 95% CI of the paired difference is above 0; no when any is below 0", finite(values));
    }

    /** The paper: constant dimensions help about 75% of its PDE models; here, heat-equation arms with m > 0 against the baseline. */
    private static List<Claim> heatClaims(CsvTable results, List<SymmetrySummary.ArmSummary> arms) {
        List<String> expanded = arms.stream().filter(a -> a.task().equals("heat") && a.arm().startsWith("m=") && !a.arm().contains("c=0"))
                .map(SymmetrySummary.ArmSummary::arm).toList();
        if (expanded.isEmpty()) return List.of();
        int better = 0, worse = 0;
        StringBuilder measured = new StringBuilder("test MSE, arm minus baseline:");
        Map<String, Double> values = new LinkedHashMap<>();
        for (String arm : expanded) {
            SymmetrySummary.Comparison c = SymmetrySummary.compare(results, "heat", SymmetryArms.MLP, arm, "baseline");
            if (c == null) continue;
            measured.append(String.format(Locale.ROOT, " %s %+.3g [%+.3g, %+.3g];", arm, c.difference(), c.low(), c.high()));
            values.put(arm, c.difference());
            if (c.high() < 0) better++;
            if (c.low() > 0) worse++;
        }
        SymmetrySummary.ArmSummary baseline = find(arms, "heat", SymmetryArms.MLP, "baseline");
        if (baseline != null) measured.append(String.format(Locale.ROOT, " baseline MSE %.3g", baseline.lossMean()));
        return List.of(new Claim(Reproduction.Experiment.SYMMETRY_BREAKING,
                "Constant input dimensions improve most PDE-solving models (about 75% in the paper): the heat equation, trained to convergence.",
                measured.toString(), 4 * better >= 3 * expanded.size() ? "yes" : 2 * worse > expanded.size() ? "no" : "partly",
                "yes when >= 75% of the m > 0 arms have a 95% CI of the MSE difference below 0; no when most are above 0", finite(values)));
    }

    private static String byInterval(double low, double high) {
        return low > 0 ? "yes" : high < 0 ? "no" : "not significant";
    }

    /** The claim's numbers without the undefined ones (a p-value of equal differences, an interval of one seed): report.json holds finite numbers. */
    private static Map<String, Double> finiteNumbers(Object... keyValues) { return finite(numbers(keyValues)); }

    private static Map<String, Double> finite(Map<String, Double> numbers) {
        Map<String, Double> kept = new LinkedHashMap<>();
        numbers.forEach((key, value) -> {
            if (Double.isFinite(value)) kept.put(key, value);
        });
        return kept;
    }

    private static SymmetrySummary.ArmSummary find(List<SymmetrySummary.ArmSummary> arms, String task, String architecture, String name) {
        return arms.stream().filter(a -> a.task().equals(task) && a.architecture().equals(architecture) && a.arm().equals(name))
                .findFirst().orElse(null);
    }

    /**
     * The figures each stage made, relative to the output folder, in the order the report shows
     * them: each in the format the stage drew it in ({@link Reproduction.Stage#figureFormat()}; a
     * re-run in another format redraws every figure and removes the old copies).
     */
    static List<String> figures(Path out, Reproduction.Stage stage) {
        String f = stage.experiment().folder();
        List<String> stems = switch (stage.experiment()) {
            case TWIN_PEAKS -> List.of(f + "/" + Reproduction.INTERPOLATING_SWEEP + "/twin_peaks",
                    f + "/" + Reproduction.OPTIMAL_SWEEP + "/twin_peaks", f + "/" + Reproduction.LAMBDA_SWEEP + "/twin_peaks",
                    f + "/" + Reproduction.LAMBDA_SWEEP + "/" + LambdaSweep.PEAKS_FIGURE, f + "/" + Reproduction.MLP_STANDARD_SWEEP
                            + "/twin_peaks", f + "/" + Reproduction.MLP_ADVERSARIAL_SWEEP + "/twin_peaks");
            case STAR_DOMAIN -> List.of(f + "/summary");
            case TRAJECTORY_MANIFOLD -> List.of(f + "/train/embedding", f + "/train/stress", f + "/train/diversity");
            case SYMMETRY_BREAKING -> List.of(f + "/accuracy_vs_metric");
        };
        return stems.stream().map(stem -> stage.figureFormat().fileName(stem)).filter(c -> Files.isRegularFile(out.resolve(c))).toList();
    }

    /** Writes DIR/report.md and DIR/report.json. */
    public static void write(Path out, Reproduction.Scale scale, List<StageRecord> stages, List<Claim> claims, Provenance provenance) {
        StringBuilder md = new StringBuilder();
        md.append("# netgeom reproduce --").append(scale.label()).append("\n\n");
        md.append("Each paper's claim next to what this run measured. Scale `").append(scale.label()).append("`: ")
                .append(scale == Reproduction.Scale.FULL ? "the studies of docs/RESULTS.md at full size."
                        : scale == Reproduction.Scale.STANDARD ? "the papers' protocols at the largest size two CPU cores finish in "
                        + "about two hours; smaller than the papers where the report says so."
                        : "data subsets, fewer widths, seeds and epochs than the papers; read the numbers as a check of direction, "
                        + "not of size.").append(" Parameters: docs/RESULTS.md, section \"netgeom reproduce\".\n\n");
        md.append("| experiment | claim (paper) | measured here | holds here? |\n|---|---|---|---|\n");
        for (Claim c : claims) {
            md.append("| ").append(c.experiment().title()).append(" | ").append(c.claim()).append(" | ").append(c.measured())
                    .append(" | ").append(c.holds()).append(" |\n");
        }
        for (StageRecord record : stages) {
            Reproduction.Stage stage = record.stage();
            md.append("\n## ").append(stage.experiment().title()).append("\n\n");
            for (Claim c : claims) {
                if (c.experiment() != stage.experiment()) continue;
                md.append("- ").append(c.claim()).append(" **").append(c.holds()).append("**: ").append(c.measured())
                        .append(" (rule: ").append(c.rule()).append(")\n");
            }
            String time = String.format(Locale.ROOT, "%.0f s", record.seconds());
            md.append("\n").append(record.reused() ? "Reused from an earlier run (" + time + ")"
                    : record.mergedShards() > 0 ? "Finished by `netgeom merge` from " + record.mergedShards()
                            + " shards (the merge's part, which needs every item, took " + time
                            + "; each shard's time is in its log and OUT/shards/I/)"
                    : "Ran in " + time)
                    .append("; outputs in `").append(stage.experiment().folder()).append("/`. Commands:\n\n```\n");
            for (String command : stage.commands()) md.append(command).append('\n');
            md.append("```\n");
            if (stage.experiment() == Reproduction.Experiment.STAR_DOMAIN) md.append(StarClaim.table(stage.folder()));
            for (String figure : figures(out, stage)) md.append("\n![").append(figure).append("](").append(figure).append(")\n");
        }
        md.append("\n## Provenance\n\n");
        provenance.toMap().forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        AtomicFiles.writeString(out.resolve(ReproductionRun.REPORT_MD), md.toString());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scale", scale.label());
        json.put("claims", claims.stream().map(ReproductionReport::claimMap).toList());
        List<Map<String, Object>> stageList = new ArrayList<>();
        for (StageRecord record : stages) {
            Map<String, Object> m = Reproduction.describe(record.stage());
            m.put("seconds", record.seconds());
            m.put("reused", record.reused());
            m.put("merged_from_shards", record.mergedShards()); // 0: run here, not finished from shards
            m.put("figures", figures(out, record.stage()));
            stageList.add(m);
        }
        json.put("stages", stageList);
        json.put("provenance", provenance.toMap());
        JsonOutput.writeFile(out.resolve(ReproductionRun.REPORT_JSON), json);
    }

    private static Map<String, Object> claimMap(Claim c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", c.experiment().folder());
        m.put("claim", c.claim());
        m.put("measured", c.measured());
        m.put("holds", c.holds());
        m.put("rule", c.rule());
        m.put("numbers", c.numbers());
        return m;
    }

    private static String yesNo(boolean holds) { return holds ? "yes" : "no"; }

    private static Map<String, Double> numbers(Object... keyValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], ((Number) keyValues[i + 1]).doubleValue());
        return m;
    }
}
