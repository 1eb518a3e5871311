package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;

class ArchitectureTest {
    @Test
    void parameterCountAddsWeightsAndBiasesOfEveryLayer() {
        assertEquals(784L * 256 + 256 + 256L * 10 + 10, Architecture.parse("784-256-10").parameterCount());
    }

    @Test
    void aParameterCountBeyondALongIsRefusedNotWrapped() {
        int max = Integer.MAX_VALUE;
        Architecture widest = Architecture.of(max, max, max, max, max, max);
        InvalidInputException e = assertThrows(InvalidInputException.class, widest::parameterCount);
        assertTrue(e.getMessage().contains("more than 2^63 parameters"), e.getMessage());
    }

    @Test
    void aTrailingOrDoubledDashIsNotAWidth() {
        for (String text : new String[] {"784-10-", "784--10", "-784-10"}) {
            assertThrows(InvalidInputException.class, () -> Architecture.parse(text), text);
        }
    }
}
