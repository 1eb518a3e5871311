package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.FigureFormat;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.report.Series;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.trajectory.BhattacharyyaDistances;
import org.netgeom.trajectory.InPca;
import org.netgeom.trajectory.PredictionSet;

/**
 * Embeds a set of prediction points jointly (docs/methods/trajectory.md, InPCA and Outputs):
 * Bhattacharyya distances on the backend, InPCA, and the outputs of {@code netgeom embed}: the JSON
 * object, coordinates.csv, embedding.png (pairs of the top three dimensions, one line per config,
 * truth and ignorance marked) and stress.png, or the two figures as .svg.
 */
public final class PredictionEmbedding {
    /** Legends beyond this many configs would cover the plot. */
    private static final int MAX_LEGEND = 12;

    /** The points embedded (with the reference points when added), D, and the InPCA fit. */
    public record Result(PredictionSet points, double[][] distances, InPca pca, int dims, double distanceSeconds) {}

    /** What the embedding command writes in its folder (embedding.json beside writeFiles' three). */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of("embedding.json", "coordinates.csv"),
            FigureFormat.fileNames("embedding"), FigureFormat.fileNames("stress")).flatMap(List::stream).toList();

    private PredictionEmbedding() {}

    /** Embeds {@code set} (plus ignorance and, with labels, truth when {@code withReferences}). */
    public static Result embed(Backend backend, PredictionSet set, int dims, boolean withReferences) {
        PredictionSet points = withReferences ? set.withReferencePoints() : set;
        if (dims < 1 || dims > points.size()) {
            throw InvalidInputException.forField("dims", "{dims} must be in [1, " + points.size() + "] (the number of points), got " + dims);
        }
        long start = System.nanoTime();
        double[][] d = new BhattacharyyaDistances(backend).pairwise(points);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(points, d, fit(backend, d, dims), dims, seconds);
    }

    /** An embedding and what embed --json prints and embedding.json holds ({@link #toJson} and the backend). */
    public record Report(Result result, Map<String, Object> summary) {}

    /**
     * The embed command's work: embeds {@code set} ({@link #embed}) and, with {@code folder},
     * writes embedding.json and the files of {@link #writeFiles} there, titled {@code title}, the
     * figures in {@code figureFormat}.
     */
    public static Report run(Backend backend, PredictionSet set, int dims, boolean withReferences, Path folder, String title,
                             FigureFormat figureFormat) {
        Result result = embed(backend, set, dims, withReferences);
        Map<String, Object> summary = toJson(result);
        summary.put("backend", backend.name());
        if (folder != null) {
            JsonOutput.writeFile(folder.resolve("embedding.json"), summary);
            writeFiles(folder, result, title, figureFormat);
        }
        return new Report(result, summary);
    }

    /** The dense solver up to {@link InPca#DENSE_LIMIT} points, then the top max(dims, 50) by subspace iteration. */
    public static InPca fit(Backend backend, double[][] d, int dims) {
        if (d.length <= InPca.DENSE_LIMIT) return InPca.fit(d);
        return InPca.fitTopK(backend, d, Math.min(d.length, Math.max(dims, 50)), 1);
    }

    /**
     * The embed command's JSON: eigenvalues, explained_stress (the authors' definition, {@link
     * InPca#explainedStress}), squared_eigenvalue_fraction and abs_eigenvalue_fraction beside it,
     * coordinates, points.
     */
    public static Map<String, Object> toJson(Result result) {
        int dims = result.dims();
        Map<String, Object> json = new LinkedHashMap<>();
        double[] eigenvalues = new double[dims];
        double[] stress = new double[dims];
        double[] squared = new double[dims];
        double[] absolute = new double[dims];
        for (int k = 1; k <= dims; k++) {
            eigenvalues[k - 1] = result.pca().eigenvalues()[k - 1];
            stress[k - 1] = result.pca().explainedStress(k);
            squared[k - 1] = result.pca().squaredFraction(k);
            absolute[k - 1] = result.pca().absoluteFraction(k);
        }
        json.put("eigenvalues", eigenvalues);
        json.put("explained_stress", stress);
        json.put("squared_eigenvalue_fraction", squared);
        json.put("abs_eigenvalue_fraction", absolute);
        json.put("coordinates", result.pca().coordinates(dims));
        json.put("points", result.points().points().stream().map(PredictionSet.Point::name).toList());
        json.put("samples", result.points().samples());
        json.put("classes", result.points().classes());
        json.put("distance_seconds", result.distanceSeconds());
        return json;
    }

    /**
     * coordinates.csv and the embedding and stress figures in {@code figures}' format in
     * {@code folder}; copies of the figures in another format (a resumed sweep's) are removed.
     */
    public static void writeFiles(Path folder, Result result, String title, FigureFormat figures) {
        int dims = result.dims();
        double[][] x = result.pca().coordinates(dims);
        List<String> header = new ArrayList<>(List.of("point", "config", "seed", "epoch", "step"));
        for (int i = 1; i <= dims; i++) header.add("x" + i);
        CsvTable table = new CsvTable(header);
        for (int p = 0; p < x.length; p++) {
            PredictionSet.Point point = result.points().point(p);
            List<Object> row = new ArrayList<>(List.of(point.name(), point.config(), point.seed(), point.epoch(), point.step()));
            for (double v : x[p]) row.add(v);
            table.addRow(row.toArray());
        }
        table.write(folder.resolve("coordinates.csv"));
        Path embedding = folder.resolve(figures.fileName("embedding"));
        Path stress = folder.resolve(figures.fileName("stress"));
        FigureFormat.removeOtherFormats(embedding);
        FigureFormat.removeOtherFormats(stress);
        try {
            plotEmbedding(embedding, result, x, title);
            plotStress(stress, result.pca(), title);
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: plots skipped: " + e.getMessage());
        }
    }

    private static void plotEmbedding(Path target, Result result, double[][] x, String title) {
        int shown = Math.min(3, result.dims());
        List<int[]> pairs = new ArrayList<>();
        if (shown == 1) pairs.add(new int[] {0, 0});
        for (int a = 0; a < shown; a++) for (int b = a + 1; b < shown; b++) pairs.add(new int[] {a, b});
        List<ChartStyle> styles = new ArrayList<>();
        List<List<Series>> panels = new ArrayList<>();
        for (int[] pair : pairs) {
            styles.add(ChartStyle.of(title + " InPCA " + (pair[0] + 1) + " vs " + (pair[1] + 1),
                    "dimension " + (pair[0] + 1) + signLabel(result.pca(), pair[0]),
                    "dimension " + (pair[1] + 1) + signLabel(result.pca(), pair[1])).withSize(600, 600));
            panels.add(trajectorySeries(result.points(), x, pair[0], pair[1]));
        }
        Plots.scatterPanels(target, styles, panels, MAX_LEGEND);
    }

    private static String signLabel(InPca pca, int dimension) {
        return pca.eigenvalues()[dimension] < 0 ? " (lambda < 0)" : "";
    }

    /** One series per config, points in step order; reference points (step < 0) as single-point series, last. */
    static List<Series> trajectorySeries(PredictionSet points, double[][] x, int a, int b) {
        Map<String, List<Integer>> byConfig = new LinkedHashMap<>();
        List<Integer> references = new ArrayList<>();
        for (int p = 0; p < points.size(); p++) {
            if (points.point(p).step() < 0) references.add(p);
            else byConfig.computeIfAbsent(points.point(p).config(), unused -> new ArrayList<>()).add(p);
        }
        List<Series> series = new ArrayList<>();
        byConfig.forEach((config, members) -> {
            members.sort(java.util.Comparator.comparingLong(p -> points.point(p).step()));
            double[] xs = members.stream().mapToDouble(p -> x[p][a]).toArray();
            double[] ys = members.stream().mapToDouble(p -> x[p][b]).toArray();
            series.add(new Series(config, xs, ys));
        });
        for (int p : references) series.add(new Series(points.point(p).name(), new double[] {x[p][a]}, new double[] {x[p][b]}));
        return series;
    }

    private static void plotStress(Path target, InPca pca, String title) {
        int kMax = Math.min(pca.kept(), 50);
        double[] k = new double[kMax], stress = new double[kMax], squared = new double[kMax], absolute = new double[kMax];
        for (int i = 1; i <= kMax; i++) {
            k[i - 1] = i;
            stress[i - 1] = pca.explainedStress(i);
            squared[i - 1] = pca.squaredFraction(i);
            absolute[i - 1] = pca.absoluteFraction(i);
        }
        List<Series> series = new ArrayList<>(List.of(new Series("explained stress 1 - sqrt(1 - sum lambda^2 / |W|^2)", k, stress),
                new Series("squared fraction sum lambda^2 / |W|^2", k, squared)));
        // Unknown (NaN) after the top-k solver: it needs every eigenvalue.
        if (!Double.isNaN(absolute[0])) series.add(new Series("|lambda| fraction", k, absolute));
        Plots.scatterWithLines(target, ChartStyle.of(title + " explained stress", "dimensions k", "fraction").withLogX(), series);
    }
}
