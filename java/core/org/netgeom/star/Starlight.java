package org.netgeom.star;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;
import org.netgeom.train.TrainingCallback;
import org.netgeom.train.TrainingResult;

/**
 * Starlight (docs/methods/star.md, Starlight): trains a star model against fixed source models with
 * the ordinary {@link Trainer} (its shuffling, optimizer, schedule and callbacks) and a
 * {@link StarlightObjective} as the step.
 */
public final class Starlight {
    private Starlight() {}

    /** A star model of the sources' shape, initialized as {@code config.start()} says. */
    public static Mlp initialStar(List<Mlp> sources, StarlightConfig config) {
        Mlp first = sources.get(0);
        Mlp star = StarModels.sameShape(first);
        if (config.start() == StarlightConfig.Start.RANDOM) return star.initialize(Initialization.PYTORCH, config.seed());
        Backend backend = first.backend();
        Matrix flat = backend.download(first.parameters());
        double[] sum = new double[flat.size()];
        for (Mlp source : sources) {
            float[] aligned = source == first ? flat.data()
                    : WeightMatching.align(first, source, config.seed(), 100).alignedParameters().data();
            for (int i = 0; i < sum.length; i++) sum[i] += aligned[i];
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) mean[i] = (float) (sum[i] / sources.size());
        return star.loadParameters(new Matrix(1, mean.length, mean));
    }

    /** Trains {@code star} in place; {@code test} (may be null) is evaluated on the star model after each epoch. */
    public static TrainingResult train(Mlp star, List<Mlp> sources, Dataset train, Dataset test, TrainConfig training,
                                       StarlightConfig config, List<TrainingCallback> callbacks) {
        try (StarlightObjective objective = new StarlightObjective(star, sources, training.loss(), config)) {
            List<TrainingCallback> all = new ArrayList<>();
            all.add(objective.realignCallback());
            all.addAll(callbacks);
            return new Trainer(training, all, objective).train(star, train, test);
        }
    }
}
