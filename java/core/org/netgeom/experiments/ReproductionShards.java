package org.netgeom.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.netgeom.io.AtomicFiles;
import org.netgeom.io.OutputFolder;
import org.netgeom.io.RunSettings;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;

/**
 * A reproduction plan ({@link Reproduction#plan}) run as N shards, and their merge. Every step's
 * command takes {@code --shard I/N} (double-descent at one penalty or a list of them, star-study,
 * trajectories, symmetry-study), and shard I/N runs each step as that command's shard I/N, into
 * the step's folder's shards/I/. No shard writes a stage marker, a step's summary or the report:
 * those need every item, so the merge brings each step's shards into its folder ({@link #merge})
 * and then the plan runs in one process ({@link ReproductionRun#run}), where every item is done
 * and only the parts that need all of them run.
 *
 * <p>The reproduction's items, in plan order, by identity (FOLDER is the step's folder relative
 * to the output folder): N per step, "FOLDER shard I/N". Shard I's finished marker lists the
 * ones it did.
 */
public final class ReproductionShards {
    private ReproductionShards() {}

    /** Every item of {@code plan} (written under {@code out}) split {@code count} ways, in plan order. */
    public static List<String> items(List<Reproduction.Stage> plan, Path out, int count) {
        List<String> items = new ArrayList<>();
        for (ReproductionStep step : steps(plan)) {
            for (int i = 0; i < count; i++) items.add(identity(out, step) + " shard " + new Shard(i, count));
        }
        return items;
    }

    /** The items {@code shard} does: its part of every step, in plan order. */
    public static List<String> owned(List<Reproduction.Stage> plan, Path out, Shard shard) {
        List<String> items = new ArrayList<>();
        for (ReproductionStep step : steps(plan)) items.add(identity(out, step) + " shard " + shard);
        return items;
    }

    /**
     * Runs shard {@code shard}'s items of {@code plan} on {@code backend}: each stage's input
     * files, then its steps in order, each step's shard into its shards/I/ folder. Resumable like the steps: a rerun skips the items that finished. Returns the
     * items done ({@link #owned}).
     */
    public static List<String> run(List<Reproduction.Stage> plan, Path out, Backend backend, Shard shard,
                                   ReproductionRun.Listener listener) {
        for (int i = 0; i < plan.size(); i++) {
            Reproduction.Stage stage = plan.get(i);
            listener.stageStarting(i + 1, plan.size(), stage);
            // Every shard writes the same inputs; each write is atomic, so a reader sees one whole copy.
            for (Map.Entry<String, String> file : stage.inputFiles().entrySet()) {
                AtomicFiles.writeString(stage.folder().resolve(file.getKey()), file.getValue());
            }
            for (ReproductionStep step : stage.steps()) {
                listener.shardStarting(step, shard);
                step.runShard(backend, shard);
            }
        }
        return owned(plan, out, shard);
    }

    /**
     * Brings the shards of every step of {@code plan} into the step's folder (checking that all
     * {@code count} finished with the step's settings). Running the plan afterwards does only
     * what needs every item.
     */
    public static void merge(List<Reproduction.Stage> plan, int count) {
        for (Reproduction.Stage stage : plan) {
            for (ReproductionStep step : stage.steps()) {
                ShardSet shards = ShardSet.inspect(step.folder());
                if (shards.count() != count) {
                    throw new InvalidInputException(step.folder() + " holds the shards of a split " + shards.count()
                            + " ways, but the reproduction was split " + count + " ways: rerun its shards 0.." + (count - 1)
                            + " of " + count);
                }
                step.mergeShards(shards);
            }
        }
    }

    /**
     * The step's folder opened as its command opens it: FOLDER for the whole step; with a shard,
     * FOLDER/shards/I, whose settings also record the shard count (so another split is refused)
     * and whose results include the finished marker.
     */
    static OutputFolder open(ReproductionStep step, Shard shard, List<String> resultEntries, Set<String> notSettings) {
        if (shard == null) return OutputFolder.resuming(step.folder(), step.options().settings(Map.of(), notSettings), resultEntries, false);
        List<String> entries = new ArrayList<>(resultEntries);
        entries.add(ShardMarker.FILE);
        RunSettings settings = step.options(shard).settings(Map.of(ShardSet.COUNT_SETTING, Integer.toString(shard.count())), notSettings);
        return OutputFolder.resuming(shard.folder(step.folder()), settings, entries, false);
    }

    /**
     * Writes shard {@code shard}'s finished marker into {@code shardFolder} with the step's whole
     * command line (what a {@code netgeom merge} of the step's folder alone reruns); a shard has
     * no summary, so this returns null.
     */
    static String finishShard(ReproductionStep step, Path shardFolder, Shard shard, List<String> allItems) {
        ShardMarker.write(shardFolder, shard, allItems, step.arguments());
        return null;
    }

    /**
     * Merges {@code shards} into the step's folder with {@code merge}, holding the folder as the
     * whole step opens it; shards whose settings are not the step's are refused first.
     */
    static void mergeInto(ReproductionStep step, ShardSet shards, List<String> resultEntries, Set<String> notSettings,
                          BiConsumer<ShardSet, Path> merge) {
        RunSettings expected = step.options().settings(Map.of(), notSettings);
        String difference = shards.settings().firstDifferenceFrom(expected);
        if (difference != null) {
            throw new InvalidInputException("the shards in " + shards.out() + " ran with other settings than " + step.commandLine() + " ("
                    + difference + "): rerun every shard of the reproduction with the same options");
        }
        try (OutputFolder out = OutputFolder.resuming(step.folder(), expected, resultEntries, false)) {
            merge.accept(shards, out.path());
        }
    }

    private static List<ReproductionStep> steps(List<Reproduction.Stage> plan) {
        return plan.stream().flatMap(stage -> stage.steps().stream()).toList();
    }

    private static String identity(Path out, ReproductionStep step) {
        return out.relativize(step.folder()).toString();
    }
}
