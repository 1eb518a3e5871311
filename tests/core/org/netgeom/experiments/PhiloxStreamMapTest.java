package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.bmd.Robustness;
import org.netgeom.data.DataStreams;
import org.netgeom.data.HeatEquation;
import org.netgeom.nn.ConvNet;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.RandomFeatures;
import org.netgeom.report.Statistics;
import org.netgeom.star.StarStreams;
import org.netgeom.train.TrainStreams;

/**
 * The stream map of docs/RELIABILITY.md (Determinism): every fixed Philox stream assignment
 * netgeom draws from under a run's seed, over realistic counts, is disjoint from every other, so
 * no two draws of one seed read the same random bits. A new assignment belongs in {@link #streamMap}.
 */
class PhiloxStreamMapTest {
    /** TrainConfig's largest epoch count. */
    private static final long EPOCHS = 1_000_000;
    /** Parameter tensors of one model (weights and biases of 500 layers: streams 0 to 999). */
    private static final int PARAMETER_TENSORS = 500;
    /** Dropout masks of one run: (training steps) x (layers). */
    private static final long DROPOUT_DRAWS = 1L << 32;
    /** BMD points, examples, permutations: counts far above any run's. */
    private static final long ITEMS = 1_000_000_000L;

    /** Streams first, first + 1, ..., end - 1 of one assignment. */
    private record Range(String owner, long first, long end) {
        Range {
            if (end <= first) throw new IllegalArgumentException(owner + ": empty range");
        }

        static Range single(String owner, long stream) { return new Range(owner, stream, stream + 1); }

        boolean contains(long stream) { return stream >= first && stream < end; }
    }

    /** Epoch e's shuffle streams for e below {@link #EPOCHS}, as maximal runs of consecutive streams. */
    private static List<Range> shuffleRanges() {
        List<Range> ranges = new ArrayList<>();
        long first = TrainStreams.shuffle(0), previous = first;
        for (long epoch = 1; epoch < EPOCHS; epoch++) {
            long stream = TrainStreams.shuffle(epoch);
            if (stream <= previous) fail("epoch " + epoch + " shuffles with stream " + stream + ", not past epoch " + (epoch - 1) + "'s");
            if (stream != previous + 1) {
                ranges.add(new Range("shuffle of epochs up to " + (epoch - 1), first, previous + 1));
                first = stream;
            }
            previous = stream;
        }
        ranges.add(new Range("shuffle of later epochs", first, previous + 1));
        return ranges;
    }

    private static List<Range> streamMap() {
        List<Range> map = new ArrayList<>();
        map.add(new Range("model parameters (weights 2i, biases 2i + 1)", Initialization.weightStream(0),
                Initialization.biasStream(PARAMETER_TENSORS - 1) + 1));
        map.addAll(shuffleRanges());
        map.add(Range.single("random labels of adversarial initialization", AdversarialInitialization.LABEL_STREAM));
        map.add(new Range("MLP dropout", Mlp.DROPOUT_STREAM_BASE, Mlp.DROPOUT_STREAM_BASE + DROPOUT_DRAWS));
        map.add(new Range("ConvNet dropout", ConvNet.DROPOUT_STREAM_BASE, ConvNet.DROPOUT_STREAM_BASE + DROPOUT_DRAWS));
        map.add(Range.single("teacher weights", DataStreams.TEACHER_WEIGHTS));
        map.add(Range.single("teacher output weights", DataStreams.TEACHER_OUTPUT_WEIGHTS));
        map.add(Range.single("train inputs", DataStreams.TRAIN_INPUTS));
        map.add(Range.single("train noise", DataStreams.TRAIN_NOISE));
        map.add(Range.single("test inputs", DataStreams.TEST_INPUTS));
        map.add(Range.single("test noise", DataStreams.TEST_NOISE));
        map.add(Range.single("hold-out split", DataStreams.HOLDOUT_SPLIT));
        map.add(Range.single("label noise", DataStreams.LABEL_NOISE));
        map.add(Range.single("heat equation train points", HeatEquation.TRAIN_STREAM));
        map.add(Range.single("heat equation test points", HeatEquation.TEST_STREAM));
        map.add(new Range("BMD points", InputDistribution.POINT_STREAM_BASE, InputDistribution.POINT_STREAM_BASE + ITEMS));
        map.add(new Range("robustness flip orders", Robustness.ORDER_STREAM_BASE, Robustness.ORDER_STREAM_BASE + ITEMS));
        map.add(new Range("weight matching rounds", StarStreams.WEIGHT_MATCHING_ORDER_BASE,
                StarStreams.WEIGHT_MATCHING_ORDER_BASE + Integer.MAX_VALUE + 1L));
        map.add(Range.single("Starlight draws", StarStreams.STARLIGHT_DRAWS));
        map.add(new Range("permutation tests", Statistics.PERMUTATION_STREAM_BASE, Statistics.PERMUTATION_STREAM_BASE + ITEMS));
        map.add(new Range("augmentation", TrainStreams.augmentation(0), TrainStreams.augmentation(EPOCHS - 1) + 1));
        return map;
    }

    @Test
    void everyFixedStreamAssignmentIsDisjointFromEveryOther() {
        List<Range> map = new ArrayList<>(streamMap());
        map.sort(Comparator.comparingLong(Range::first));
        for (int i = 1; i < map.size(); i++) {
            Range before = map.get(i - 1), after = map.get(i);
            assertTrue(before.end() <= after.first(), before.owner() + " [" + before.first() + ", " + before.end() + ") overlaps "
                    + after.owner() + " [" + after.first() + ", " + after.end() + ")");
        }
        assertTrue(map.size() >= 20, "the map lists every assignment: " + map.size());
    }

    @Test
    void randomFeaturesDrawFromTheModelParametersRangeOneModelPerSeed() {
        // A random-features model and an MLP are different models: they may share stream 0, never with another draw.
        assertTrue(streamMap().getFirst().contains(RandomFeatures.FEATURE_STREAM));
    }

    @Test
    void shuffleStreamsBelowTheRandomLabelsKeepTheirOldNumbers() {
        assertEquals(1000, TrainStreams.shuffle(0));
        assertEquals(7000, TrainStreams.shuffle(6000), "the last epoch of the old numbering");
        assertNotEquals(AdversarialInitialization.LABEL_STREAM, TrainStreams.shuffle(6001), "epoch 6001 used to read the random labels");
        assertEquals(TrainStreams.SHUFFLE_HIGH_BASE + 6001, TrainStreams.shuffle(6001));
        assertEquals(TrainStreams.SHUFFLE_LOW_END, AdversarialInitialization.LABEL_STREAM, "the low range stops at the random labels");
    }

    @Test
    void shuffleStreamsAreDistinctForEveryEpochTrainConfigAllows() {
        List<Range> shuffles = shuffleRanges();
        assertEquals(2, shuffles.size(), "a low and a high range: " + shuffles);
        long streams = shuffles.stream().mapToLong(r -> r.end() - r.first()).sum();
        assertEquals(EPOCHS, streams, "one stream per epoch");
    }
}
