package org.netgeom.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netgeom.experiments.ShardSet;
import org.netgeom.tensor.InvalidInputException;

/**
 * Talks to Slurm through its commands: sbatch submits, scontrol tells a job's state. Without
 * job accounting (sacct needs slurmdbd, which many small clusters lack) a job's record stays in
 * scontrol for MinJobAge (300 s by default) after it ends; a job gone from there is judged by
 * what it left on the shared file system (the shards' finished markers).
 */
final class SlurmJobs {
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED",
            "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT");
    private static final Pattern TASK = Pattern.compile("ArrayTaskId=(\\S+)");
    private static final Pattern STATE = Pattern.compile("JobState=(\\S+)");

    private final PrintWriter err;
    private final double pollSeconds;

    SlurmJobs(PrintWriter err, double pollSeconds) {
        this.err = err;
        this.pollSeconds = pollSeconds;
    }

    /** Submits {@code script} with {@code options}; returns the job id. */
    String submit(List<String> options, Path script) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(options);
        command.add(script.toString());
        Result result = run(command);
        if (result.exitCode != 0) {
            throw new IllegalStateException("sbatch refused " + script + " (exit " + result.exitCode + "): " + result.stderr.strip());
        }
        String id = result.stdout.strip().split(";")[0];
        if (!id.matches("\\d+")) throw new IllegalStateException("sbatch answered '" + result.stdout.strip() + "', not a job id");
        return id;
    }

    /**
     * Waits until the array (null when none was submitted) and the merge have ended, then says
     * how they ended: 0 when the merge completed, 1 otherwise, naming the shards that failed.
     */
    int await(String arrayJob, String mergeJob, Path out, int shards, Path logs, String name) {
        Map<String, String> arrayStates = arrayJob == null ? Map.of() : waitForEnd(arrayJob);
        Map<String, String> mergeStates = waitForEnd(mergeJob);
        List<Integer> unfinished = ShardSet.unfinished(out, shards);
        String mergeState = mergeStates.isEmpty() ? "ended (its record has expired)" : mergeStates.values().iterator().next();
        if (unfinished.isEmpty() && mergeState.equals("COMPLETED")) {
            err.println("netgeom: the " + shards + " shards and the merge completed; results in " + out);
            return 0;
        }
        List<String> failed = new ArrayList<>();
        arrayStates.forEach((task, state) -> { if (!state.equals("COMPLETED")) failed.add("shard " + task + " " + state); });
        err.println("netgeom: " + (failed.isEmpty() ? "" : String.join(", ", failed) + "; ")
                + (unfinished.isEmpty() ? "" : "unfinished shards " + unfinished + "; ") + "the merge " + mergeState
                + ". Logs: " + logs.resolve(name + "-*.log") + ". Resubmit with --resume to run only what is left.");
        return Main.EXIT_FAILURE;
    }

    /** Polls scontrol until every task of {@code job} has ended; returns the state by array task id (or the job id). */
    private Map<String, String> waitForEnd(String job) {
        while (true) {
            Result result = run(List.of("scontrol", "show", "job", "-o", job));
            if (result.exitCode != 0) {
                if (result.stderr.contains("Invalid job id")) return Map.of(); // ended and purged
                throw new IllegalStateException("scontrol show job " + job + " failed (exit " + result.exitCode + "): " + result.stderr.strip());
            }
            Map<String, String> states = new TreeMap<>();
            boolean running = false;
            for (String line : result.stdout.lines().filter(l -> !l.isBlank()).toList()) {
                Matcher state = STATE.matcher(line), task = TASK.matcher(line);
                if (!state.find()) continue;
                states.put(task.find() ? task.group(1) : job, state.group(1));
                if (!ENDED.contains(state.group(1))) running = true;
            }
            if (!running) return states;
            try {
                Thread.sleep((long) (pollSeconds * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Slurm job " + job
                        + "; the jobs go on (squeue shows them)", e);
            }
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // Both pipes drain at once: a long scontrol listing must not block on a full stderr pipe, nor the reverse.
            java.util.concurrent.CompletableFuture<String> stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(stderr unreadable: " + e.getMessage() + ")";
                }
            });
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), stdout, stderr.join());
        } catch (IOException e) {
            throw new InvalidInputException(command.getFirst() + " cannot be run (" + e.getMessage() + "): netgeom slurm needs Slurm's"
                    + " commands on the PATH; use --dry-run to only write the scripts", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }
}
