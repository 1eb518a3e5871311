package org.netgeom.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.netgeom.experiments.ShardSet;
import org.netgeom.io.AtomicFiles;
import org.netgeom.tensor.InvalidInputException;

/**
 * {@code netgeom slurm [options] -- COMMAND OPTIONS...}: runs a sweep as a Slurm job array of N
 * shards and its merge as a job that starts when all of them succeeded. Writes
 * OUT/slurm/COMMAND.sbatch and OUT/slurm/COMMAND-merge.sbatch (logs go beside them), submits both
 * with sbatch unless --dry-run, and with --wait follows them until they end ({@link SlurmJobs}).
 */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = {"Run a sweep on a Slurm cluster: a job array of N shards (each with --shard I/N), then 'netgeom merge' as a dependent job.",
                "Usage: netgeom slurm --shards 8 --partition gpu --gpus-per-task 1 -- double-descent --widths 10,100,1000 --train-size 1000 --out /shared/dd",
                "OUT must be on a file system that every node sees at the same path (NFS, Lustre, ...), and so must this jar."})
final class SlurmCommand implements Callable<Integer> {
    /** The sweeps that take --shard so far. */
    static final List<String> SHARDABLE = List.of("double-descent", "trajectories", "symmetry-study", "zoo", "star-study",
            "robustness-study", "reproduce");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--shards", defaultValue = "1", paramLabel = "N", description = "Tasks in the job array, each one shard (default: ${DEFAULT-VALUE}).")
    int shards;
    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition of both jobs.")
    String partition;
    @Option(names = "--gpus-per-task", paramLabel = "G", description = "GPUs per task (the sweep uses one: --backend auto picks it).")
    Integer gpusPerTask;
    @Option(names = "--cpus-per-task", paramLabel = "C", description = "CPU cores per task.")
    Integer cpusPerTask;
    @Option(names = "--mem", paramLabel = "M", description = "Memory per task, as sbatch takes it (16G).")
    String memory;
    @Option(names = "--time", paramLabel = "T", description = "Time limit per task, as sbatch takes it (2:00:00).")
    String time;
    @Option(names = "--account", paramLabel = "A", description = "Slurm account to charge.")
    String account;
    @Option(names = "--sbatch-arg", paramLabel = "X", description = "Any other sbatch option, one per use, e.g. --sbatch-arg=--qos=high.")
    List<String> sbatchArguments = new ArrayList<>();
    @Option(names = "--dry-run", description = "Only write the scripts; submit nothing.")
    boolean dryRun;
    @Option(names = "--wait", description = "Wait until the shards and the merge have ended; exit 0 only when both succeeded.")
    boolean await;
    @Option(names = "--resume", description = "Submit only the shards that have not finished (then the merge); finished items are never redone.")
    boolean resume;
    @Option(names = "--poll-seconds", defaultValue = "5", hidden = true, description = "How often --wait asks Slurm (default: ${DEFAULT-VALUE}).")
    double pollSeconds;
    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "After --: the sweep and its options, as you would run it alone.")
    List<String> command;
    /** Whether the sweep was given --overwrite (then so is its merge). */
    private boolean overwrite;

    @Override
    public Integer call() {
        if (shards < 1) throw new InvalidInputException("--shards must be >= 1, got " + shards);
        if (pollSeconds <= 0) throw new InvalidInputException("--poll-seconds must be > 0, got " + pollSeconds);
        String name = command.getFirst();
        if (!SHARDABLE.contains(name)) {
            throw new InvalidInputException("netgeom slurm runs " + String.join(", ", SHARDABLE.subList(0, SHARDABLE.size() - 1)) + " and "
                    + SHARDABLE.getLast() + " so far, not '" + name
                    + "': give one of them after --");
        }
        Path out = checkedOut(name);
        Path logs = out.resolve("slurm");
        SlurmScript script = script(name, logs);
        Path arrayFile = logs.resolve(name + ".sbatch"), mergeFile = logs.resolve(name + "-merge.sbatch");
        try {
            AtomicFiles.writeString(arrayFile, script.array(command, shards, name));
            AtomicFiles.writeString(mergeFile, script.merge(out, name, overwrite));
        } catch (RuntimeException e) {
            throw new InvalidInputException("cannot write the job scripts into " + logs + " (" + e.getMessage()
                    + "): --out must be a writable folder on a file system every node sees", e);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("netgeom: wrote %s and %s; %s is on a %s file system, which every node must see at this path%n", arrayFile, mergeFile,
                out, fileSystemType(out));
        if (dryRun) {
            System.out.println(arrayFile);
            System.out.println(mergeFile);
            return 0;
        }
        List<Integer> tasks = resume ? ShardSet.unfinished(out, shards) : range(shards);
        SlurmJobs jobs = new SlurmJobs(err, pollSeconds);
        String arrayJob = null;
        if (!tasks.isEmpty()) {
            String list = tasks.stream().map(String::valueOf).collect(Collectors.joining(","));
            arrayJob = jobs.submit(List.of("--array=" + list), arrayFile);
            System.out.println("submitted job array " + arrayJob + " (shards " + list + " of " + shards + ")");
        } else {
            err.println("netgeom: all " + shards + " shards have finished; submitting only the merge");
        }
        List<String> dependency = arrayJob == null ? List.of() : List.of("--dependency=afterok:" + arrayJob, "--kill-on-invalid-dep=yes");
        String mergeJob = jobs.submit(dependency, mergeFile);
        System.out.println("submitted merge job " + mergeJob + (arrayJob == null ? "" : " (runs when every shard has succeeded)"));
        if (!await) return 0;
        return jobs.await(arrayJob, mergeJob, out, shards, logs, name);
    }

    /** OUT from the sweep's own options (which must parse), absolute; a --shard there is refused. */
    private Path checkedOut(String name) {
        CommandLine parser = Main.commandLine();
        CommandLine.ParseResult parsed;
        try {
            parsed = parser.parseArgs(command.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidInputException("the sweep after -- does not parse: " + e.getMessage(), e);
        }
        CommandLine.ParseResult sub = parsed.subcommand();
        if (sub.hasMatchedOption(ShardArguments.OPTION)) {
            throw new InvalidInputException("give the sweep without --shard: netgeom slurm adds --shard I/" + shards + " to task I");
        }
        if (sub.hasMatchedOption(ShardArguments.DEVICES)) {
            throw new InvalidInputException("give the sweep without --devices: under Slurm each task gets its GPU from --gpus-per-task");
        }
        overwrite = sub.hasMatchedOption("--overwrite");
        Path out = sub.matchedOptionValue("--out", null);
        if (out == null) throw new InvalidInputException(name + " needs --out (on a file system every node sees)");
        Path absolute = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create --out " + absolute + " (" + e.getMessage() + "): give a writable folder"
                    + " on a file system every node sees", e);
        }
        if (!Files.isWritable(absolute)) {
            throw new InvalidInputException("--out " + absolute + " is not writable: give a writable folder on a file system every node sees");
        }
        return absolute;
    }

    private SlurmScript script(String name, Path logs) {
        List<String> resources = new ArrayList<>();
        if (partition != null) resources.add("--partition=" + partition);
        if (account != null) resources.add("--account=" + account);
        if (gpusPerTask != null) resources.add("--gpus-per-task=" + gpusPerTask);
        if (cpusPerTask != null) resources.add("--cpus-per-task=" + cpusPerTask);
        if (memory != null) resources.add("--mem=" + memory);
        if (time != null) resources.add("--time=" + time);
        for (String argument : sbatchArguments) {
            if (argument.isBlank() || argument.contains("\n")) {
                throw new InvalidInputException("--sbatch-arg must be one sbatch option on one line, got '" + argument + "'");
            }
            resources.add(argument.strip());
        }
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString()).collect(Collectors.joining(File.pathSeparator));
        Path here = Path.of("").toAbsolutePath();
        Path launcher = SlurmScript.findLauncher(classPath, here);
        if (launcher == null) {
            throw new InvalidInputException("netgeom slurm needs the ./netgeom launcher beside its jar (a source checkout or the"
                    + " unpacked dist bundle) to write scripts that find Java on the nodes; run it through ./netgeom");
        }
        Path java = Path.of(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        return new SlurmScript("netgeom-" + name, logs, resources, launcher, java, classPath, here);
    }

    private static String fileSystemType(Path folder) {
        try {
            return Files.getFileStore(folder).type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static List<Integer> range(int count) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < count; i++) all.add(i);
        return all;
    }
}
