package org.netgeom.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.experiments.Reproduction;
import org.netgeom.experiments.ReproductionReport;
import org.netgeom.experiments.ReproductionRun;
import org.netgeom.experiments.ReproductionShards;
import org.netgeom.experiments.ReproductionStep;
import org.netgeom.experiments.Shard;
import org.netgeom.experiments.ShardSet;
import org.netgeom.io.JsonOutput;
import org.netgeom.io.OutputFolder;
import org.netgeom.tensor.Backend;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Runs the four headline experiments (twin peaks, star domain, trajectory manifold, symmetry breaking) "
                + "and writes DIR/report.md: each paper's claim next to the number measured here, the figures, the commands "
                + "and the provenance. Resumable: re-run the same command after an interruption.",
                "--quick takes about 10 minutes on a 2-core CPU and checks directions; --standard runs the papers' protocols "
                + "in about 2 hours on 2 CPU cores; --full is for a GPU server.",
                "With --shard I/N it does shard I of every step and "
                + "'netgeom merge --out DIR' writes the report; 'netgeom slurm --shards N -- reproduce ...' does both on a cluster."})
final class ReproduceCommand implements Callable<Integer>, ShardedSweep {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();
    @Mixin ShardArguments sharding = new ShardArguments();

    @ArgGroup(exclusive = true, multiplicity = "1") ScaleChoice scale;

    static final class ScaleChoice {
        @Option(names = "--quick", required = true, description = "Data subsets, fewer widths, seeds and epochs: minutes on a CPU.") boolean quick;
        @Option(names = "--standard", required = true,
                description = "The papers' protocols at the largest size 2 CPU cores finish in about 2 hours (resumable).")
        boolean standard;
        @Option(names = "--full", required = true, description = "The studies of docs/RESULTS.md at full size: for a GPU server.") boolean full;
        @Option(names = "--tiny", required = true, description = "Seconds, a few hundred examples per stage: checks the pipeline, not the claims.")
        boolean tiny;

        Reproduction.Scale value() {
            return quick ? Reproduction.Scale.QUICK : standard ? Reproduction.Scale.STANDARD : full ? Reproduction.Scale.FULL : Reproduction.Scale.TINY;
        }
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder: one folder per experiment, report.md, report.json.")
    Path out;
    @Option(names = "--only", split = ",", paramLabel = "EXPERIMENT",
            description = "Run only these: twin-peaks, star, trajectory, symmetry (default: all four).")
    List<String> only = List.of();
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist).")
    Path dataDirectory;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or quiet, for every stage (default: ${DEFAULT-VALUE}).")
    String progress;
    @Option(names = "--overwrite", description = "Discard results in --out made at another scale or with other settings (default: refuse and name the difference).")
    boolean overwrite;
    @Option(names = "--json", description = "Print report.json (claims, numbers, stages, provenance) as one line instead of the claims table.")
    boolean json;

    @Override
    public Integer call() {
        Integer onDevices = sharding.runOnDevices(spec);
        if (onDevices != null) return onDevices;
        if (sharding.shard() != null) return runShard();
        try (OutputFolder folder = OutputFolders.resuming(spec, out, overwrite, Reproduction.resultEntries())) {
            return run(folder.path());
        }
    }

    @Override
    public void checkWholeOut() { OutputFolders.resuming(spec, out, overwrite, Reproduction.resultEntries()).close(); }

    @Override
    public boolean readsDefaultFashionMnist() { return readsDefaultFashionMnist(plan(out)); }

    /** True when no --data-dir is given and a stage of {@code plan} reads Fashion-MNIST (every one but twin peaks). */
    private boolean readsDefaultFashionMnist(List<Reproduction.Stage> plan) {
        return dataDirectory == null && plan.stream().anyMatch(s -> s.experiment() != Reproduction.Experiment.TWIN_PEAKS);
    }

    /** The plan this command line stands for, writing under {@code out}. */
    List<Reproduction.Stage> plan(Path out) {
        List<Reproduction.Experiment> experiments = only.stream().map(Reproduction.Experiment::parse).toList();
        Reproduction.Common common = new Reproduction.Common(backend.options(), progress, dataDirectory, figures.figures());
        return Reproduction.plan(scale.value(), out, common, experiments);
    }

    private int run(Path out) {
        Reproduction.Scale chosen = scale.value();
        List<Reproduction.Stage> plan = plan(out);
        StageMessages messages = new StageMessages(spec.commandLine().getErr(), chosen);
        ReproductionRun.Outcome outcome = compute(plan, messages,
                compute -> ReproductionRun.run(chosen, plan, compute, out, Invocation.words(spec), messages));
        if (outcome == null) return messages.exitCode;
        PrintStream stdout = System.out;
        if (json) {
            JsonOutput.printLine(stdout, JsonOutput.readFile(out.resolve(ReproductionRun.REPORT_JSON)));
            return 0;
        }
        for (ReproductionReport.Claim c : outcome.claims()) stdout.println(c.holds() + "\t" + c.claim() + "\t" + c.measured());
        stdout.println("wrote " + out.resolve(ReproductionRun.REPORT_MD));
        return 0;
    }

    /**
     * --shard I/N: this shard's part of every step into the step's shards/I/ folder, the steps
     * it owns whole into their folders ({@link ReproductionShards}), then OUT/shards/I/finished.json.
     */
    private int runShard() {
        Shard shard = sharding.shard();
        // Recorded absolute, as the merge's rerun of the whole command line records it: the steps' settings must match.
        if (dataDirectory != null) dataDirectory = dataDirectory.toAbsolutePath().normalize();
        try (OutputFolder folder = OutputFolders.resuming(spec, sharding.folder(out), overwrite, sharding.resultEntries(List.of()),
                sharding.derivedSettings(), Set.of())) {
            Path whole = folder.folder().getParent().getParent(); // OUT (its real path, as one process plans it) from OUT/shards/I
            List<Reproduction.Stage> plan = plan(whole);
            StageMessages messages = new StageMessages(spec.commandLine().getErr(), scale.value());
            List<String> done = compute(plan, messages, compute -> ReproductionShards.run(plan, whole, compute, shard, messages));
            if (done == null) return messages.exitCode;
            sharding.finish(spec, out, folder.path(), ReproductionShards.items(plan, whole, shard.count()).size(), done);
            return 0;
        }
    }

    /**
     * {@code work} on the chosen backend (Fashion-MNIST installed first where a stage needs it and
     * no --data-dir is given); a failure inside a stage is reported naming the stage, and null
     * returned with the exit code in {@code messages}.
     */
    private <T> T compute(List<Reproduction.Stage> plan, StageMessages messages, Function<Backend, T> work) {
        PrintWriter err = spec.commandLine().getErr();
        if (readsDefaultFashionMnist(plan)) FashionMnistInstaller.installIfMissing(err);
        Backends.Choice choice = Backends.open(backend.options());
        err.println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            return work.apply(compute);
        } catch (RuntimeException e) {
            if (messages.current == null) throw e;
            messages.exitCode = Main.reportError(e, spec.commandLine());
            err.println("netgeom: reproduce stopped in stage '" + messages.current.experiment().folder() + "' (exit code "
                    + messages.exitCode + ", message above); fix the cause and re-run the same reproduce command: finished work is kept");
            return null;
        }
    }

    /**
     * {@code netgeom merge} of a reproduction's shards ({@code commandLine}: the reproduction
     * without its shard, --out pointing at {@code folder}): records its settings in OUT, brings
     * every split step's shards into the step's folder and checks the steps run whole; running
     * {@code commandLine} afterwards writes the stages and the report as one process would.
     */
    static void mergeShards(ShardSet shards, Path folder, boolean overwrite, List<String> commandLine) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(commandLine.toArray(String[]::new));
        ReproduceCommand whole = (ReproduceCommand) parsed.subcommand().commandSpec().userObject();
        // The stage folders already hold the shards' work, so only the report counts as OUT's own results here.
        try (OutputFolder opened = OutputFolder.resuming(folder, shards.settings(),
                List.of(ReproductionRun.REPORT_MD, ReproductionRun.REPORT_JSON), overwrite)) {
            ReproductionShards.merge(whole.plan(opened.path()), shards.count());
        }
    }

    /** Says on stderr which stage and step runs, and remembers the stage (a failure names it). */
    private static final class StageMessages implements ReproductionRun.Listener {
        private final PrintWriter err;
        private final Reproduction.Scale scale;
        Reproduction.Stage current;
        int exitCode;

        StageMessages(PrintWriter err, Reproduction.Scale scale) {
            this.err = err;
            this.scale = scale;
        }

        @Override
        public void stageStarting(int number, int count, Reproduction.Stage stage) {
            current = stage;
            err.printf(Locale.ROOT, "netgeom: reproduce %s: stage %d of %d: %s%n", scale.label(), number, count,
                    stage.experiment().title());
            err.flush();
        }

        @Override
        public void stageReused(Reproduction.Stage stage) {
            err.println("netgeom: reproduce: " + stage.experiment().folder() + " already finished with the same commands; reusing it");
        }

        @Override
        public void stepStarting(ReproductionStep step) {
            err.println("netgeom: reproduce: " + step.commandLine());
            err.flush();
        }

        @Override
        public void shardStarting(ReproductionStep step, Shard shard) {
            err.println("netgeom: reproduce: " + String.join(" ", step.words(shard)));
            err.flush();
        }
    }
}
