package org.netgeom.cli;

import picocli.CommandLine.Option;
import org.netgeom.star.StarlightConfig;
import org.netgeom.star.TSampling;

/** Starlight's options and the evaluation's, shared by starlight and star-study. */
final class StarlightArguments {
    @Option(names = "--t-sampling", defaultValue = "uniform", description = "uniform, beta (Beta(2,2)) or constant (0.5) (default: ${DEFAULT-VALUE}).")
    String tSampling;
    @Option(names = "--mu", defaultValue = "0", description = "Weight of the star model's own loss (default: ${DEFAULT-VALUE}).")
    double mu;
    @Option(names = "--realign", description = "Align every source to the star model at the start of each epoch.")
    boolean realign;
    @Option(names = "--star-init", defaultValue = "random", description = "The star model's start: random (the paper's) or source-average (the aligned sources' mean, "
            + "netgeom's variant) (default: ${DEFAULT-VALUE}).")
    String starInit;
    @Option(names = "--points", defaultValue = "11", description = "Points per barrier curve (default: ${DEFAULT-VALUE}).")
    int points;
    @Option(names = "--split", defaultValue = "train", description = "Split the barriers are measured on: train (as the paper), test, or both (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--eval-rows", defaultValue = "10000", description = "Barriers use the split's first N rows; 0: all (default: ${DEFAULT-VALUE}).")
    int evalRows;

    StarlightConfig config(long seed) {
        return new StarlightConfig(TSampling.parse(tSampling), mu, realign, StarlightConfig.Start.parse(starInit), seed);
    }
}
