package org.netgeom.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.netgeom.bmd.AttackSettings;
import org.netgeom.bmd.GradientAttack;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.bmd.Readout;
import org.netgeom.bmd.Robustness;
import org.netgeom.data.Dataset;
import org.netgeom.data.SafeTensors;
import org.netgeom.io.CsvTable;
import org.netgeom.io.ProgressMode;
import org.netgeom.nn.ModelFiles;
import org.netgeom.report.Statistics;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * BMD against robustness across models (docs/methods/bmd.md, Robustness study): for every model
 * file, the Monte Carlo BMD and the robust accuracy under a gradient attack at each budget (and,
 * when asked, the accuracy under k random flips), one row of DIR/models.csv each, appended as it
 * finishes (a rerun skips models already there); then Spearman's rho between the BMD and each
 * robustness column with a seeded permutation p-value, across this run's models (rows of other
 * models, left in models.csv by earlier runs, are kept but not counted) and within each
 * architecture (one width of a sweep), in DIR/correlations.csv. Its items are the models in the
 * order given ({@link #itemIds}); a {@link Shard} measures its own into its folder and
 * {@link #mergeShards} brings them together, so that the correlations see the one-process table.
 */
public final class RobustnessStudy {
    /** The table of the models' measurements. */
    public static final String MODELS_FILE = "models.csv";
    /** The table of the correlations. */
    public static final String CORRELATIONS_FILE = "correlations.csv";
    /** What the study writes into its folder. */
    public static final List<String> RESULT_ENTRIES = List.of(MODELS_FILE, CORRELATIONS_FILE);
    /** The columns every models.csv row starts with; the robustness columns follow. */
    public static final List<String> KEY_COLUMNS = List.of("model", "architecture", "bmd", "bmd_stderr", "clean_accuracy");
    public static final List<String> CORRELATION_COLUMNS = List.of("scope", "robustness", "models", "spearman", "p_value", "permutations");

    /**
     * @param attack         the gradient attack, or null for none
     * @param validRange     auto, none or LO:HI for the attack's clipping
     * @param randomFlips    flip counts of the random-flip robustness (empty: none)
     * @param permutations   shuffles of the permutation test (>= 1)
     * @param seed           the BMD points', the random flips' and the permutations' seed
     */
    public record Settings(List<Path> models, Activation plainActivation, String distribution, int samples, AttackSettings attack,
                           String validRange, int[] randomFlips, int permutations, long seed, ProgressMode progress) {
        public Settings {
            if (models.isEmpty()) throw InvalidInputException.forField("models", "{models} found no model.safetensors");
            if (permutations < 1) throw InvalidInputException.forField("permutations", "{permutations} must be >= 1, got " + permutations);
            if (InputDistribution.REFLECTION_NAME.equals(distribution)) {
                throw InvalidInputException.forField("distribution", "the study correlates the BMD with robustness, and {distribution} "
                        + InputDistribution.REFLECTION_NAME + " is a sensitivity index, not a BMD: use uniform, gaussian, or data"
                        + " (models trained with --binarize)");
            }
            if (attack == null && randomFlips.length == 0) {
                throw InvalidInputException.forFields(List.of("attack", "randomFlips"),
                        "the study needs a robustness measure: an {attack}, or {randomFlips}, or both");
            }
            // A model listed twice is measured once, where it first appears.
            models = List.copyOf(new LinkedHashSet<>(models));
            randomFlips = randomFlips.clone();
        }

        /** The robustness columns of models.csv, in order. */
        public List<String> robustnessColumns() {
            List<String> columns = new ArrayList<>();
            if (attack != null) {
                if (attack.attack() == AttackSettings.Attack.GREEDY_FLIP) {
                    for (int k : attack.flipCounts()) columns.add("greedy_accuracy_k" + k);
                } else {
                    for (double eps : attack.epsilon()) columns.add(attack.attack().cliName() + "_accuracy_eps" + CsvTable.format(eps));
                }
            }
            for (int k : randomFlips) columns.add("random_accuracy_k" + k);
            for (int k : randomFlips) columns.add("random_changed_k" + k);
            return columns;
        }

        public List<String> columns() {
            List<String> columns = new ArrayList<>(KEY_COLUMNS);
            columns.addAll(robustnessColumns());
            return columns;
        }
    }

    /** One correlation: BMD against {@code robustness} over the models of {@code scope} ("all" or "architecture=..."). */
    public record Correlation(String scope, String robustness, Statistics.RankCorrelation test) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scope", scope);
            m.put("robustness", robustness);
            m.put("models", test.n());
            m.put("spearman", test.rho());
            m.put("p_value", test.pValue());
            m.put("permutations", test.permutations());
            return m;
        }
    }

    /** The models' table and the correlations; toMap is what robustness-study --json prints. */
    public record Outcome(CsvTable models, List<Correlation> correlations) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("models", models.rowCount());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Correlation c : correlations) rows.add(c.toMap());
            m.put("correlations", rows);
            return m;
        }
    }

    private RobustnessStudy() {}

    /** Measures every model on {@code data} (BMD points from it too, for the data distribution) and correlates, in {@code outDir}. */
    public static Outcome run(Settings settings, Backend backend, Dataset data, Path outDir) {
        return run(settings, backend, data, outDir, null);
    }

    /**
     * {@link #run} of the models {@code shard} owns (null: all of them) into {@code outDir} (its
     * shard folder). A shard only measures: its Outcome has no correlations, which wait for
     * {@link #mergeShards}.
     */
    public static Outcome run(Settings settings, Backend backend, Dataset data, Path outDir, Shard shard) {
        Path modelsFile = outDir.resolve(MODELS_FILE);
        List<String> columns = settings.columns();
        CsvTable done = Files.exists(modelsFile) ? CsvTable.readResults(modelsFile, columns) : new CsvTable(columns);
        List<Path> models = settings.models();
        for (int position = 0; position < models.size(); position++) {
            // Every model is measured with the same seed (the same BMD points and flips), never by its position: a shard computes the same bits.
            if (shard != null && !shard.owns(position)) continue;
            Path model = models.get(position);
            if (done.column("model").contains(model.toString())) continue;
            CsvTable.appendRow(modelsFile, columns, measure(settings, backend, data, model).toArray());
        }
        if (shard != null) return new Outcome(Files.exists(modelsFile) ? CsvTable.read(modelsFile) : new CsvTable(columns), List.of());
        CsvTable table = thisRunsRows(CsvTable.read(modelsFile), settings);
        List<Correlation> correlations = correlate(table, "bmd", settings.robustnessColumns(), "architecture", settings.permutations(),
                settings.seed());
        CsvTable out = new CsvTable(CORRELATION_COLUMNS);
        for (Correlation c : correlations) out.addRow(c.toMap().values().toArray());
        out.write(outDir.resolve(CORRELATIONS_FILE));
        return new Outcome(table, correlations);
    }

    /**
     * The rows of {@code table} whose model is one of this run's, in the run's order (the order of
     * --models): models.csv keeps the rows of earlier runs into the same folder (a later run with
     * them resumes instead of measuring again), but a run correlates and reports only the models
     * it was asked for, so its answer is the same whatever the folder held and however it was
     * sharded (the permutation p-value depends on the rows' order, hence the run's order).
     */
    static CsvTable thisRunsRows(CsvTable table, Settings settings) {
        Map<String, Integer> rowOfModel = new LinkedHashMap<>();
        for (int r = 0; r < table.rowCount(); r++) rowOfModel.putIfAbsent(table.value(r, "model"), r);
        CsvTable rows = new CsvTable(table.header());
        for (String model : itemIds(settings)) {
            Integer r = rowOfModel.get(model);
            if (r == null) throw new IllegalStateException(MODELS_FILE + " lacks " + model + " after measuring it");
            rows.addRow(table.row(r).toArray());
        }
        return rows;
    }

    /** Every model's identity (its path as given), in the order the study measures them. */
    public static List<String> itemIds(Settings settings) {
        return settings.models().stream().map(Path::toString).toList();
    }

    /**
     * Writes {@code out}/models.csv from the finished shards' rows in the study's order, byte for
     * byte the file one process writes; the correlations follow when the study is run on
     * {@code out} (every model is then measured).
     */
    public static void mergeShards(ShardSet shards, Path out) {
        Map<String, Integer> positions = shards.positions();
        List<List<String>> rows = new ArrayList<>(Collections.nCopies(positions.size(), (List<String>) null));
        List<String> header = null;
        for (ShardMarker marker : shards.markers()) {
            if (marker.items().isEmpty()) continue; // more shards than models: this one had none
            Path file = shards.folder(marker.index()).resolve(MODELS_FILE);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("shard " + marker.index() + " says it finished but has no " + file + ": rerun that shard");
            }
            CsvTable table = CsvTable.read(file);
            if (header == null) header = table.header();
            if (!header.equals(table.header())) {
                throw new InvalidInputException(file + " has the columns " + table.header() + ", other shards " + header
                        + ": rerun the shards with the same options");
            }
            for (int r = 0; r < table.rowCount(); r++) {
                String id = table.value(r, "model");
                Integer position = positions.get(id);
                if (position == null || position % shards.count() != marker.index()) {
                    throw new InvalidInputException(file + " row " + (r + 2) + " (" + id + ") is not one of shard " + marker.index()
                            + "'s models: rerun that shard into an empty folder");
                }
                rows.set(position, table.row(r));
            }
        }
        CsvTable merged = new CsvTable(header);
        for (int position = 0; position < rows.size(); position++) {
            if (rows.get(position) == null) {
                throw new InvalidInputException("shard " + position % shards.count() + " says it finished but its " + MODELS_FILE
                        + " lacks a model (position " + position + "): rerun that shard");
            }
            merged.addRow(rows.get(position).toArray());
        }
        merged.write(out.resolve(MODELS_FILE));
    }

    private static List<Object> measure(Settings settings, Backend backend, Dataset data, Path model) {
        BmdRun.Settings bmd = new BmdRun.Settings(model, settings.plainActivation(), false, settings.distribution(), settings.samples(),
                Readout.vector(), settings.seed(), settings.progress(), null, List.of());
        var result = BmdRun.run(bmd, backend, data, null).result();
        List<Object> row = new ArrayList<>(List.of(model.toString(), architecture(model), result.bmd(), result.stderr()));
        Double clean = null;
        if (settings.attack() != null) {
            GradientAttack.Result attacked = ModelEvaluation.attack(backend, model, settings.plainActivation(), data, settings.attack(),
                    settings.validRange(), settings.progress()).result();
            clean = attacked.cleanAccuracy();
            for (GradientAttack.Point p : attacked.points()) row.add(p.robustAccuracy());
        }
        if (settings.randomFlips().length > 0) {
            Robustness.Result flipped = ModelEvaluation.robustness(backend, model, settings.plainActivation(), data, settings.randomFlips(),
                    settings.seed()).result();
            clean = flipped.cleanAccuracy();
            for (Robustness.Point p : flipped.points()) row.add(p.accuracy());
            for (Robustness.Point p : flipped.points()) row.add(p.changedFraction());
        }
        row.add(4, clean);
        return row;
    }

    /** The model file's architecture as its metadata names it ("784-64-10", a layer list, ...), or "unknown". */
    static String architecture(Path model) {
        Map<String, String> metadata = SafeTensors.read(ModelFiles.locate(model)).metadata();
        return metadata.getOrDefault(ModelFiles.ARCHITECTURE_KEY, "unknown");
    }

    /**
     * Spearman's rho of {@code xColumn} against each of {@code yColumns} with its permutation
     * p-value, over all rows ("all") and within each value of {@code groupColumn} held by at least 3
     * rows ("groupColumn=value", in the value's sorted order). Rows with a non-finite value in
     * either column are left out of that pair.
     */
    public static List<Correlation> correlate(CsvTable table, String xColumn, List<String> yColumns, String groupColumn,
                                              int permutations, long seed) {
        Map<String, List<Integer>> groups = new TreeMap<>();
        if (groupColumn != null) {
            for (int r = 0; r < table.rowCount(); r++) groups.computeIfAbsent(table.value(r, groupColumn), g -> new ArrayList<>()).add(r);
        }
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) all.add(r);
        List<Correlation> out = new ArrayList<>();
        for (String y : yColumns) {
            out.add(new Correlation("all", y, test(table, all, xColumn, y, permutations, seed)));
            for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
                if (group.getValue().size() < 3 || groups.size() < 2 && group.getValue().size() == all.size()) continue;
                out.add(new Correlation(groupColumn + "=" + group.getKey(), y, test(table, group.getValue(), xColumn, y, permutations, seed)));
            }
        }
        return out;
    }

    private static Statistics.RankCorrelation test(CsvTable table, List<Integer> rows, String xColumn, String yColumn, int permutations,
                                                   long seed) {
        List<double[]> pairs = new ArrayList<>();
        for (int r : rows) {
            double x = table.doubleValue(r, xColumn), y = table.doubleValue(r, yColumn);
            if (Double.isFinite(x) && Double.isFinite(y)) pairs.add(new double[] {x, y});
        }
        double[] xs = new double[pairs.size()], ys = new double[pairs.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pairs.get(i)[0];
            ys[i] = pairs.get(i)[1];
        }
        return Statistics.spearmanPermutationTest(xs, ys, permutations, seed);
    }

    /** "rho 0.71 (p 0.002, 75 models)": the CLI's plain line. */
    public static String describe(Correlation c) {
        return String.format(Locale.ROOT, "%-40s %-28s rho %6.3f  p %.4f  (%d models)", c.scope(), c.robustness(), c.test().rho(),
                c.test().pValue(), c.test().n());
    }
}
