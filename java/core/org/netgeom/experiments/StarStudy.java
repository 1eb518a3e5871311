package org.netgeom.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netgeom.data.DataSplit;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.FigureFormat;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.Plots;
import org.netgeom.report.Provenance;
import org.netgeom.report.Series;
import org.netgeom.star.StarlightConfig;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;

/**
 * {@code netgeom star-study}: for each hidden width, a zoo (sources and held-out models of
 * depth {@code depth}) and a Starlight run from the settings' start (DIR/wW/starlight), and one
 * more from each variant start (DIR/wW/starlight-START) on the same zoo; then DIR/summary.csv
 * (one row per width, start, split and kind of pair, with the star's, the sources' and the
 * held-out models' train loss and test accuracy beside each barrier) and DIR/summary.png or .svg
 * (mean barrier against width on the first split, +- its standard deviation over pairs; the
 * figure format is the Starlight settings'). Resumable: finished zoo models and Starlight
 * reports are reused. Shardable: the zoo models are the work items ({@link #itemIds}), the star
 * models the step that needs them all ({@link #run(Settings, Backend, DataSplit, Path, Shard)}).
 */
public final class StarStudy {
    /**
     * The hidden widths and depth (hidden layers) of the MLPs and their activation; each width's
     * zoo (its model replaced by the width's MLP) and Starlight run; {@code variantStarts}: more
     * star models trained on the same zoo from other starts (none by default), reported beside
     * the main one and never in its place.
     */
    public record Settings(List<Integer> widths, int depth, String activation, Zoo.Settings zoo, StarlightRun.Settings starlight,
                           List<StarlightConfig.Start> variantStarts) {
        public Settings {
            variantStarts = variantStarts == null ? List.of() : List.copyOf(variantStarts);
            if (starlight != null && variantStarts.contains(starlight.star().start())) {
                throw InvalidInputException.forField("variantStarts", "{variantStarts} repeats the main start "
                        + starlight.star().start().cliName() + ": list only other starts");
            }
            if (new HashSet<>(variantStarts).size() != variantStarts.size()) {
                throw InvalidInputException.forField("variantStarts", "{variantStarts} names a start twice: " + variantStarts);
            }
            if (zoo == null) throw InvalidInputException.forField("zoo", "a star study needs its {zoo} settings");
            if (zoo.heldOut() < 2) {
                throw InvalidInputException.forField("heldOut", "a star study needs at least 2 held-out models per width "
                        + "({heldOut}: the held-out pairs are its reference), got " + zoo.heldOut());
            }
            if (starlight == null) throw InvalidInputException.forField("starlight", "a star study needs its {starlight} settings");
            Activation.parse(activation);
            if (widths.isEmpty()) throw InvalidInputException.forField("widths", "{widths} needs at least one width, e.g. 8,16,32");
            for (int w : widths) if (w < 1) throw InvalidInputException.forField("widths", "{widths} must be >= 1, got " + w);
            if (depth < 1 || depth > 16) {
                throw InvalidInputException.forField("depth", "{depth} (hidden layers) must be in [1, 16], got " + depth);
            }
            widths = List.copyOf(widths);
        }

        public Settings(List<Integer> widths, int depth, String activation, Zoo.Settings zoo, StarlightRun.Settings starlight) {
            this(widths, depth, activation, zoo, starlight, List.of());
        }

        /**
         * The CLI's defaults: widths 8, 16, 32, 64 and 512, one hidden layer of ReLU, 10 sources
         * and 5 held-out models per width ({@link Zoo#TRAINING}), {@link StarlightRun.Settings#defaults()}.
         */
        public static Settings defaults() {
            return new Settings(List.of(8, 16, 32, 64, 512), 1, "relu", Zoo.Settings.defaults(ANY_MODEL).withHeldOut(5),
                    StarlightRun.Settings.defaults());
        }

        public Settings withWidths(List<Integer> value) { return new Settings(value, depth, activation, zoo, starlight, variantStarts); }

        public Settings withDepth(int value) { return new Settings(widths, value, activation, zoo, starlight, variantStarts); }

        public Settings withActivation(String value) { return new Settings(widths, depth, value, zoo, starlight, variantStarts); }

        public Settings withZoo(Zoo.Settings value) { return new Settings(widths, depth, activation, value, starlight, variantStarts); }

        public Settings withStarlight(StarlightRun.Settings value) { return new Settings(widths, depth, activation, zoo, value, variantStarts); }

        /** More star models from these starts, on the same zoos. */
        public Settings withVariantStarts(List<StarlightConfig.Start> value) {
            return new Settings(widths, depth, activation, zoo, starlight, value);
        }

        /** The same training for the zoos and the star models. */
        public Settings withTraining(TrainConfig value) {
            return new Settings(widths, depth, activation, zoo.withRun(zoo.run().withTraining(value)), starlight.withTraining(value),
                    variantStarts);
        }

        /** The format of the study's figures: the summary's, the zoos' loss figures and the Starlight runs' barriers. */
        public Settings withFigureFormat(FigureFormat value) {
            return new Settings(widths, depth, activation, zoo.withRun(zoo.run().withFigureFormat(value)),
                    starlight.withFigureFormat(value), variantStarts);
        }

        /** How the zoos' and the Starlight runs' progress shows. */
        public Settings withProgress(ProgressMode value) {
            return new Settings(widths, depth, activation, zoo.withRun(zoo.run().withProgress(value)), starlight.withProgress(value),
                    variantStarts);
        }

        /**
         * A study whose zoos train {@code sources} + {@code heldOut} MLPs per width as
         * {@code starlight.training()} says, and whose star models are trained and measured by
         * {@code starlight}. (The zoo's model is replaced per width; the one here only carries the
         * options.)
         */
        public static Settings of(List<Integer> widths, int depth, String activation, int sources, int heldOut,
                                  StarlightRun.Settings starlight) {
            return of(widths, depth, activation, sources, heldOut, starlight.training(), starlight);
        }

        /**
         * {@link #of(List, int, String, int, int, StarlightRun.Settings)} with the zoos trained as
         * {@code zooTraining} says and the star models as {@code starlight.training()} says (a
         * star model sees each source only at a random t, so it may need more epochs than they).
         */
        public static Settings of(List<Integer> widths, int depth, String activation, int sources, int heldOut,
                                  TrainConfig zooTraining, StarlightRun.Settings starlight) {
            ModelSpec placeholder = new ModelSpec.MlpSpec(Architecture.of(1, 1), List.of(), Initialization.PYTORCH, MlpOptions.none());
            TrainingRun.Settings run = new TrainingRun.Settings(placeholder, zooTraining, TrainingRun.Fit.GRADIENT_DESCENT, 0,
                    null, starlight.progress(), starlight.figureFormat(), starlight.commandConfig(), starlight.commandLine(), Map.of());
            return new Settings(widths, depth, activation, new Zoo.Settings(run, sources, heldOut), starlight);
        }
    }

    /**
     * A finished study: the summary table, where it is, the command's config and the
     * provenance of this run (what star-study --json prints).
     */
    public record Outcome(CsvTable summary, Path folder, Map<String, Object> config, Provenance provenance) {
        /** summary (one object per row, numbers and booleans typed), out, config and provenance. */
        public Map<String, Object> toMap() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int r = 0; r < summary.rowCount(); r++) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : summary.header()) row.put(column, typed(summary.value(r, column)));
                rows.add(row);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("summary", rows);
            result.put("out", folder.toString());
            result.put("config", config);
            result.put("provenance", provenance.toMap());
            return result;
        }

        /** A CSV cell as JSON: numbers and booleans typed, the rest text. */
        private static Object typed(String cell) {
            if (cell.equals("true") || cell.equals("false")) return Boolean.parseBoolean(cell);
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                return cell;
            }
        }
    }

    /** The zoo's model in {@link Settings#defaults()}: each width replaces it with its own MLP. */
    private static final ModelSpec ANY_MODEL = new ModelSpec.MlpSpec(Architecture.of(1, 1), List.of(), Initialization.PYTORCH,
            MlpOptions.none());

    private StarStudy() {}

    /** The names the summary figure may have, one per format: what the study declares among its results. */
    public static final List<String> SUMMARY_FIGURES = FigureFormat.fileNames("summary");

    /** What a study writes in its folder: summary.csv, summary.png or .svg and one folder per width. */
    public static List<String> resultEntries(List<Integer> widths) {
        List<String> entries = new ArrayList<>(List.of("summary.csv"));
        entries.addAll(SUMMARY_FIGURES);
        for (int width : widths) entries.add(widthFolder(width));
        return entries;
    }

    /** The folder of one width's zoo and star models, under the study's folder. */
    public static String widthFolder(int width) { return "w" + width; }

    /** The folder of a star model under its width's folder: "starlight" for the main start, "starlight-START" for a variant. */
    public static String starFolder(StarlightConfig.Start start, boolean main) {
        return main ? "starlight" : "starlight-" + start.cliName();
    }

    /** The columns of summary.csv: one row per width, start, split, kind of pair and alignment. */
    static final List<String> SUMMARY_COLUMNS = List.of("width", "depth", "kind", "aligned", "count", "barrier_loss_mean",
            "barrier_loss_sd", "barrier_error_mean", "barrier_error_sd", "star_test_accuracy", "split", "start", "main_start",
            "star_train_loss", "sources_train_loss", "sources_test_accuracy", "held_out_train_loss", "held_out_test_accuracy");

    /** Trains and measures what is missing under {@code dir}, then writes summary.csv and summary.png. */
    public static Outcome run(Settings settings, Backend backend, DataSplit data, Path dir) {
        return run(settings, backend, data, dir, null);
    }

    /**
     * {@link #run(Settings, Backend, DataSplit, Path)} of one {@code shard} (null: the whole
     * study) into {@code dir} (its shard folder). A shard trains only its zoo models, in
     * {@link #itemIds}' order, each seeded by its index in its width's zoo as one process seeds
     * it, and returns null: the star models, barriers and summary need every source of a width,
     * so they run when the study runs on OUT with every model there (what {@code merge} does).
     */
    public static Outcome run(Settings settings, Backend backend, DataSplit data, Path dir, Shard shard) {
        if (shard != null) {
            int perWidth = settings.zoo().sources() + settings.zoo().heldOut();
            for (int w = 0; w < settings.widths().size(); w++) {
                int width = settings.widths().get(w);
                Zoo.run(zoo(settings, data, width), backend, data, dir.resolve(widthFolder(width)), shard, (long) w * perWidth);
            }
            return null;
        }
        Instant started = Instant.now();
        CsvTable summary = new CsvTable(SUMMARY_COLUMNS.toArray(String[]::new));
        List<StarlightConfig.Start> starts = new ArrayList<>(List.of(settings.starlight().star().start()));
        starts.addAll(settings.variantStarts());
        for (int width : settings.widths()) {
            Path widthDir = dir.resolve(widthFolder(width));
            Zoo.run(zoo(settings, data, width), backend, data, widthDir);
            for (StarlightConfig.Start start : starts) {
                boolean main = start == starts.getFirst();
                StarlightRun.Settings starlight = settings.starlight().withStar(settings.starlight().star().withStart(start));
                JsonNode report = starReport(starlight, backend, data, widthDir, widthDir.resolve(starFolder(start, main)), main);
                addRows(summary, width, settings.depth(), main, report);
            }
            summary.write(dir.resolve("summary.csv"));
        }
        Path figure = dir.resolve(settings.starlight().figureFormat().fileName("summary"));
        FigureFormat.removeOtherFormats(figure); // a resumed study drawn in another format before
        plot(figure, summary);
        TrainingRun.Settings run = settings.zoo().run();
        Provenance provenance = Provenance.capture(backend, run.commandLine(), run.training().seed(), started).finished(Instant.now());
        return new Outcome(summary, dir, run.commandConfig(), provenance);
    }

    /**
     * The study's work items in their one fixed order, by identity: per width (in the settings'
     * order) its zoo's sources, then its held-out models ("w8/sources/model-000", ...). The star
     * models are not items: each needs all of its width's sources.
     */
    public static List<String> itemIds(Settings settings) {
        List<String> ids = new ArrayList<>();
        for (int width : settings.widths()) {
            for (String model : Zoo.itemIds(settings.zoo())) ids.add(widthFolder(width) + "/" + model);
        }
        return ids;
    }

    /**
     * Brings the finished shards' zoo models into {@code out} ({@link Zoo#mergeShards}); the
     * study run on {@code out} afterwards finds them all and trains only the star models.
     */
    public static void mergeShards(ShardSet shards, Path out) {
        Zoo.mergeShards(shards, out);
    }

    /** What a study's shards merge into: {@link #resultEntries} of the widths their items name. */
    public static List<String> resultEntries(ShardSet shards) {
        Set<Integer> widths = new LinkedHashSet<>();
        for (ShardMarker marker : shards.markers()) {
            for (String item : marker.items()) {
                String folder = item.substring(0, Math.max(0, item.indexOf('/')));
                if (!folder.matches("w\\d{1,9}")) {
                    throw new InvalidInputException("shard " + marker.index() + "'s " + ShardMarker.FILE + " names the item '" + item
                            + "', which is not a star study's model (wWIDTH/sources/model-NNN): rerun that shard");
                }
                widths.add(Integer.parseInt(folder.substring(1)));
            }
        }
        return resultEntries(List.copyOf(widths));
    }

    /** Width {@code width}'s zoo: the settings' zoo with its model replaced by the width's MLP. */
    private static Zoo.Settings zoo(Settings settings, DataSplit data, int width) {
        ModelSpec model = new ModelSpec.MlpSpec(architecture(data, width, settings.depth()), List.of(Activation.parse(settings.activation())),
                Initialization.PYTORCH, MlpOptions.none());
        return settings.zoo().withRun(settings.zoo().run().withModel(model));
    }

    /** The Starlight report in {@code starDir}, made first when missing (a report from before starts were recorded is redone). */
    private static JsonNode starReport(StarlightRun.Settings starlight, Backend backend, DataSplit data, Path widthDir, Path starDir,
                                       boolean main) {
        Path reportFile = starDir.resolve("report.json");
        if (Files.isRegularFile(reportFile)) {
            JsonNode report = JsonOutput.readFile(reportFile);
            if (report.path("start").asText().equals(starlight.star().start().cliName())) return report;
        }
        List<Path> sources = Zoo.modelFiles(List.of(widthDir.resolve(Zoo.SOURCES)), "sources");
        List<Path> heldOut = Zoo.modelFiles(List.of(widthDir.resolve(Zoo.HELD_OUT)), "held-out");
        // A variant's pairs without the star model would repeat the main start's: measured once.
        return JsonOutput.tree(StarlightRun.run(starlight, backend, data, sources, heldOut, starDir, main));
    }

    private static void addRows(CsvTable summary, int width, int depth, boolean main, JsonNode report) {
        JsonNode sources = report.path("sources"), heldOut = report.path("held_out");
        for (JsonNode row : report.path("barriers")) {
            summary.addRow(width, depth, row.path("kind").asText(), row.path("aligned").asBoolean(), row.path("count").asInt(),
                    row.path("barrier_loss_mean").asDouble(), row.path("barrier_loss_sd").asDouble(),
                    row.path("barrier_error_mean").asDouble(), row.path("barrier_error_sd").asDouble(),
                    report.path("star_test_accuracy").asDouble(), row.path("split").asText(), report.path("start").asText(), main,
                    report.path("star_train_loss").asDouble(), sources.path("train_loss_mean").asDouble(),
                    sources.path("test_accuracy_mean").asDouble(), heldOut.path("train_loss_mean").asDouble(),
                    heldOut.path("test_accuracy_mean").asDouble());
        }
    }

    static Architecture architecture(DataSplit data, int width, int depth) {
        int[] widths = new int[depth + 2];
        widths[0] = data.train().inputDim();
        for (int i = 1; i <= depth; i++) widths[i] = width;
        widths[depth + 1] = data.train().isClassification() ? data.train().classes() : data.train().targetDim();
        return new Architecture(widths);
    }

    private static void plot(Path target, CsvTable summary) {
        List<Series> series = summarySeries(summary);
        if (series.isEmpty()) return;
        try {
            Plots.scatterWithLines(target, ChartStyle.of("Loss barrier against width", "hidden width",
                    "mean loss barrier (+- sd over pairs)").withLogX(), series);
        } catch (PlotUnavailableException e) {
            System.err.println("netgeom: " + target.getFileName() + " skipped: " + e.getMessage());
        }
    }

    /**
     * One line per kind of pair on the first split: barrier_loss_mean against width,
     * barrier_loss_sd as error bars; a variant start's star-to-held-out line is named for its start.
     * Summaries from before splits and starts were recorded have every row on one split.
     */
    static List<Series> summarySeries(CsvTable summary) {
        boolean withSplits = summary.header().contains("split");
        String firstSplit = withSplits && summary.rowCount() > 0 ? summary.value(0, "split") : "";
        List<String> kinds = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (int r = 0; r < summary.rowCount(); r++) {
            String kind = summary.value(r, "kind");
            boolean main = !withSplits || Boolean.parseBoolean(summary.value(r, "main_start"));
            if (withSplits && !summary.value(r, "split").equals(firstSplit)) continue;
            if (!main && !kind.startsWith("star_")) continue; // the star-independent pairs repeat the main start's
            kinds.add(kind.replace('_', ' ') + (Boolean.parseBoolean(summary.value(r, "aligned")) ? " (aligned)" : " (raw)")
                    + (main ? "" : " [" + summary.value(r, "start") + " start]"));
            points.add(new double[] {summary.doubleValue(r, "width"), summary.doubleValue(r, "barrier_loss_mean"),
                summary.doubleValue(r, "barrier_loss_sd")});
        }
        double[] width = new double[points.size()], mean = new double[points.size()], sd = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            width[i] = points.get(i)[0];
            mean[i] = points.get(i)[1];
            sd[i] = points.get(i)[2];
        }
        return Series.groupBy(kinds, width, mean, sd);
    }
}
