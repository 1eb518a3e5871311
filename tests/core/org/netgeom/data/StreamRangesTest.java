package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.bmd.InputDistribution;
import org.netgeom.star.StarStreams;

/** Under one seed, the BMD's random points never reuse the random bits the data were drawn from. */
class StreamRangesTest {
    @Test
    void bmdPointStreamsStartPastEveryDataStream() {
        long[] dataStreams = {DataStreams.TEACHER_WEIGHTS, DataStreams.TEACHER_OUTPUT_WEIGHTS, DataStreams.TRAIN_INPUTS,
            DataStreams.TRAIN_NOISE, DataStreams.TEST_INPUTS, DataStreams.TEST_NOISE, DataStreams.HOLDOUT_SPLIT,
            DataStreams.LABEL_NOISE, HeatEquation.TRAIN_STREAM, HeatEquation.TEST_STREAM};
        for (long stream : dataStreams) {
            assertTrue(stream < InputDistribution.POINT_STREAM_BASE,
                    "data stream " + stream + " falls in the BMD points' range from " + InputDistribution.POINT_STREAM_BASE);
        }
    }

    @Test
    void starStreamsStartPastEveryDataStream() {
        long[] dataStreams = {DataStreams.TEACHER_WEIGHTS, DataStreams.TEACHER_OUTPUT_WEIGHTS, DataStreams.TRAIN_INPUTS,
            DataStreams.TRAIN_NOISE, DataStreams.TEST_INPUTS, DataStreams.TEST_NOISE, DataStreams.HOLDOUT_SPLIT,
            DataStreams.LABEL_NOISE, HeatEquation.TRAIN_STREAM, HeatEquation.TEST_STREAM};
        for (long stream : dataStreams) {
            assertTrue(stream < StarStreams.BASE, "data stream " + stream + " falls in the star range from " + StarStreams.BASE);
        }
    }
}
