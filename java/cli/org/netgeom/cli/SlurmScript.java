package org.netgeom.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of the batch scripts {@code netgeom slurm} writes: a job array whose task I runs the
 * sweep with {@code --shard I/N}, and the merge job. Each starts netgeom the way the launcher
 * does: the Java that runs this command (or, where a node lacks it, the launcher's search for a
 * Java 25), the launcher's JVM flags, and this very jar, so that a checkout being edited is never
 * rebuilt on the nodes and an unpacked dist bundle needs no JDK there.
 *
 * @param jobName     the jobs' name
 * @param logs        the folder of the jobs' logs (OUT/slurm)
 * @param resources   the #SBATCH lines' options (--partition=P, ...), the same for both jobs
 * @param launcher    the ./netgeom launcher whose functions and JVM flags the scripts use
 * @param javaBinary  the java binary to run where it exists
 * @param classPath   netgeom's class path (the jar)
 * @param workingFolder where the jobs start (relative paths of the command line resolve there)
 */
record SlurmScript(String jobName, Path logs, List<String> resources, Path launcher, Path javaBinary, String classPath,
                   Path workingFolder) {
    /** The job array: task I runs {@code commandLine} (the command's name first) with --shard I/count. */
    String array(List<String> commandLine, int count, String commandName) {
        List<String> lines = header("--array=0-" + (count - 1), "--output=" + sbatchValue(logs.resolve(commandName + "-%A_%a.log")));
        lines.add("shards=" + count);
        lines.add("task=\"${SLURM_ARRAY_TASK_ID:?this script runs as a task of a Slurm job array: submit it with sbatch}\"");
        lines.addAll(start(commandLine, List.of(ShardArguments.OPTION, "\"$task/$shards\"")));
        return String.join("\n", lines) + "\n";
    }

    /**
     * The merge job: {@code netgeom merge --out OUT}, with {@code --overwrite} when the sweep was
     * given it (its tasks replace their shards' old results; the merge then replaces OUT's).
     */
    String merge(Path out, String commandName, boolean overwrite) {
        List<String> lines = header(null, "--output=" + sbatchValue(logs.resolve(commandName + "-merge-%j.log")));
        List<String> merge = new ArrayList<>(List.of("merge", "--out", out.toString()));
        if (overwrite) merge.add("--overwrite");
        lines.addAll(start(merge, List.of()));
        return String.join("\n", lines) + "\n";
    }

    private List<String> header(String array, String output) {
        List<String> lines = new ArrayList<>();
        lines.add("#!/usr/bin/env bash");
        lines.add("# Written by netgeom slurm " + Main.Version.version() + ". Submit with sbatch; netgeom slurm --resume resubmits");
        lines.add("# the shards that did not finish. Every node must see the output folder and this jar at these paths.");
        lines.add("#SBATCH --job-name=" + jobName);
        if (array != null) lines.add("#SBATCH " + array);
        lines.add("#SBATCH " + output);
        lines.add("#SBATCH --ntasks=1");
        for (String resource : resources) lines.add("#SBATCH " + resource);
        lines.add("set -euo pipefail");
        return lines;
    }

    private List<String> start(List<String> commandLine, List<String> rawTail) {
        List<String> lines = new ArrayList<>();
        lines.add("# The launcher: sourcing it defines netgeom_find_java and NETGEOM_JVM_FLAGS and runs nothing.");
        lines.add("# shellcheck source=/dev/null");
        lines.add("source " + quote(launcher.toString()));
        lines.add("java=" + quote(javaBinary.toString()));
        lines.add("if [[ ! -x \"$java\" ]]; then java=\"$(netgeom_find_java)\"; fi");
        lines.add("extra=()");
        lines.add("read -r -a extra <<<\"${NETGEOM_JAVA_OPTS:-}\"");
        lines.add("cd " + quote(workingFolder.toString()));
        StringBuilder exec = new StringBuilder("exec \"$java\" \"${NETGEOM_JVM_FLAGS[@]}\" -Dnetgeom.stderr.terminal=false \"${extra[@]}\" \\\n  -cp "
                + quote(classPath) + " " + Main.class.getName());
        for (String word : commandLine) exec.append(' ').append(quote(word));
        for (String word : rawTail) exec.append(' ').append(word);
        lines.add(exec.toString());
        return lines;
    }

    /** A path as an #SBATCH line's value: double-quoted when it holds blanks or quotes, which sbatch's own parser reads. */
    static String sbatchValue(Path path) {
        String text = path.toString();
        if (text.matches("[A-Za-z0-9_@%+=:,./-]+")) return text;
        if (text.contains("\"") || text.contains("\n")) {
            throw new org.netgeom.tensor.InvalidInputException("--out " + text + " holds a double quote or a line break, which an #SBATCH line"
                    + " cannot carry: give another folder");
        }
        return "\"" + text + "\"";
    }

    /** {@code word} as one bash word: single-quoted unless it is plainly safe. */
    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The launcher beside a source checkout's target/ jar or a bundle's lib/ jar, else in {@code fallback}; null when none is. */
    static Path findLauncher(String classPath, Path fallback) {
        List<Path> candidates = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            if (jar.getParent() != null && jar.getParent().getParent() != null) candidates.add(jar.getParent().getParent().resolve("netgeom"));
        }
        candidates.add(fallback.resolve("netgeom"));
        for (Path candidate : candidates) if (Files.isRegularFile(candidate)) return candidate;
        return null;
    }
}
