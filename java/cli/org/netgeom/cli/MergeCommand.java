package org.netgeom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.netgeom.experiments.DoubleDescent;
import org.netgeom.experiments.RobustnessStudy;
import org.netgeom.experiments.ShardSet;
import org.netgeom.experiments.StarStudy;
import org.netgeom.experiments.SymmetryStudy;
import org.netgeom.experiments.TrajectorySweep;
import org.netgeom.experiments.Zoo;
import org.netgeom.io.OutputFolder;
import org.netgeom.tensor.InvalidInputException;

/**
 * {@code netgeom merge --out OUT [--overwrite]}: checks OUT/shards/0..N-1 (all there, all finished, equal
 * settings), brings their items into OUT's usual files in the sweep's order, then runs the sweep
 * on OUT in this process: every item is done, so it does only the step that needs them all (the
 * summary and figure, the joint embedding, a star study's star models) and writes OUT as one process would.
 * For a reproduction ({@code reproduce --shard I/N}) it brings every step's shards into the
 * step's folder first ({@link ReproduceCommand#mergeShards}); the rerun then writes the stages
 * and the report.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Combine the finished shards of a sweep (OUT/shards/I/, from --shard I/N) into OUT's usual files, then finish the sweep (summary, figures, embedding, star models).")
final class MergeCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "The sweep's folder, holding shards/0 .. shards/N-1.")
    Path out;

    @Option(names = "--overwrite", description = "Discard results in OUT itself made with other settings (default: refuse and name the difference);"
            + " give it when the shards ran with --overwrite.")
    boolean overwrite;

    @Override
    public Integer call() {
        Path folder = out.toAbsolutePath().normalize();
        ShardSet shards = ShardSet.inspect(folder);
        switch (shards.command()) {
            case "double-descent" -> assemble(shards, folder, overwrite, DoubleDescent.RESULT_ENTRIES, DoubleDescent::mergeShards);
            case "trajectories" -> assemble(shards, folder, overwrite, TrajectorySweep.RESULT_ENTRIES, TrajectorySweep::mergeShards);
            case "symmetry-study" -> assemble(shards, folder, overwrite, SymmetryStudy.RESULT_ENTRIES, SymmetryStudy::mergeShards);
            case "zoo" -> assemble(shards, folder, overwrite, Zoo.RESULT_ENTRIES, Zoo::mergeShards);
            case "star-study" -> assemble(shards, folder, overwrite, StarStudy.resultEntries(shards), StarStudy::mergeShards);
            case "robustness-study" -> assemble(shards, folder, overwrite, RobustnessStudy.RESULT_ENTRIES, RobustnessStudy::mergeShards);
            case "reproduce" -> ReproduceCommand.mergeShards(shards, folder, overwrite, rerun(shards.commandLine(), folder));
            default -> throw new InvalidInputException("netgeom merge cannot combine shards of '" + shards.command()
                    + "' yet: it merges double-descent, trajectories, symmetry-study, zoo, star-study, robustness-study and reproduce");
        }
        spec.commandLine().getErr().printf("netgeom: merged %d shards of %s into %s; finishing the sweep there%n", shards.count(),
                shards.command(), folder);
        return Main.run(rerun(shards.commandLine(), folder).toArray(String[]::new));
    }

    /** Holds OUT (its lock and settings: results of other settings are refused unless {@code overwrite}) while the items come in. */
    private static void assemble(ShardSet shards, Path folder, boolean overwrite, List<String> resultEntries,
                                 BiConsumer<ShardSet, Path> merge) {
        try (OutputFolder opened = OutputFolder.resuming(folder, shards.settings(), resultEntries, overwrite)) {
            merge.accept(shards, opened.path());
        }
    }

    /** The recorded command line with --out pointing at this OUT (the folder may have moved since). */
    static List<String> rerun(List<String> commandLine, Path folder) {
        List<String> words = new ArrayList<>(commandLine);
        int at = words.indexOf("--out");
        if (at < 0 || at + 1 >= words.size()) {
            throw new InvalidInputException("the shards' record of their command line has no --out: " + commandLine + "; rerun the shards");
        }
        words.set(at + 1, folder.toString());
        return words;
    }
}
