package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netgeom.io.CsvTable;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.report.Series;
import org.netgeom.tensor.Backend;
import org.netgeom.trajectory.PredictionSet;
import org.netgeom.trajectory.Trajectories;

/**
 * The diversity curve of a trajectory sweep (docs/methods/trajectory.md, Trajectory sweep):
 * explained stress at k = 3 and 50 of sub-embeddings that grow in number and in kind of
 * configurations. Each sub-embedding re-runs InPCA on the rows and columns of D of its
 * trajectories' snapshots plus ignorance and truth. Three orders:
 * <ul>
 *   <li>{@code config_order}: the first m configs of the list, m = 6, 12, 24, ... and all;</li>
 *   <li>{@code single_family}: each family (mlp, random-features, cnn, allcnn, resnet, ...) alone;</li>
 *   <li>{@code families_added}: the families one at a time, in the order they first appear.</li>
 * </ul>
 * The paper's claim is that stress stays high as configurations diversify; a curve that falls as
 * kinds are added says the shared manifold is wider than one family's.
 */
final class TrajectoryDiversity {
    private static final int[] PREFIX_SIZES = {6, 12, 24, 48, 96, 192, 384};
    private static final int[] CURVE_KS = {3, 50};

    private TrajectoryDiversity() {}

    /** The curve's entries (summary.json's "diversity"); writes diversity.csv and the diversity figure in {@code folder}. */
    static List<Map<String, Object>> curve(Backend backend, Path folder, double[][] d, PredictionSet points,
                                           List<Trajectories.Trajectory> trajectories, Map<String, TrajectoryConfig> byName,
                                           String title, FigureFormat figures) {
        List<String> family = trajectories.stream().map(t -> byName.get(t.config()).factors().get("family")).toList();
        Set<String> families = new LinkedHashSet<>(family);
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int m : PREFIX_SIZES) if (m < trajectories.size()) sizes.add(m);
        sizes.add(trajectories.size());
        for (int m : sizes) {
            List<Integer> members = new ArrayList<>();
            for (int t = 0; t < m; t++) members.add(t);
            entries.add(entry(backend, "config_order", members, d, points, trajectories, family));
        }
        if (families.size() > 1) {
            for (String f : families) entries.add(entry(backend, "single_family", indicesOf(family, Set.of(f)), d, points, trajectories,
                    family));
            Set<String> added = new LinkedHashSet<>();
            for (String f : families) {
                added.add(f);
                entries.add(entry(backend, "families_added", indicesOf(family, added), d, points, trajectories, family));
            }
        }
        write(folder, entries, title, figures);
        return entries;
    }

    private static List<Integer> indicesOf(List<String> family, Set<String> wanted) {
        List<Integer> members = new ArrayList<>();
        for (int t = 0; t < family.size(); t++) if (wanted.contains(family.get(t))) members.add(t);
        return members;
    }

    private static Map<String, Object> entry(Backend backend, String order, List<Integer> members, double[][] d, PredictionSet points,
                                             List<Trajectories.Trajectory> trajectories, List<String> family) {
        List<Integer> rows = new ArrayList<>();
        Set<String> kinds = new LinkedHashSet<>();
        for (int t : members) {
            for (int p : trajectories.get(t).points()) rows.add(p);
            kinds.add(family.get(t));
        }
        rows.add(points.size() - 2);
        rows.add(points.size() - 1);
        double[][] sub = new double[rows.size()][rows.size()];
        for (int i = 0; i < sub.length; i++) for (int j = 0; j < sub.length; j++) sub[i][j] = d[rows.get(i)][rows.get(j)];
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("order", order);
        entry.put("families", String.join("+", kinds));
        entry.put("configs", members.size());
        entry.put("points", rows.size());
        entry.putAll(TrajectoryAnalysis.stressAt(PredictionEmbedding.fit(backend, sub, 50)));
        return entry;
    }

    /** The fraction named {@code key} of the top {@code k}, NaN where the sub-embedding has fewer than k points. */
    @SuppressWarnings("unchecked")
    static double valueAt(Map<String, Object> entry, int k, String key) {
        Object top = entry.get("top" + k);
        return top == null ? Double.NaN : ((Number) ((Map<String, Object>) top).get(key)).doubleValue();
    }

    private static void write(Path folder, List<Map<String, Object>> entries, String title, FigureFormat figures) {
        List<String> header = new ArrayList<>(List.of("order", "families", "configs", "points"));
        List<String> keys = List.of("explained_stress", "squared_eigenvalue_fraction", "abs_eigenvalue_fraction");
        for (int k : CURVE_KS) for (String key : keys) header.add(key + "_top" + k);
        CsvTable table = new CsvTable(header);
        for (Map<String, Object> e : entries) {
            List<Object> row = new ArrayList<>(List.of(e.get("order"), e.get("families"), e.get("configs"), e.get("points")));
            for (int k : CURVE_KS) for (String key : keys) row.add(valueAt(e, k, key));
            table.addRow(row.toArray());
        }
        table.write(folder.resolve("diversity.csv"));
        Path target = folder.resolve(figures.fileName("diversity"));
        FigureFormat.removeOtherFormats(target);
        List<Series> series = new ArrayList<>();
        for (String order : List.of("config_order", "families_added")) {
            for (int k : CURVE_KS) {
                List<double[]> xy = new ArrayList<>();
                for (Map<String, Object> e : entries) {
                    double stress = valueAt(e, k, "explained_stress");
                    if (e.get("order").equals(order) && Double.isFinite(stress)) {
                        xy.add(new double[] {((Number) e.get("configs")).doubleValue(), stress});
                    }
                }
                if (xy.isEmpty()) continue;
                series.add(new Series("top " + k + ", " + order.replace('_', ' '), xy.stream().mapToDouble(v -> v[0]).toArray(),
                        xy.stream().mapToDouble(v -> v[1]).toArray()));
            }
        }
        try {
            Plots.scatterWithLines(target, ChartStyle.of(title + " explained stress vs configurations", "configurations",
                    "explained stress").withLogX(), series);
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: plots skipped: " + e.getMessage());
        }
    }
}
