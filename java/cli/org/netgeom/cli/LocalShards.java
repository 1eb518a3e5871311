package org.netgeom.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import picocli.CommandLine;
import org.netgeom.experiments.Shard;
import org.netgeom.io.ProgressMode;
import org.netgeom.tensor.InvalidInputException;

/**
 * {@code --devices LIST} of a sharded sweep, for one machine with several GPUs and no scheduler:
 * N = |LIST| child processes of this very netgeom (the same java binary, JVM flags and class
 * path), child K running the sweep's command line with {@code --shard K/N --device LIST[K]}, its
 * stdout and stderr in OUT/devices/shard-K.log (started afresh by each run). Before any child
 * starts, this process checks OUT as the one-process run would ({@link ShardedSweep}) and
 * installs the data the children read. When every child has succeeded, this process runs
 * {@code netgeom merge --out OUT} (with {@code --overwrite} when given); when one failed, it
 * names the failed shards and their logs. Local parallelism over the shard mechanism, not a scheduler: the finished shards
 * stay, and rerunning the same command starts every child again, each resuming where its shard
 * stopped (a finished one only rewrites its marker).
 */
final class LocalShards {
    /** The folder under OUT that holds the children's logs. */
    static final String LOG_FOLDER = "devices";

    private LocalShards() {}

    /** Runs the sweep of {@code spec} as one shard per device of {@code sharding}, then merges; returns the exit code. */
    static int run(CommandLine.Model.CommandSpec spec, ShardArguments sharding) {
        CommandLine.ParseResult parse = spec.commandLine().getParseResult();
        if (sharding.shard != null) {
            throw new InvalidInputException("give " + ShardArguments.DEVICES + " or " + ShardArguments.OPTION + " I/N, not both: "
                    + ShardArguments.DEVICES + " runs shard K of N on the K-th device itself");
        }
        if (parse.hasMatchedOption("--device")) {
            throw new InvalidInputException("give " + ShardArguments.DEVICES + " or --device, not both: " + ShardArguments.DEVICES
                    + " gives each shard its own device");
        }
        List<Integer> devices = parseDevices(sharding.devices);
        Path out = outFolder(spec);
        List<String> sweep = ShardArguments.wholeCommandLine(spec);
        PrintWriter err = spec.commandLine().getErr();
        prepare(wholeSweep(sweep), err);
        Path logs = out.resolve(LOG_FOLDER);
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create " + logs + " for the shards' logs (" + e.getMessage() + "): give a writable --out", e);
        }
        List<String> java = javaCommand(currentJava(), ManagementFactory.getRuntimeMXBean().getInputArguments(), classPath());
        err.printf("netgeom: running %s as %d shards on devices %s, one child process each; their output goes to %s%n", spec.name(),
                devices.size(), join(devices), logFile(out, 0).resolveSibling("shard-K.log"));
        err.flush();
        Map<Integer, Integer> failed = runChildren(java, sweep, devices, out, err);
        if (!failed.isEmpty()) return reportFailures(failed, devices, out, err);
        int code = Main.run(mergeCommand(out, parse).toArray(String[]::new));
        if (code == 0) {
            err.printf("netgeom: the %d shards ran on devices %s and were merged: the results are in %s (the shards in %s, their logs in %s)%n",
                    devices.size(), join(devices), out, out.resolve(Shard.SHARDS_FOLDER), logs);
            err.flush();
        }
        return code;
    }

    /**
     * The sweep as one process would run it ({@code sweep}: the command line without
     * {@code --devices}, paths absolute, as the children and the merge see it), parsed afresh.
     */
    static ShardedSweep wholeSweep(List<String> sweep) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(sweep.toArray(String[]::new));
        Object command = parsed.subcommand().commandSpec().userObject();
        if (!(command instanceof ShardedSweep whole)) {
            throw new IllegalStateException(sweep.getFirst() + " takes " + ShardArguments.DEVICES + " but is no ShardedSweep");
        }
        return whole;
    }

    /**
     * The parent's part, before any child starts: OUT checked as the one-process run checks it
     * (a clash of settings is refused now, not after every shard ran), then Fashion-MNIST
     * installed once where the sweep reads it (N children would each run apt-get at once and
     * fight over its lock).
     */
    static void prepare(ShardedSweep whole, PrintWriter err) {
        whole.checkWholeOut();
        if (whole.readsDefaultFashionMnist()) FashionMnistInstaller.installIfMissing(err);
    }

    /** {@code netgeom merge --out OUT}, with the sweep's --overwrite (OUT may hold results of other settings) and --verbose. */
    static List<String> mergeCommand(Path out, CommandLine.ParseResult parse) {
        List<String> merge = new ArrayList<>(List.of("merge", "--out", out.toString()));
        if (parse.hasMatchedOption("--overwrite")) merge.add("--overwrite");
        if (parse.hasMatchedOption("--verbose")) merge.add("--verbose");
        return merge;
    }

    /** The GPU ordinals of {@code --devices}, e.g. "0,1,2,3": at least one, each >= 0 and given once. */
    static List<Integer> parseDevices(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidInputException(ShardArguments.DEVICES + " needs a comma-separated list of GPU ordinals, e.g. "
                    + ShardArguments.DEVICES + " 0,1,2,3; got an empty one");
        }
        List<Integer> devices = new ArrayList<>();
        for (String part : trimmed.split(",", -1)) {
            String word = part.strip();
            int device;
            try {
                device = Integer.parseInt(word);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(ShardArguments.DEVICES + " is a comma-separated list of GPU ordinals like 0,1,2,3; '"
                        + word + "' in '" + text + "' is not one");
            }
            if (device < 0) throw new InvalidInputException(ShardArguments.DEVICES + " " + text + ": a GPU ordinal is >= 0, got " + device);
            if (devices.contains(device)) {
                throw new InvalidInputException(ShardArguments.DEVICES + " " + text + " names device " + device
                        + " twice: give each GPU once (one shard runs on each)");
            }
            devices.add(device);
        }
        return devices;
    }

    /**
     * How this process was started, to start the children alike: {@code javaBinary}, the JVM's
     * flags (the launcher's, {@code NETGEOM_JAVA_OPTS}), the class path and netgeom's main class.
     * Left out: the launcher's word that stderr is a terminal (a child's stderr is its log, so
     * progress is written as plain lines) and a debugger agent (one process at a time can listen
     * on its port).
     */
    static List<String> javaCommand(String javaBinary, List<String> jvmFlags, String classPath) {
        String terminal = "-D" + ProgressMode.STDERR_TERMINAL_PROPERTY + "=";
        List<String> command = new ArrayList<>(List.of(javaBinary));
        for (String flag : jvmFlags) {
            if (flag.startsWith(terminal) || flag.startsWith("-agentlib:jdwp") || flag.startsWith("-Xrunjdwp")) continue;
            command.add(flag);
        }
        command.add(terminal + "false");
        command.addAll(List.of("-cp", classPath, Main.class.getName()));
        return command;
    }

    /** Child {@code index}'s command: {@code java}, the sweep's words, then --shard INDEX/N and --device LIST[INDEX]. */
    static List<String> childCommand(List<String> java, List<String> sweep, int index, List<Integer> devices) {
        List<String> command = new ArrayList<>(java);
        command.addAll(sweep);
        command.addAll(List.of(ShardArguments.OPTION, index + "/" + devices.size(), "--device", Integer.toString(devices.get(index))));
        return command;
    }

    /** OUT/devices/shard-INDEX.log. */
    static Path logFile(Path out, int index) { return out.resolve(LOG_FOLDER).resolve("shard-" + index + ".log"); }

    /** Starts one child per device, waits for all of them and returns the shards that failed with their exit codes (in order). */
    private static Map<Integer, Integer> runChildren(List<String> java, List<String> sweep, List<Integer> devices, Path out,
                                                     PrintWriter err) {
        int count = devices.size();
        // Read by the shutdown hook's thread while this one still adds children.
        List<Process> children = new CopyOnWriteArrayList<>();
        // Killed itself (not by ^C, which reaches the children too), this process takes its children along.
        Thread stopChildren = new Thread(() -> children.forEach(Process::destroy));
        Runtime.getRuntime().addShutdownHook(stopChildren);
        BlockingQueue<Integer> ended = new LinkedBlockingQueue<>();
        Map<Integer, Integer> failed = new TreeMap<>();
        long started = System.nanoTime();
        try {
            for (int k = 0; k < count; k++) {
                ProcessBuilder builder = new ProcessBuilder(childCommand(java, sweep, k, devices)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(logFile(out, k).toFile())); // afresh: the last line is this run's
                Process child;
                try {
                    child = builder.start();
                    child.getOutputStream().close();
                } catch (IOException e) {
                    children.forEach(Process::destroy);
                    throw new IllegalStateException("cannot start shard " + k + "/" + count + " (" + e.getMessage() + "): "
                            + String.join(" ", builder.command()), e);
                }
                children.add(child);
                int index = k;
                child.onExit().thenRun(() -> ended.add(index));
            }
            for (int done = 0; done < count; done++) {
                int k = ended.take();
                int code = children.get(k).exitValue();
                if (code != 0) failed.put(k, code);
                err.printf(Locale.ROOT, "netgeom: shard %d/%d on device %d %s after %.1f s (%d of %d done)%n", k, count, devices.get(k),
                        code == 0 ? "finished" : "failed with exit code " + code, (System.nanoTime() - started) / 1e9, done + 1, count);
                err.flush();
            }
        } catch (InterruptedException e) {
            children.forEach(Process::destroy);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the shards ran; they were stopped: run the same command again to resume", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs now; nothing to remove.
            }
        }
        return failed;
    }

    /** One line naming each failed shard, its log and the log's last line; returns {@link #exitCode}. */
    private static int reportFailures(Map<Integer, Integer> failed, List<Integer> devices, Path out, PrintWriter err) {
        List<String> parts = new ArrayList<>();
        for (int k : failed.keySet()) {
            Path log = logFile(out, k);
            String last = lastLine(log);
            parts.add("shard " + k + " on device " + devices.get(k) + " (log " + log + (last.isEmpty() ? "" : ", ending '" + last + "'") + ")");
        }
        err.printf("netgeom: error: %d of %d shards failed: %s; the finished shards stay in %s: fix the cause and run the same command"
                + " again to resume%n", failed.size(), devices.size(), String.join("; ", parts), out.resolve(Shard.SHARDS_FOLDER));
        err.flush();
        return exitCode(failed.values());
    }

    /** The parent's exit code when shards failed with {@code codes}: 2 (bad input) when every one exited 2, else 1. */
    static int exitCode(Collection<Integer> codes) {
        boolean allBadInput = !codes.isEmpty() && codes.stream().allMatch(code -> code == Main.EXIT_BAD_INPUT);
        return allBadInput ? Main.EXIT_BAD_INPUT : Main.EXIT_FAILURE;
    }

    /** The last non-blank line of {@code log} (read from its last 4 KiB), or "" when there is none. */
    private static String lastLine(Path log) {
        try (SeekableByteChannel file = Files.newByteChannel(log)) {
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(4096, file.size()));
            file.position(file.size() - tail.capacity());
            while (tail.hasRemaining() && file.read(tail) > 0) {
                // read the whole tail
            }
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
            List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.isEmpty() ? "" : lines.getLast();
        } catch (IOException e) {
            return "";
        }
    }

    private static Path outFolder(CommandLine.Model.CommandSpec spec) {
        CommandLine.Model.OptionSpec option = spec.findOption("--out");
        if (option == null || !(option.getValue() instanceof Path out)) {
            throw new IllegalStateException(spec.name() + " takes " + ShardArguments.DEVICES + " but has no --out");
        }
        return out.toAbsolutePath().normalize();
    }

    private static String currentJava() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    private static String join(List<Integer> devices) {
        return devices.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
