package org.netgeom.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColormapTest {

    @Test
    void divergingScaleIsSymmetricAboutZeroWithWhiteInTheMiddle() {
        Colormap scale = Colormap.forValues(new double[][] {{-1, 3}});
        assertTrue(scale.diverging());
        assertEquals(-3.0, scale.low());
        assertEquals(3.0, scale.high());
        Color zero = scale.color(0);
        assertTrue(zero.getRed() > 240 && zero.getGreen() > 240 && zero.getBlue() > 240, "zero is near white: " + zero);
        Color positive = scale.color(3);
        Color negative = scale.color(-3);
        assertTrue(positive.getRed() > positive.getBlue(), "positive end is red: " + positive);
        assertTrue(negative.getBlue() > negative.getRed(), "negative end is blue: " + negative);
    }

    @Test
    void oneSignedValuesUseTheSequentialScaleFromMinToMax() {
        Colormap scale = Colormap.forValues(new double[][] {{2, 5}, {Double.NaN, 3}});
        assertFalse(scale.diverging());
        assertEquals(2.0, scale.low());
        assertEquals(5.0, scale.high());
        assertEquals(new Color(0x440154), scale.color(2));
        assertEquals(new Color(0xFDE725), scale.color(5));
    }

    @Test
    void constantAndAllNanDataStillGetAColour() {
        assertEquals(Colormap.forValues(new double[][] {{4, 4}}).color(4),
                Colormap.forValues(new double[][] {{4, 4}}).colorAtFraction(0.5));
        assertEquals(Color.GRAY, Colormap.forValues(new double[][] {{Double.NaN}}).color(Double.NaN));
    }
}
