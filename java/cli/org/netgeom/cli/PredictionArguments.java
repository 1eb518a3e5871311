package org.netgeom.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import org.netgeom.trajectory.PredictionSet;

/** The options of commands that read prediction points (embed, distance). */
final class PredictionArguments {
    @Option(names = "--predictions", required = true, paramLabel = "DIR|FILE.npy",
            description = "A snapshot folder (index.csv + .npy files, optional labels.npy) or one .npy of shape [N, C] or [K, N, C].")
    Path predictions;

    @Option(names = "--logits", description = "The files hold logits: apply softmax first.")
    boolean logits;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "Class indices of the N samples (defines the truth point; overrides the folder's labels.npy).")
    Path labels;

    PredictionSet read() { return PredictionSet.read(predictions, logits, labels); }
}
