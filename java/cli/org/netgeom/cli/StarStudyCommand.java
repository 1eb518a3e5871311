package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataSplit;
import org.netgeom.experiments.StarStudy;
import org.netgeom.io.OutputFolder;
import org.netgeom.experiments.StarlightRun;
import org.netgeom.star.BarrierCurve;
import org.netgeom.star.StarlightConfig;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;

@Command(name = "star-study", mixinStandardHelpOptions = true,
        description = "Zoo + Starlight + barrier tables for each hidden width (star to held-out, anchor to held-out, held-out "
                + "pairs, star to sources; with train loss and test accuracy of the star and the sources); resumable; "
                + "DIR/summary.csv and summary.png. With --shard I/N it trains only its share of the zoos; "
                + "'netgeom merge' then trains the star models and writes the summary.")
final class StarStudyCommand implements Callable<Integer>, ShardedSweep {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin TrainingArguments training = new TrainingArguments();
    @Mixin StarlightArguments starlight = new StarlightArguments();
    @Mixin ShardArguments sharding = new ShardArguments();

    @Option(names = "--widths", defaultValue = "8,16,32,64,512", split = ",", description = "Hidden widths (default: ${DEFAULT-VALUE}).")
    List<Integer> widths;
    @Option(names = "--depth", defaultValue = "1", description = "Hidden layers of each MLP (default: ${DEFAULT-VALUE}).") int depth;
    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation (default: ${DEFAULT-VALUE}).") String activation;
    @Option(names = "--sources", defaultValue = "10", description = "Source models per width (default: ${DEFAULT-VALUE}).") int sources;
    @Option(names = "--held-out", defaultValue = "5", description = "Held-out models per width (default: ${DEFAULT-VALUE}).") int heldOut;
    @Option(names = "--variant-starts", split = ",", description = "More star models on the same zoos from these starts "
            + "(random or source-average, not --star-init's), reported beside the main one, e.g. source-average (default: none).")
    List<String> variantStarts = new ArrayList<>();
    @Option(names = "--star-epochs", description = "Epochs of Starlight (default: --epochs): a star model meets each source "
            + "only at a random t, so it may need more than the sources.")
    Integer starEpochs;
    @Option(names = "--out", required = true, description = "Study folder (DIR/wWIDTH/... per width, DIR/summary.csv).") Path out;
    @Option(names = "--json", description = "Print one JSON object: the summary rows, the config and the provenance.") boolean json;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;


    @Override
    public Integer call() {
        started = Instant.now();
        BarrierCurve.requirePointCount(starlight.points);
        Activation.parse(activation);
        if (starEpochs != null && (starEpochs < 1 || starEpochs > 1_000_000)) {
            throw new InvalidInputException("--star-epochs must be in [1, 1000000], got " + starEpochs);
        }
        TrainConfig starTraining = starEpochs == null ? training.config() : training.config().withEpochs(starEpochs);
        StarlightRun.Settings star = new StarlightRun.Settings(starTraining, starlight.config(training.seed), starlight.points,
                starlight.split, starlight.evalRows, training.progressMode(), figures.figures(), Invocation.config(spec),
                Invocation.words(spec));
        StarStudy.Settings settings = StarStudy.Settings.of(widths, depth, activation, sources, heldOut, training.config(), star)
                .withVariantStarts(variantStarts.stream().map(StarlightConfig.Start::parse).toList());
        Integer onDevices = sharding.runOnDevices(spec);
        if (onDevices != null) return onDevices;
        try (OutputFolder folder = openOut()) {
            return run(settings, folder.path());
        }
    }

    @Override
    public void checkWholeOut() { openOut().close(); }

    /** OUT (or this shard's folder in it) opened as this command writes it. */
    private OutputFolder openOut() {
        return OutputFolders.resuming(spec, sharding.folder(out), overwrite, sharding.resultEntries(StarStudy.resultEntries(widths)),
                sharding.derivedSettings(), java.util.Set.of());
    }

    @Override
    public boolean readsDefaultFashionMnist() { return data.readsDefaultFashionMnist(); }

    private int run(StarStudy.Settings settings, Path out) {
        DataSplit split = data.load(training.seed, spec.commandLine().getErr());
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            StarStudy.Outcome outcome = StarStudy.run(settings, compute, split, out, sharding.shard());
            if (sharding.finish(spec, this.out, out, StarStudy.itemIds(settings))) return 0;
            if (json) CommandJson.print(spec, outcome.toMap(), compute, started);
            else System.out.print(outcome.summary().toCsv());
            return 0;
        }
    }
}
