package org.netgeom.experiments;

import java.util.List;
import org.netgeom.data.Dataset;
import org.netgeom.nn.TrainableModel;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;
import org.netgeom.train.TrainConfig;
import org.netgeom.train.Trainer;

/**
 * The adversarial initialization of docs/methods/bmd.md (Adversarial initialization): before
 * training on the true labels, fit the training inputs with random labels, so training starts from
 * a model that memorized noise. Random labels are uniform classes (classification) or the targets
 * in a seeded random order (regression), drawn from Philox stream {@link #LABEL_STREAM}.
 */
public final class AdversarialInitialization {
    static final long LABEL_STREAM = 7001;

    private AdversarialInitialization() {}

    /** Trains {@code model} on {@code train} with random labels under {@code config} (its seed draws the labels). */
    public static void fitRandomLabels(TrainableModel model, Dataset train, TrainConfig config) {
        new Trainer(config, List.of()).train(model, randomLabels(train, config.seed()), null);
    }

    static Dataset randomLabels(Dataset train, long seed) {
        Matrix targets;
        if (train.isClassification()) {
            targets = new Matrix(train.size(), 1);
            int[] words = new int[4];
            for (int r = 0; r < train.size(); r++) {
                Philox.block(seed, LABEL_STREAM, r, words);
                targets.set(r, 0, (float) Long.remainderUnsigned(words[0] & 0xFFFFFFFFL, train.classes()));
            }
        } else {
            int[] order = Philox.permutation(train.size(), seed, LABEL_STREAM);
            targets = train.subset(order).targets();
        }
        return new Dataset(train.name() + " (random labels)", train.inputs(), targets, train.classes());
    }
}
