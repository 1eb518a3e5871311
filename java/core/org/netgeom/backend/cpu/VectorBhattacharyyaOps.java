package org.netgeom.backend.cpu;

import static org.netgeom.backend.cpu.BhattacharyyaOps.LN2_HI;
import static org.netgeom.backend.cpu.BhattacharyyaOps.LN2_LO;
import static org.netgeom.backend.cpu.BhattacharyyaOps.MANTISSA_BITS;
import static org.netgeom.backend.cpu.BhattacharyyaOps.P1;
import static org.netgeom.backend.cpu.BhattacharyyaOps.P2;
import static org.netgeom.backend.cpu.BhattacharyyaOps.P3;
import static org.netgeom.backend.cpu.BhattacharyyaOps.P4;
import static org.netgeom.backend.cpu.BhattacharyyaOps.P5;
import static org.netgeom.backend.cpu.BhattacharyyaOps.SQRT_HALF_BITS;
import static org.netgeom.backend.cpu.BhattacharyyaOps.SQRT_HALF_OFFSET;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.netgeom.linalg.LaneSums;

/**
 * {@link BhattacharyyaOps}' sum of clamped logs on the Vector API, lanes over samples. Only loaded
 * when {@link org.netgeom.linalg.VectorCapability#AVAILABLE}.
 */
final class VectorBhattacharyyaOps {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, FLOATS.vectorShape());
    static final int LANES = FLOATS.length();
    private static final FloatVector VECTOR_LN2_HI = FloatVector.broadcast(FLOATS, LN2_HI),
            VECTOR_LN2_LO = FloatVector.broadcast(FLOATS, LN2_LO), TWO = FloatVector.broadcast(FLOATS, 2f),
            ONE = FloatVector.broadcast(FLOATS, 1f), VECTOR_P1 = FloatVector.broadcast(FLOATS, P1),
            VECTOR_P2 = FloatVector.broadcast(FLOATS, P2), VECTOR_P3 = FloatVector.broadcast(FLOATS, P3),
            VECTOR_P4 = FloatVector.broadcast(FLOATS, P4), VECTOR_P5 = FloatVector.broadcast(FLOATS, P5);

    private VectorBhattacharyyaOps() {}

    /**
     * sum over samples s in [s0, s1) of log(max(sum_c a[c * samples + s] b[c * samples + s], lowest)),
     * each log in float32 by {@link BhattacharyyaOps#log}'s steps, the sum in float64: per lane of
     * the whole vectors, then the lanes in order, then the remaining samples.
     */
    static double logCoefficientSum(float[] a, int aRow, float[] b, int bRow, int classes, int samples,
                                    int s0, int s1, float lowest) {
        DoubleVector low = DoubleVector.zero(DOUBLES), high = DoubleVector.zero(DOUBLES);
        int s = s0;
        for (; s + LANES <= s1; s += LANES) {
            FloatVector coefficient = FloatVector.zero(FLOATS);
            for (int c = 0, offset = s; c < classes; c++, offset += samples) {
                coefficient = FloatVector.fromArray(FLOATS, a, aRow + offset)
                        .fma(FloatVector.fromArray(FLOATS, b, bRow + offset), coefficient);
            }
            FloatVector x = coefficient.max(lowest);
            // log(x), the steps of BhattacharyyaOps.log(float).
            IntVector bits = x.viewAsIntegralLanes().add(SQRT_HALF_OFFSET);
            FloatVector k = (FloatVector) bits.lanewise(VectorOperators.ASHR, 23).sub(127).convert(VectorOperators.I2F, 0);
            FloatVector f = bits.and(MANTISSA_BITS).add(SQRT_HALF_BITS).viewAsFloatingLanes().sub(ONE);
            FloatVector ratio = f.div(f.add(TWO));
            FloatVector z = ratio.mul(ratio);
            FloatVector p = VECTOR_P5.fma(z, VECTOR_P4).fma(z, VECTOR_P3).fma(z, VECTOR_P2).fma(z, VECTOR_P1);
            FloatVector logs = k.fma(VECTOR_LN2_HI, k.fma(VECTOR_LN2_LO, ratio.mul(z).fma(p, ratio.add(ratio)))).add(x.sub(x));
            low = low.add((DoubleVector) logs.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high = high.add((DoubleVector) logs.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        double total = LaneSums.inOrder(low.add(high));
        for (; s < s1; s++) total += BhattacharyyaOps.logCoefficient(a, aRow, b, bRow, classes, samples, s, lowest);
        return total;
    }
}
