package org.netgeom.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.FigureFormat;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.trajectory.Geodesic;
import org.netgeom.trajectory.InPca;
import org.netgeom.trajectory.PredictionSet;
import org.netgeom.trajectory.Trajectories;

/**
 * The analysis half of {@code netgeom trajectories} (docs/methods/trajectory.md, Trajectory
 * sweep). Runs whose final train error exceeds the threshold are dropped first, as the authors
 * do, and listed. Then per sample set (train, test): the kept runs' snapshots embedded jointly
 * with truth and ignorance; explained stress (the authors' definition) with the squared and
 * |lambda| fractions beside it at k = 1, 3, 10, 50; the diversity curve ({@link
 * TrajectoryDiversity}); each config's final distance to truth next to its final train
 * cross-entropy, its progress and speed; and for every factor the mean trajectory distance
 * within and between its groups with a permutation p-value. Writes OUT/SET/ (coordinates.csv,
 * the embedding, stress and diversity figures, trajectories.csv, factors.csv, diversity.csv)
 * and returns the summary that OUT/summary.json holds.
 */
public final class TrajectoryAnalysis {
    public static final int[] STRESS_KS = {1, 3, 10, 50};
    /** Relabelings behind each factor's p-value; the smallest p-value it can give is 1/1000. */
    public static final int PERMUTATIONS = 999;

    private TrajectoryAnalysis() {}

    /** A completed run's final model on all the training data, as its run.json records it. */
    record FinalTraining(String config, double error, double crossEntropy, boolean finalModel) {}

    /**
     * {@code figures}: the format of each set's figures; {@code maxTrainError}: runs whose final
     * train error exceeds it are left out of the embedding and listed under "dropped".
     */
    public static Map<String, Object> analyze(Backend backend, Path out, List<TrajectoryConfig> configs, int dims,
                                              FigureFormat figures, double maxTrainError) {
        Map<String, Object> summary = new LinkedHashMap<>();
        List<TrajectoryConfig> complete = configs.stream().filter(c -> TrajectorySweep.isComplete(out, c.name())).toList();
        Map<String, FinalTraining> training = new LinkedHashMap<>();
        for (TrajectoryConfig c : complete) training.put(c.name(), finalTraining(out, c.name()));
        List<TrajectoryConfig> kept = new ArrayList<>();
        List<Map<String, Object>> dropped = new ArrayList<>();
        for (TrajectoryConfig c : complete) {
            FinalTraining t = training.get(c.name());
            // A diverged run (NaN error) did not train either.
            if (t.error() <= maxTrainError) {
                kept.add(c);
            } else {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("config", c.name());
                entry.put("final_train_error", t.error());
                entry.put("final_train_cross_entropy", t.crossEntropy());
                dropped.add(entry);
            }
        }
        if (kept.size() < 2) {
            throw InvalidInputException.forField("maxTrainError", "an embedding needs at least 2 completed runs with final train error"
                    + " <= " + maxTrainError + " in " + out + ", found " + kept.size() + " of " + complete.size()
                    + " completed; train longer or raise {maxTrainError} (1 keeps every run)");
        }
        summary.put("configs", kept.size());
        summary.put("completed_configs", complete.size());
        summary.put("max_train_error", maxTrainError);
        summary.put("dropped", dropped);
        double[] crossEntropy = kept.stream().mapToDouble(c -> training.get(c.name()).crossEntropy()).toArray();
        double[] error = kept.stream().mapToDouble(c -> training.get(c.name()).error()).toArray();
        summary.put("final_train_cross_entropy", statistics(crossEntropy));
        summary.put("final_train_error", statistics(error));
        for (String setName : List.of(TrajectorySweep.TRAIN_SET, TrajectorySweep.TEST_SET)) {
            List<PredictionSet> sets = new ArrayList<>();
            for (Path folder : TrajectorySweep.predictionFolders(out, kept, setName)) sets.add(PredictionSet.read(folder, false, null));
            summary.put(setName, analyzeSet(backend, out.resolve(setName), PredictionSet.concatenate(sets), kept, training, dims,
                    setName, figures));
        }
        return summary;
    }

    /**
     * The final model's train error and cross-entropy from run.json; runs written before those
     * were recorded fall back to the last epoch's running means (flagged).
     */
    static FinalTraining finalTraining(Path out, String config) {
        JsonNode results = JsonOutput.readFile(TrajectorySweep.runFolder(out, config).resolve("run.json")).path("results");
        JsonNode error = results.path(TrajectorySweep.FINAL_TRAIN_ERROR);
        if (error.isNumber()) {
            return new FinalTraining(config, error.asDouble(), results.path(TrajectorySweep.FINAL_TRAIN_LOSS).asDouble(Double.NaN), true);
        }
        return new FinalTraining(config, 1 - results.path("train_accuracy").asDouble(Double.NaN),
                results.path("train_loss").asDouble(Double.NaN), false);
    }

    private static Map<String, Object> analyzeSet(Backend backend, Path folder, PredictionSet set, List<TrajectoryConfig> configs,
                                                  Map<String, FinalTraining> training, int dims, String setName,
                                                  FigureFormat figures) {
        int points = set.size() + 2;
        PredictionEmbedding.Result embedding = PredictionEmbedding.embed(backend, set, Math.min(dims, points), true);
        PredictionSet withReferences = embedding.points();
        int truth = withReferences.size() - 1;
        double[][] d = embedding.distances();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("points", withReferences.size());
        result.put("samples", set.samples());
        result.put("distance_seconds", embedding.distanceSeconds());
        result.put("explained_stress", stressAt(embedding.pca()));
        result.put("eigenvalues_top10", Arrays.copyOf(embedding.pca().eigenvalues(), Math.min(10, withReferences.size())));

        double[] progress = Geodesic.progress(withReferences);
        List<Trajectories.Trajectory> trajectories = Trajectories.group(withReferences, progress);
        Map<String, TrajectoryConfig> byName = new LinkedHashMap<>();
        for (TrajectoryConfig c : configs) byName.put(c.name(), c);
        CsvTable perConfig = new CsvTable("config", "final_distance_to_truth", "final_train_cross_entropy", "final_train_error",
                "final_distance_to_ignorance", "initial_progress", "final_progress", "progress_per_epoch", "snapshots");
        double[] finalToTruth = new double[trajectories.size()];
        for (int t = 0; t < trajectories.size(); t++) {
            Trajectories.Trajectory trajectory = trajectories.get(t);
            int last = trajectory.finalPoint();
            finalToTruth[t] = d[last][truth];
            FinalTraining trained = training.get(trajectory.config());
            perConfig.addRow(trajectory.config(), d[last][truth], trained.crossEntropy(), trained.error(), d[last][truth - 1],
                    trajectory.progress()[0], progress[last], trajectory.speed(), trajectory.points().length);
        }
        perConfig.write(folder.resolve("trajectories.csv"));
        result.put("final_distance_to_truth", statistics(finalToTruth));
        result.put("mean_speed_by_width", speedByFactor(trajectories, byName, "width"));

        double[][] trajectoryDistances = Trajectories.distanceMatrix(trajectories, d);
        result.put("factors", factorSeparation(folder, trajectories, trajectoryDistances, byName));
        result.put("diversity", TrajectoryDiversity.curve(backend, folder, d, withReferences, trajectories, byName, setName, figures));
        PredictionEmbedding.writeFiles(folder, embedding, setName, figures);
        return result;
    }

    /**
     * Per k in {@link #STRESS_KS} up to the eigenvalues kept: explained_stress (the authors'
     * definition), squared_eigenvalue_fraction and abs_eigenvalue_fraction.
     */
    static Map<String, Object> stressAt(InPca pca) {
        Map<String, Object> stress = new LinkedHashMap<>();
        for (int k : STRESS_KS) {
            if (k > pca.kept()) break;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("explained_stress", pca.explainedStress(k));
            entry.put("squared_eigenvalue_fraction", pca.squaredFraction(k));
            entry.put("abs_eigenvalue_fraction", pca.absoluteFraction(k));
            stress.put("top" + k, entry);
        }
        return stress;
    }

    private static Map<String, Object> statistics(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("min", sorted[0]);
        s.put("median", sorted[sorted.length / 2]);
        s.put("mean", Arrays.stream(sorted).average().orElse(Double.NaN));
        s.put("max", sorted[sorted.length - 1]);
        return s;
    }

    private static Map<String, Double> speedByFactor(List<Trajectories.Trajectory> trajectories, Map<String, TrajectoryConfig> byName,
                                                     String factor) {
        Map<String, double[]> sums = new TreeMap<>();
        for (Trajectories.Trajectory t : trajectories) {
            double speed = t.speed();
            if (!Double.isFinite(speed)) continue;
            double[] sum = sums.computeIfAbsent(byName.get(t.config()).factors().get(factor), unused -> new double[2]);
            sum[0] += speed;
            sum[1]++;
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((value, sum) -> means.put(value, sum[0] / sum[1]));
        return means;
    }

    /**
     * Separation by every factor with at least 2 groups, and its permutation p-value
     * ({@link Trajectories#permutationPValue}, {@link #PERMUTATIONS} relabelings seeded by the
     * factor's name, so each factor's p-value is the same whatever else the grid holds).
     */
    private static Map<String, Object> factorSeparation(Path folder, List<Trajectories.Trajectory> trajectories,
                                                        double[][] trajectoryDistances, Map<String, TrajectoryConfig> byName) {
        CsvTable table = new CsvTable("factor", "groups", "mean_within", "mean_between", "between_over_within", "p_value",
                "within_pairs", "between_pairs");
        Map<String, Object> json = new LinkedHashMap<>();
        for (String factor : byName.values().iterator().next().factors().keySet()) {
            List<String> labels = trajectories.stream().map(t -> byName.get(t.config()).factors().get(factor)).toList();
            long groups = labels.stream().distinct().count();
            if (groups < 2) continue;
            Trajectories.Separation s = Trajectories.separation(trajectoryDistances, labels);
            double p = Trajectories.permutationPValue(trajectoryDistances, labels, PERMUTATIONS, factor.hashCode());
            table.addRow(factor, groups, s.within(), s.between(), s.ratio(), p, s.withinPairs(), s.betweenPairs());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("groups", groups);
            entry.put("mean_within", s.within());
            entry.put("mean_between", s.between());
            entry.put("between_over_within", s.ratio());
            entry.put("p_value", p);
            entry.put("permutations", PERMUTATIONS);
            json.put(factor, entry);
        }
        table.write(folder.resolve("factors.csv"));
        return json;
    }
}
