package org.netgeom.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.netgeom.report.Plots;
import org.netgeom.report.Series;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * {@code netgeom star-study}: for each hidden width, a zoo (sources and held-out models of
 * depth {@code depth}) and a Starlight run, then DIR/summary.csv (one row per width and kind of
 * pair) and DIR/summary.png or .svg (mean barrier against width, +- its standard deviation over
 * pairs; the figure format is the Starlight settings'). Resumable: finished zoo models and
 * Starlight reports are reused.
 */
public final class StarStudy {
    public record Settings(List<Integer> widths, int depth, String activation, Zoo.Settings zoo, StarlightRun.Settings starlight) {
        public Settings {
            if (widths.isEmpty()) throw new InvalidInputException("--widths needs at least one width, e.g. 8,16,32");
            for (int w : widths) if (w < 1) throw new InvalidInputException("--widths must be >= 1, got " + w);
            if (depth < 1 || depth > 16) throw new InvalidInputException("--depth (hidden layers) must be in [1, 16], got " + depth);
            widths = List.copyOf(widths);
        }
    }

    private StarStudy() {}

    /** The names the summary figure may have, one per format: what the study declares among its results. */
    public static final List<String> SUMMARY_FIGURES = FigureFormat.fileNames("summary");

    /** The folder of one width's zoo and star model, under the study's folder. */
    public static String widthFolder(int width) { return "w" + width; }

    public static CsvTable run(Settings settings, Backend backend, DataSplit data, Path dir) {
        CsvTable summary = new CsvTable("width", "depth", "kind", "aligned", "count", "barrier_loss_mean", "barrier_loss_sd",
                "barrier_error_mean", "barrier_error_sd", "star_test_accuracy");
        for (int width : settings.widths()) {
            Path widthDir = dir.resolve(widthFolder(width));
            Architecture architecture = architecture(data, width, settings.depth());
            ModelSpec model = new ModelSpec.MlpSpec(architecture, List.of(Activation.parse(settings.activation())),
                    Initialization.PYTORCH, MlpOptions.none());
            TrainingRun.Settings base = settings.zoo().run();
            Zoo.Settings zoo = new Zoo.Settings(new TrainingRun.Settings(model, base.training(), base.fit(), base.ridgeLambda(),
                    base.ridgePrecision(), base.progress(), base.figures(), base.commandConfig(), base.commandLine(),
                    base.extraModelMetadata()),
                    settings.zoo().sources(), settings.zoo().heldOut());
            Zoo.run(zoo, backend, data, widthDir);
            Path starDir = widthDir.resolve("starlight");
            Path reportFile = starDir.resolve("report.json");
            JsonNode report;
            if (Files.isRegularFile(reportFile)) {
                report = JsonOutput.readFile(reportFile);
            } else {
                List<Path> sources = Zoo.modelFiles(List.of(widthDir.resolve(Zoo.SOURCES)), "sources");
                List<Path> heldOut = Zoo.modelFiles(List.of(widthDir.resolve(Zoo.HELD_OUT)), "held-out");
                report = JsonOutput.tree(StarlightRun.run(settings.starlight(), backend, data, sources, heldOut, starDir));
            }
            for (JsonNode row : report.path("barriers")) {
                summary.addRow(width, settings.depth(), row.path("kind").asText(), row.path("aligned").asBoolean(),
                        row.path("count").asInt(), row.path("barrier_loss_mean").asDouble(), row.path("barrier_loss_sd").asDouble(),
                        row.path("barrier_error_mean").asDouble(), row.path("barrier_error_sd").asDouble(),
                        report.path("star_test_accuracy").asDouble());
            }
            summary.write(dir.resolve("summary.csv"));
        }
        Path figure = dir.resolve(settings.starlight().figures().fileName("summary"));
        FigureFormat.removeOtherFormats(figure); // a resumed study drawn in another format before
        plot(figure, summary);
        return summary;
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

    /** One line per kind of pair: barrier_loss_mean against width, barrier_loss_sd as error bars. */
    static List<Series> summarySeries(CsvTable summary) {
        int rows = summary.rowCount();
        List<String> kinds = new ArrayList<>(rows);
        double[] width = new double[rows];
        double[] mean = new double[rows];
        double[] sd = new double[rows];
        for (int r = 0; r < rows; r++) {
            kinds.add(summary.value(r, "kind").replace('_', ' ')
                    + (Boolean.parseBoolean(summary.value(r, "aligned")) ? " (aligned)" : " (raw)"));
            width[r] = summary.doubleValue(r, "width");
            mean[r] = summary.doubleValue(r, "barrier_loss_mean");
            sd[r] = summary.doubleValue(r, "barrier_loss_sd");
        }
        return Series.groupBy(kinds, width, mean, sd);
    }
}
