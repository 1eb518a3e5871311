package org.netgeom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSplit;
import org.netgeom.data.HeatEquation;
import org.netgeom.experiments.SymmetryStudy;
import org.netgeom.experiments.SymmetrySummary;
import org.netgeom.io.OutputFolder;
import org.netgeom.report.ChartStyle;
import org.netgeom.report.FigureFormat;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.Series;
import org.netgeom.tensor.InvalidInputException;

@Command(name = "symmetry-study", mixinStandardHelpOptions = true,
        description = "The controlled symmetry-breaking study: Fashion-MNIST arms (baseline, expansion K=2/3, dropout, batch norm, "
                + "expansion + batch norm) and a heat-equation regression with m = 0, 1, 4, 16 constant dims. Resumable.")
final class SymmetryStudyCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();

    @Option(names = "--out", required = true, description = "Study folder (results.csv is appended to; re-run to resume).") Path out;
    @Option(names = "--tasks", defaultValue = "fashion,heat", split = ",", description = "fashion and/or heat (default: ${DEFAULT-VALUE}).") List<String> tasks;
    @Option(names = "--width", defaultValue = "128", description = "Hidden width (default: ${DEFAULT-VALUE}).") int width;
    @Option(names = "--epochs", defaultValue = "3", description = "Epochs per final run, the same for every arm (default: ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--seeds", defaultValue = "5", description = "Seeds per arm (default: ${DEFAULT-VALUE}).") int seeds;
    @Option(names = "--seed", defaultValue = "1", description = "First seed (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--train-size", defaultValue = "0", description = "Fashion-MNIST training examples (0: all 60000).") int trainSize;
    @Option(names = "--test-size", defaultValue = "0", description = "Fashion-MNIST test examples (0: all 10000).") int testSize;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist).")
    Path dataDirectory;
    @Option(names = "--heat-size", defaultValue = "4000", description = "Heat-equation training points (default: ${DEFAULT-VALUE}).") int heatSize;
    @Option(names = "--batch", defaultValue = "128") int batch;
    @Option(names = "--lr", defaultValue = "1e-3") float learningRate;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--json", description = "Print the summary as one JSON object.") boolean json;
    @Option(names = "--progress", defaultValue = "auto") String progress;

    /** What the study writes in its folder. */
    static final List<String> RESULT_ENTRIES = Stream.of(List.of("results.csv", "summary.csv", "summary.json"),
            FigureFormat.fileNames("accuracy_vs_metric")).flatMap(List::stream).toList();

    @Override
    public Integer call() {
        if (seeds < 2) throw new InvalidInputException("--seeds must be >= 2 (paired tests and the replica metric need two), got " + seeds);
        if (heatSize < 1 && tasks.stream().anyMatch(t -> t.trim().equals("heat"))) {
            throw new InvalidInputException("--heat-size must be >= 1 (heat-equation training points), got " + heatSize);
        }
        try (OutputFolder folder = OutputFolders.resuming(spec, out, overwrite, RESULT_ENTRIES)) {
            return run(folder.path());
        }
    }

    private int run(Path out) {
        List<SymmetryStudy.Arm> arms = new ArrayList<>();
        Map<String, DataSplit> data = new LinkedHashMap<>();
        for (String task : tasks) {
            switch (task.trim()) {
                case "fashion" -> {
                    DataOptions options = DataOptions.defaults().withTrainSize(trainSize).withTestSize(testSize);
                    if (dataDirectory == null) FashionMnistInstaller.installIfMissing(spec.commandLine().getErr());
                    else options = options.withDirectory(dataDirectory);
                    data.put("fashion-mnist", DataSets.load("fashion-mnist", options));
                    arms.addAll(SymmetryStudy.fashionArms(width));
                }
                case "heat" -> {
                    data.put("heat", HeatEquation.generate(heatSize, 2000, seed));
                    arms.addAll(SymmetryStudy.heatArms(width / 2));
                }
                default -> throw new InvalidInputException("unknown task '" + task + "': use fashion and/or heat");
            }
        }
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        CsvTable results;
        java.time.Instant started = java.time.Instant.now();
        Map<String, Object> provenance;
        try (var compute = choice.backend()) {
            results = SymmetryStudy.run(compute, arms, data, new SymmetryStudy.Settings(width, epochs, seeds, seed, batch,
                    learningRate, trainSize), out, ProgressMode.parse(progress));
            provenance = org.netgeom.report.Provenance.capture(compute, Invocation.words(spec), seed, started).finished(java.time.Instant.now()).toMap();
        }
        List<SymmetrySummary.ArmSummary> summaries = SymmetrySummary.arms(results);
        List<SymmetrySummary.TaskSummary> taskSummaries = SymmetrySummary.tasks(summaries);
        CsvTable table = new CsvTable("task", "arm", "seeds", "accuracy_mean", "accuracy_sd", "loss_mean", "loss_sd",
                "p_vs_baseline", "early_replica_distance");
        for (SymmetrySummary.ArmSummary a : summaries) {
            table.addRow(a.task(), a.arm(), a.seeds(), a.accuracyMean(), a.accuracySd(), a.lossMean(), a.lossSd(), a.pValueVsBaseline(),
                    a.earlyReplicaDistance());
        }
        table.write(out.resolve("summary.csv"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("arms", summaries);
        summary.put("tasks", taskSummaries);
        summary.put("epochs", epochs);
        summary.put("seeds", seeds);
        summary.put("config", Invocation.config(spec));
        summary.put("provenance", provenance);
        JsonOutput.writeFile(out.resolve("summary.json"), summary);
        plot(summaries, out);
        if (json) JsonOutput.printLine(System.out, summary);
        else System.out.print(table.toCsv());
        return 0;
    }

    /**
     * One point per Fashion-MNIST arm, labelled with its name: final accuracy (+- its sd over
     * seeds, summary.csv's accuracy_sd) against the early replica metric.
     */
    private void plot(List<SymmetrySummary.ArmSummary> summaries, Path out) {
        List<Series> series = new ArrayList<>();
        for (SymmetrySummary.ArmSummary a : summaries) {
            if (a.task().equals("heat")) continue;
            series.add(new Series(a.arm(), new double[] {a.earlyReplicaDistance()}, new double[] {a.accuracyMean()},
                    new double[] {a.accuracySd()}));
        }
        if (series.isEmpty()) return;
        Path figure = out.resolve(figures.figures().fileName("accuracy_vs_metric"));
        FigureFormat.removeOtherFormats(figure); // a resumed study drawn in another format before
        try {
            Plots.scatterWithLines(figure, ChartStyle.of("Fashion-MNIST arms: final accuracy against the early replica metric",
                    "early replica distance", "test accuracy (+- sd over seeds)"), series);
        } catch (PlotUnavailableException e) {
            spec.commandLine().getErr().println("netgeom: " + figure.getFileName() + " skipped: " + e.getMessage());
        }
    }
}
