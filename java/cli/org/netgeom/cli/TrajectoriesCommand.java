package org.netgeom.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataSplit;
import org.netgeom.experiments.TrajectoryAnalysis;
import org.netgeom.experiments.TrajectoryConfig;
import org.netgeom.experiments.TrajectorySweep;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.JsonOutput;
import org.netgeom.io.ProgressMode;
import org.netgeom.train.StepSchedule;

@Command(name = "trajectories", mixinStandardHelpOptions = true,
        description = "Train a grid of configurations saving prediction snapshots, then embed all trajectories jointly (InPCA). Resumable.")
final class TrajectoriesCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();

    @Option(names = "--configs", required = true, paramLabel = "FILE",
            description = "CSV, one configuration per row: name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed[,momentum].")
    Path configs;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (runs/, train/, test/, summary.json); rerun to resume.")
    Path out;
    @Option(names = "--snapshots", defaultValue = "log:12", description = "When to save predictions: log:COUNT, steps:K or epochs:K (default: ${DEFAULT-VALUE}).")
    String snapshots;
    @Option(names = "--snapshot-samples", defaultValue = "1000", description = "Fixed train and test samples predicted at each snapshot (default: ${DEFAULT-VALUE}).")
    int snapshotSamples;
    @Option(names = "--dims", defaultValue = "3", description = "Embedding dimensions written to coordinates.csv (default: ${DEFAULT-VALUE}).")
    int dims;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        List<TrajectoryConfig> grid = TrajectoryConfig.read(configs);
        StepSchedule schedule = StepSchedule.parse(snapshots);
        if (snapshotSamples < 1) throw new org.netgeom.tensor.InvalidInputException("--snapshot-samples must be >= 1, got " + snapshotSamples);
        // The configs file counts by its content (OutputFolders.settings): a run named like an
        // earlier one but configured differently must not count as done.
        try (OutputFolder folder = OutputFolders.resuming(spec, out, overwrite, RESULT_ENTRIES)) {
            return run(grid, schedule, folder.path());
        }
    }

    /** What the sweep writes in its folder. */
    static final List<String> RESULT_ENTRIES = List.of("runs", TrajectorySweep.TRAIN_SET, TrajectorySweep.TEST_SET, "summary.json");

    private int run(List<TrajectoryConfig> grid, StepSchedule schedule, Path out) {
        DataSplit split = data.load(1, spec.commandLine().getErr());
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try {
            TrajectorySweep.Settings settings = new TrajectorySweep.Settings(grid, schedule, snapshotSamples, snapshotSamples,
                    ProgressMode.parse(progress), Invocation.words(spec));
            int trained = TrajectorySweep.run(settings, choice.backend(), split, out);
            spec.commandLine().getErr().printf("netgeom: trained %d configurations, %d were already complete%n", trained, grid.size() - trained);
            Map<String, Object> summary = TrajectoryAnalysis.analyze(choice.backend(), out, grid, dims, figures.figures());
            summary.put("command_line", Invocation.words(spec));
            summary.put("backend", choice.backend().name());
            summary.put("device", choice.backend().deviceDescription());
            JsonOutput.writeFile(out.resolve("summary.json"), summary);
            if (json) JsonOutput.printLine(System.out, summary);
            else System.out.println("wrote " + out.resolve("summary.json") + ", " + out.resolve("train") + " and " + out.resolve("test"));
            return 0;
        } finally {
            choice.backend().close();
        }
    }
}
