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
import org.netgeom.data.DataOptions;
import org.netgeom.experiments.SymmetryArms;
import org.netgeom.experiments.SymmetryStudy;
import org.netgeom.experiments.SymmetrySummary;
import org.netgeom.io.OutputFolder;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.Series;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

@Command(name = "symmetry-study", mixinStandardHelpOptions = true,
        description = "The controlled symmetry-breaking study: Fashion-MNIST arms per architecture (MLP: baseline, expansion K=2/3 "
                + "with c = 0.5 and c = 0, nearest and bilinear upsampling, dropout, batch norm, expansion + batch norm; CNN: baseline, "
                + "K=2 with c = 0.5 and c = 0, upsampling) and a heat-equation regression with m = 0, 1, 4, 16 constant dims. Resumable.")
final class SymmetryStudyCommand implements Callable<Integer>, ShardedSweep {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin ShardArguments sharding = new ShardArguments();

    @Option(names = "--out", required = true, description = "Study folder (results.csv is appended to; re-run to resume).") Path out;
    @Option(names = "--tasks", defaultValue = "fashion,heat", split = ",", description = "fashion and/or heat (default: ${DEFAULT-VALUE}).") List<String> tasks;
    @Option(names = "--architectures", defaultValue = "mlp", split = ",", description = "Fashion-MNIST architectures: mlp, cnn "
            + "(--cnn-model) and/or a named network (resnet18, resnet18:w0.5, resnet20, lenet5, allcnn) (default: ${DEFAULT-VALUE}).")
    List<String> architectures;
    @Option(names = "--cnn-model", defaultValue = SymmetryArms.SMALL_CNN, description = "The layer list of the cnn architecture "
            + "(default: ${DEFAULT-VALUE}).") String cnnModel;
    @Option(names = "--width", defaultValue = "128", description = "Hidden width (default: ${DEFAULT-VALUE}).") int width;
    @Option(names = "--epochs", defaultValue = "3", description = "Epochs per final run, the same for every arm (default: ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--seeds", defaultValue = "5", description = "Seeds per arm (default: ${DEFAULT-VALUE}).") int seeds;
    @Option(names = "--seed", defaultValue = "1", description = "First seed (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--train-size", defaultValue = "0", description = "Fashion-MNIST training examples (0: all 60000).") int trainSize;
    @Option(names = "--test-size", defaultValue = "0", description = "Fashion-MNIST test examples (0: all 10000).") int testSize;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist).")
    Path dataDirectory;
    @Option(names = "--heat-size", defaultValue = "4000", description = "Heat-equation training points (default: ${DEFAULT-VALUE}).") int heatSize;
    @Option(names = "--heat-epochs", defaultValue = "400", description = "Epochs of each heat-equation run: a budget where its "
            + "test MSE has stopped falling (default: ${DEFAULT-VALUE}).") int heatEpochs;
    @Option(names = "--permutations", defaultValue = "10000", description = "Shuffles of the ranking's permutation test "
            + "(default: ${DEFAULT-VALUE}).") int permutations;
    @Option(names = "--batch", defaultValue = "128") int batch;
    @Option(names = "--lr", defaultValue = "1e-3") float learningRate;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--json", description = "Print the summary as one JSON object.") boolean json;
    @Option(names = "--progress", defaultValue = "auto") String progress;

    @Override
    public Integer call() {
        started = Instant.now();
        if (seeds < 2) throw new InvalidInputException("--seeds must be >= 2 (paired tests and the replica metric need two), got " + seeds);
        if (heatSize < 1 && tasks.stream().anyMatch(t -> t.trim().equals("heat"))) {
            throw new InvalidInputException("--heat-size must be >= 1 (heat-equation training points), got " + heatSize);
        }
        Integer onDevices = sharding.runOnDevices(spec);
        if (onDevices != null) return onDevices;
        try (OutputFolder folder = openOut()) {
            return run(folder.path());
        }
    }

    @Override
    public void checkWholeOut() { openOut().close(); }

    /** OUT (or this shard's folder in it) opened as this command writes it. */
    private OutputFolder openOut() {
        return OutputFolders.resuming(spec, sharding.folder(out), overwrite, sharding.resultEntries(SymmetryStudy.RESULT_ENTRIES),
                sharding.derivedSettings(), java.util.Set.of());
    }

    @Override
    public boolean readsDefaultFashionMnist() {
        return dataDirectory == null && tasks.stream().anyMatch(t -> t.trim().equals("fashion"));
    }

    private int run(Path out) {
        DataOptions fashion = DataOptions.defaults().withTrainSize(trainSize).withTestSize(testSize);
        if (dataDirectory != null) fashion = fashion.withDirectory(dataDirectory);
        else if (readsDefaultFashionMnist()) FashionMnistInstaller.installIfMissing(spec.commandLine().getErr());
        SymmetryStudy.Tasks study = SymmetryStudy.Tasks.of(tasks, architectures, cnnModel, width, fashion, heatSize, seed);
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        SymmetrySummary.Outcome outcome;
        SymmetryStudy.Settings settings = new SymmetryStudy.Settings(width, epochs, seeds, seed, batch, learningRate, trainSize,
                figures.figures(), heatEpochs, permutations);
        try (Backend compute = choice.backend()) {
            outcome = SymmetryStudy.study(compute, study, settings, out, ProgressMode.parse(progress), Invocation.config(spec),
                    Invocation.words(spec), sharding.shard());
        }
        if (sharding.finish(spec, this.out, out, SymmetryStudy.itemIds(study.arms(), settings))) return 0;
        if (json) CommandJson.print(spec, outcome.summary(), choice.backend(), started);
        else System.out.print(outcome.table().toCsv());
        return 0;
    }
}
