package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.data.DataSplit;
import org.netgeom.experiments.TrainingRun;
import org.netgeom.experiments.Zoo;
import org.netgeom.io.OutputFolder;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.MlpOptions;
import org.netgeom.nn.ModelSpec;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

@Command(name = "zoo", mixinStandardHelpOptions = true,
        description = "Train independent solutions (sources and held-out models) of one MLP; resumable.")
final class ZooCommand implements Callable<Integer>, ShardedSweep {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataArguments data = new DataArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin TrainingArguments training = new TrainingArguments();
    @Mixin ShardArguments sharding = new ShardArguments();

    @Option(names = "--model", required = true, description = "MLP widths like 784-64-64-10.") String model;
    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation (default: ${DEFAULT-VALUE}).") String activation;
    @Option(names = "--count", defaultValue = "10", description = "Source models, written to DIR/sources (default: ${DEFAULT-VALUE}).") int count;
    @Option(names = "--held-out", defaultValue = "0", description = "Held-out models, written to DIR/held-out (default: ${DEFAULT-VALUE}).") int heldOut;
    @Option(names = "--out", required = true, description = "Folder of the zoo; models already finished there are kept.") Path out;
    @Option(names = "--overwrite", description = "Discard results in --out made with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--json", description = "Print one JSON object listing the model files.") boolean json;

    @Override
    public Integer call() {
        started = Instant.now();
        ModelSpec spec = ModelSpec.parse(model, activation, Initialization.PYTORCH, MlpOptions.none());
        if (!(spec instanceof ModelSpec.MlpSpec)) throw new InvalidInputException("--model must be an MLP like 784-64-64-10, got " + model);
        // How many models (--count, --held-out) is not a setting of any model: a zoo may grow, and
        // Zoo.run checks each reused model's seed.
        // Shards of zoos of other sizes are told apart by merge (their item counts differ).
        Integer onDevices = sharding.runOnDevices(this.spec);
        if (onDevices != null) return onDevices;
        try (OutputFolder folder = openOut()) {
            return run(spec, folder.path());
        }
    }

    @Override
    public void checkWholeOut() { openOut().close(); }

    /** OUT (or this shard's folder in it) opened as this command writes it. */
    private OutputFolder openOut() {
        return OutputFolders.resuming(this.spec, sharding.folder(out), overwrite, sharding.resultEntries(Zoo.RESULT_ENTRIES),
                sharding.derivedSettings(), Set.of("count", "held-out"));
    }

    @Override
    public boolean readsDefaultFashionMnist() { return data.readsDefaultFashionMnist(); }

    private int run(ModelSpec spec, Path out) {
        DataSplit split = data.load(training.seed, this.spec.commandLine().getErr());
        TrainingRun.Settings run = new TrainingRun.Settings(spec, training.config(), TrainingRun.Fit.GRADIENT_DESCENT, 0, null,
                training.progressMode(), figures.figures(), Invocation.config(this.spec), Invocation.words(this.spec), Map.of());
        Zoo.Settings settings = new Zoo.Settings(run, count, heldOut);
        Backends.Choice choice = Backends.open(backend.options());
        this.spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            List<Zoo.Member> members = Zoo.run(settings, compute, split, out, sharding.shard());
            if (sharding.finish(this.spec, this.out, out, Zoo.itemIds(settings))) return 0;
            long trained = members.stream().filter(Zoo.Member::trained).count();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                List<String> files = new ArrayList<>();
                for (Zoo.Member m : members) files.add(m.model().toString());
                result.put("models", files);
                result.put("trained", trained);
                result.put("reused", members.size() - trained);
                CommandJson.print(this.spec, result, compute, started);
            } else {
                System.out.printf("zoo: %d models in %s (%d trained now, %d already there)%n", members.size(), out, trained,
                        members.size() - trained);
            }
            return 0;
        }
    }
}
