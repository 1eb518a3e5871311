package org.netgeom.cli;

import java.time.Instant;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.netgeom.backend.Backends;
import org.netgeom.experiments.PredictionEmbedding;
import org.netgeom.io.OutputFolder;
import org.netgeom.tensor.Backend;

@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "InPCA embedding of prediction points by their Bhattacharyya distances (with truth and ignorance).")
final class EmbedCommand implements Callable<Integer> {
    /** When call() began: the provenance of --json output starts there. */
    private Instant started;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PredictionArguments input = new PredictionArguments();
    @Mixin BackendArguments backend = new BackendArguments();
    @Mixin FigureArguments figures = new FigureArguments();

    @Option(names = "--dims", defaultValue = "3", description = "Embedding dimensions k (default: ${DEFAULT-VALUE}).")
    int dims;
    @Option(names = "--no-references", description = "Embed only the given points, without truth and ignorance.")
    boolean noReferences;
    @Option(names = "--json", description = "Print one JSON object (eigenvalues, explained_stress, squared_eigenvalue_fraction,"
            + " abs_eigenvalue_fraction, coordinates, points).")
    boolean json;
    @Option(names = "--out", description = "Folder for embedding.json, coordinates.csv, embedding.png and stress.png.")
    Path out;

    @Override
    public Integer call() {
        started = Instant.now();
        // Staged inside --out and moved in at the end (OutputFolder.replacing); locked from the start.
        try (OutputFolder folder = out == null ? null : OutputFolders.replacing(spec, out, PredictionEmbedding.RESULT_ENTRIES)) {
            return run(folder);
        }
    }

    private Integer run(OutputFolder folder) {
        var set = input.read();
        Backends.Choice choice = Backends.open(backend.options());
        spec.commandLine().getErr().println("netgeom: " + choice.note());
        try (Backend compute = choice.backend()) {
            PredictionEmbedding.Report report = PredictionEmbedding.run(compute, set, dims, !noReferences,
                    folder == null ? null : folder.path(), input.predictions.getFileName().toString(), figures.figures());
            if (folder != null) folder.commit();
            if (json) {
                CommandJson.print(spec, report.summary(), compute, started);
            } else {
                PredictionEmbedding.Result result = report.result();
                System.out.printf("%d points, %d samples x %d classes%n", result.points().size(), set.samples(), set.classes());
                for (int k = 1; k <= dims; k++) {
                    System.out.printf("k=%d  eigenvalue %+.6g  explained stress %.4f  squared fraction %.4f  |lambda| fraction %.4f%n",
                            k, result.pca().eigenvalues()[k - 1], result.pca().explainedStress(k), result.pca().squaredFraction(k),
                            result.pca().absoluteFraction(k));
                }
            }
            return 0;
        }
    }
}
