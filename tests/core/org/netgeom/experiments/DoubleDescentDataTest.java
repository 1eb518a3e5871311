package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSpec;
import org.netgeom.data.Teacher;
import org.netgeom.tensor.InvalidInputException;

/** The double-descent sweep's data: the validation set is carved from the training rows after the first n. */
class DoubleDescentDataTest {
    private static final DataSpec SIGN = DataSpec.teacher(Teacher.Kind.SIGN);
    private static final DataOptions OPTIONS = DataOptions.defaults().withInputDim(6).withTrainSize(20).withTestSize(15).withSeed(4);

    @Test
    void theFittedRowsAreTheSameWithOrWithoutAValidationSet() {
        DoubleDescent.SweepData plain = DoubleDescent.SweepData.load(SIGN, OPTIONS, 0);
        DoubleDescent.SweepData validated = DoubleDescent.SweepData.load(SIGN, OPTIONS, 10);
        assertNull(plain.validation());
        assertEquals(20, validated.split().train().size());
        assertArrayEquals(plain.split().train().inputs().data(), validated.split().train().inputs().data());
        assertArrayEquals(plain.split().test().inputs().data(), validated.split().test().inputs().data());
    }

    @Test
    void theValidationSetIsTheRowsAfterTheFirstN() {
        DoubleDescent.SweepData validated = DoubleDescent.SweepData.load(SIGN, OPTIONS, 10);
        DoubleDescent.SweepData all = DoubleDescent.SweepData.load(SIGN, OPTIONS.withTrainSize(30), 0);
        assertEquals(10, validated.validation().size());
        assertArrayEquals(all.split().train().inputs().rowRange(20, 30).data(), validated.validation().inputs().data());
        assertTrue(validated.validation().name().endsWith("(validation)"), validated.validation().name());
    }

    @Test
    void aSweepWithoutTrainingRowsIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DoubleDescent.SweepData.load(SIGN, OPTIONS.withTrainSize(0), 10));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
