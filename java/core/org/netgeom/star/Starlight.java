package org.netgeom.star;

import java.util.ArrayList;
import java.util.List;
import org.netgeom.data.Dataset;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
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

    /**
     * {@link #initialStar(List, StarlightConfig)} for any model Starlight takes (MLPs and
     * convolutional networks): random (a network's PyTorch default) or the average of the
     * sources aligned to the first. A network's running statistics are left at mean 0, variance
     * 1: recompute them ({@link BatchNormRecompute}) before using the star model for inference.
     */
    public static TrainableModel initialStarModel(List<? extends TrainableModel> sources, StarlightConfig config) {
        TrainableModel first = sources.get(0);
        if (first instanceof Mlp) {
            List<Mlp> mlps = new ArrayList<>();
            for (TrainableModel source : sources) mlps.add((Mlp) source);
            return initialStar(mlps, config);
        }
        if (!(first instanceof ConvNet network)) return StarModels.sameShape(first); // throws, naming the kind
        ConvNet star = (ConvNet) StarModels.sameShape(network);
        if (config.start() == StarlightConfig.Start.RANDOM) return star.initialize(config.seed());
        Matrix flat = first.backend().download(first.parameters());
        double[] sum = new double[flat.size()];
        for (TrainableModel source : sources) {
            float[] aligned = source == first ? flat.data()
                    : ModelAlignment.align(first, source, config.seed(), 100).parameters().data();
            for (int i = 0; i < sum.length; i++) sum[i] += aligned[i];
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) mean[i] = (float) (sum[i] / sources.size());
        return star.loadParameters(new Matrix(1, mean.length, mean));
    }

    /**
     * Trains {@code star} in place; {@code test} (may be null) is evaluated on the star model after
     * each epoch, a network with BatchNorm with its running statistics recomputed on the first
     * training rows ({@link BatchNormRecompute#ofTraining}).
     */
    public static TrainingResult train(TrainableModel star, List<? extends TrainableModel> sources, Dataset train, Dataset test,
                                       TrainConfig training,
                                       StarlightConfig config, List<TrainingCallback> callbacks) {
        try (MemoryScope scope = new MemoryScope(star.backend())) {
            BatchNormRecompute statistics = test != null && StarModels.hasBatchNorm(star) ? BatchNormRecompute.ofTraining(scope, train) : null;
            return train(star, sources, train, test, training, config, callbacks, statistics);
        }
    }

    /**
     * {@link #train(TrainableModel, List, Dataset, Dataset, TrainConfig, StarlightConfig, List)}
     * with the recomputation of a BatchNorm network's statistics for its test metrics after each
     * epoch given ({@code statistics}: the one its final evaluation uses; null for a model without BatchNorm).
     */
    public static TrainingResult train(TrainableModel star, List<? extends TrainableModel> sources, Dataset train, Dataset test,
                                       TrainConfig training, StarlightConfig config, List<TrainingCallback> callbacks,
                                       BatchNormRecompute statistics) {
        try (StarlightObjective objective = new StarlightObjective(star, sources, training.loss(), config, statistics)) {
            List<TrainingCallback> all = new ArrayList<>();
            all.add(objective.realignCallback());
            all.addAll(callbacks);
            return new Trainer(training, all, objective).train(star, train, test);
        }
    }
}
