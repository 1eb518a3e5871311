package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataSplit;
import org.netgeom.experiments.TrajectoryConfig;
import org.netgeom.experiments.TrajectorySweep;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.ProgressMode;
import org.netgeom.tensor.Backend;
import org.netgeom.train.StepSchedule;

@Command(name = "trajectories", mixinStandardHelpOptions = true,
        description = "Train a grid of configurations saving prediction snapshots, then embed all trajectories jointly (InPCA). Resumable.")
final class TrajectoriesCommand implements Callable<Integer>, ShardedSweep {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin ShardArguments sharding = new ShardArguments();

    @Option(names = "--configs", required = true, paramLabel = "FILE",
            description = "CSV, one configuration per row: name,model,activation,optimizer,lr,batch,weight_decay,dropout,batch_norm,epochs,seed"
                    + "[,momentum][,input_shape]; model: an MLP (784-256-10), rf:P, or a network as train --model takes it (a layer"
                    + " list, allcnn, resnet20, resnet18:w0.5) on images of input_shape (CxHxW; empty: a square image from the data).")
    Path configs;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (runs/, train/, test/, summary.json); rerun to resume.")
    Path out;
    @Option(names = "--snapshots", defaultValue = "log:12", description = "When to save predictions: log:COUNT, steps:K or epochs:K (default: ${DEFAULT-VALUE}).")
    String snapshots;
    @Option(names = "--snapshot-samples", defaultValue = "1000", description = "Fixed train and test samples predicted at each snapshot (default: ${DEFAULT-VALUE}).")
    int snapshotSamples;
    @Option(names = "--dims", defaultValue = "3", description = "Embedding dimensions written to coordinates.csv (default: ${DEFAULT-VALUE}).")
    int dims;
    @Option(names = "--max-train-error", defaultValue = "0.1", paramLabel = "E",
            description = "Leave runs whose final train error (the final model on all the training data) exceeds E out of the"
                    + " embedding, as the paper's authors do; summary.json lists them under dropped. 1 keeps every run"
                    + " (default: ${DEFAULT-VALUE}).")
    double maxTrainError;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() {
        started = Instant.now();
        List<TrajectoryConfig> grid = TrajectoryConfig.read(configs);
        StepSchedule schedule = StepSchedule.parse(snapshots);
        if (snapshotSamples < 1) throw new org.netgeom.tensor.InvalidInputException("--snapshot-samples must be >= 1, got " + snapshotSamples);
        // The configs file counts by its content (OutputFolders.settings): a run named like an
        // earlier one but configured differently must not count as done.
        // --max-train-error only changes the analysis: another value re-embeds the finished runs.
        Integer onDevices = sharding.runOnDevices(spec);
        if (onDevices != null) return onDevices;
        try (OutputFolder folder = openOut()) {
            return run(grid, schedule, folder.path());
        }
    }

    @Override
    public void checkWholeOut() { openOut().close(); }

    /** OUT (or this shard's folder in it) opened as this command writes it. */
    private OutputFolder openOut() {
        return OutputFolders.resuming(spec, sharding.folder(out), overwrite, sharding.resultEntries(TrajectorySweep.RESULT_ENTRIES),
                sharding.derivedSettings(), TrajectorySweep.ANALYSIS_OPTIONS);
    }

    @Override
    public boolean readsDefaultFashionMnist() { return data.readsDefaultFashionMnist(); }

    private int run(List<TrajectoryConfig> grid, StepSchedule schedule, Path out) {
        DataSplit split = data.load(TrajectorySweep.DATA_SEED, spec.commandLine().getErr());
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            TrajectorySweep.Settings settings = new TrajectorySweep.Settings(grid, schedule, snapshotSamples, snapshotSamples,
                    ProgressMode.parse(progress), figures.figures(), Invocation.words(spec), maxTrainError);
            if (sharding.shard() != null) {
                // Each configuration is seeded by its own seed: a shard trains the same bits as one process.
                List<TrajectoryConfig> owned = sharding.shard().select(grid);
                if (!owned.isEmpty()) TrajectorySweep.run(settings.withConfigs(owned), compute, split, out);
                sharding.finish(spec, this.out, out, TrajectorySweep.itemIds(grid));
                return 0;
            }
            TrajectorySweep.Outcome outcome = TrajectorySweep.runAndAnalyze(settings, compute, split, out, dims);
            spec.commandLine().getErr().printf("netgeom: trained %d configurations, %d were already complete%n", outcome.trained(),
                    outcome.reused());
            if (json) CommandJson.print(spec, outcome.summary(), choice.backend(), started);
            else System.out.println("wrote " + out.resolve(TrajectorySweep.SUMMARY_FILE) + ", " + out.resolve(TrajectorySweep.TRAIN_SET)
                    + " and " + out.resolve(TrajectorySweep.TEST_SET));
            return 0;
        }
    }
}
