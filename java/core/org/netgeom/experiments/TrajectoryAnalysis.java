package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.netgeom.io.CsvTable;
import org.netgeom.report.FigureFormat;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.trajectory.Geodesic;
import org.netgeom.trajectory.InPca;
import org.netgeom.trajectory.PredictionSet;
import org.netgeom.trajectory.Trajectories;

/**
 * The analysis half of {@code netgeom trajectories}, per sample set (train, test): all
 * snapshots embedded jointly with truth and ignorance; explained stress (both definitions) at
 * k = 1, 3, 10, 50; the same for growing prefixes of the config list (diversity grows when the
 * list starts narrow); each config's final distance to truth, progress and speed; and for every
 * factor the mean trajectory distance within and between its groups. Writes OUT/SET/
 * (coordinates.csv, the embedding and stress figures, trajectories.csv, factors.csv) and returns the
 * summary that OUT/summary.json holds.
 */
public final class TrajectoryAnalysis {
    public static final int[] STRESS_KS = {1, 3, 10, 50};
    private static final int[] PREFIX_SIZES = {6, 12, 24, 48, 96, 192, 384};

    private TrajectoryAnalysis() {}

    /** {@code figures}: the format of each set's embedding and stress figures. */
    public static Map<String, Object> analyze(Backend backend, Path out, List<TrajectoryConfig> configs, int dims,
                                              FigureFormat figures) {
        Map<String, Object> summary = new LinkedHashMap<>();
        List<TrajectoryConfig> complete = configs.stream().filter(c -> TrajectorySweep.isComplete(out, c.name())).toList();
        if (complete.size() < 2) throw new InvalidInputException("an embedding needs at least 2 completed runs in " + out + ", found " + complete.size());
        summary.put("configs", complete.size());
        for (String setName : List.of(TrajectorySweep.TRAIN_SET, TrajectorySweep.TEST_SET)) {
            List<PredictionSet> sets = new ArrayList<>();
            for (Path folder : TrajectorySweep.predictionFolders(out, complete, setName)) sets.add(PredictionSet.read(folder, false, null));
            summary.put(setName, analyzeSet(backend, out.resolve(setName), PredictionSet.concatenate(sets), complete, dims, setName,
                    figures));
        }
        return summary;
    }

    private static Map<String, Object> analyzeSet(Backend backend, Path folder, PredictionSet set, List<TrajectoryConfig> configs,
                                                  int dims, String setName, FigureFormat figures) {
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
        result.put("eigenvalues_top10", java.util.Arrays.copyOf(embedding.pca().eigenvalues(), Math.min(10, withReferences.size())));

        double[] progress = Geodesic.progress(withReferences);
        List<Trajectories.Trajectory> trajectories = Trajectories.group(withReferences, progress);
        Map<String, TrajectoryConfig> byName = new LinkedHashMap<>();
        for (TrajectoryConfig c : configs) byName.put(c.name(), c);
        CsvTable perConfig = new CsvTable("config", "final_distance_to_truth", "final_distance_to_ignorance", "initial_progress",
                "final_progress", "progress_per_epoch", "snapshots");
        double[] finalToTruth = new double[trajectories.size()];
        for (int t = 0; t < trajectories.size(); t++) {
            Trajectories.Trajectory trajectory = trajectories.get(t);
            int last = trajectory.finalPoint();
            finalToTruth[t] = d[last][truth];
            perConfig.addRow(trajectory.config(), d[last][truth], d[last][truth - 1], trajectory.progress()[0],
                    progress[last], trajectory.speed(), trajectory.points().length);
        }
        perConfig.write(folder.resolve("trajectories.csv"));
        result.put("final_distance_to_truth", statistics(finalToTruth));
        result.put("mean_speed_by_width", speedByFactor(trajectories, byName, "width"));

        double[][] trajectoryDistances = Trajectories.distanceMatrix(trajectories, d);
        result.put("factors", factorSeparation(folder, trajectories, trajectoryDistances, byName));
        result.put("diversity", diversityGrowth(backend, d, withReferences, trajectories));
        PredictionEmbedding.writeFiles(folder, embedding, setName, figures);
        return result;
    }

    static Map<String, Object> stressAt(InPca pca) {
        Map<String, Object> stress = new LinkedHashMap<>();
        for (int k : STRESS_KS) {
            if (k > pca.kept()) break;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("explained_stress", pca.explainedStress(k));
            entry.put("abs_eigenvalue_fraction", pca.absoluteFraction(k));
            stress.put("top" + k, entry);
        }
        return stress;
    }

    private static Map<String, Object> statistics(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("min", sorted[0]);
        s.put("median", sorted[sorted.length / 2]);
        s.put("mean", java.util.Arrays.stream(sorted).average().orElse(Double.NaN));
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

    private static Map<String, Object> factorSeparation(Path folder, List<Trajectories.Trajectory> trajectories,
                                                        double[][] trajectoryDistances, Map<String, TrajectoryConfig> byName) {
        CsvTable table = new CsvTable("factor", "groups", "mean_within", "mean_between", "between_over_within", "within_pairs",
                "between_pairs");
        Map<String, Object> json = new LinkedHashMap<>();
        for (String factor : byName.values().iterator().next().factors().keySet()) {
            List<String> labels = trajectories.stream().map(t -> byName.get(t.config()).factors().get(factor)).toList();
            long groups = labels.stream().distinct().count();
            if (groups < 2) continue;
            Trajectories.Separation s = Trajectories.separation(trajectoryDistances, labels);
            table.addRow(factor, groups, s.within(), s.between(), s.ratio(), s.withinPairs(), s.betweenPairs());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("mean_within", s.within());
            entry.put("mean_between", s.between());
            entry.put("between_over_within", s.ratio());
            json.put(factor, entry);
        }
        table.write(folder.resolve("factors.csv"));
        return json;
    }

    /** Explained stress of the embedding of the first m configs' snapshots (plus truth and ignorance), m growing. */
    private static List<Map<String, Object>> diversityGrowth(Backend backend, double[][] d, PredictionSet points, List<Trajectories.Trajectory> trajectories) {
        List<Map<String, Object>> growth = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int m : PREFIX_SIZES) if (m < trajectories.size()) sizes.add(m);
        sizes.add(trajectories.size());
        for (int m : sizes) {
            List<Integer> members = new ArrayList<>();
            for (int t = 0; t < m; t++) for (int p : trajectories.get(t).points()) members.add(p);
            members.add(points.size() - 2);
            members.add(points.size() - 1);
            double[][] sub = new double[members.size()][members.size()];
            for (int i = 0; i < sub.length; i++) for (int j = 0; j < sub.length; j++) sub[i][j] = d[members.get(i)][members.get(j)];
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("configs", m);
            entry.put("points", members.size());
            entry.putAll(stressAt(PredictionEmbedding.fit(backend, sub, 50)));
            growth.add(entry);
        }
        return growth;
    }
}
