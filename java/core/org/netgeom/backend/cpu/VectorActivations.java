package org.netgeom.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.MathFunctions;

/**
 * Vector API versions of the activations that dominate a CPU training step, with the same
 * bits as {@link ElementwiseOps}' scalar loops: relu by a lane mask (no data-dependent
 * branch to mispredict); tanh, and erf's derivative, in float64 lanes (widened, evaluated,
 * rounded once) so values such as 1 - tanh^2 keep float64 accuracy before the final rounding.
 * Tails use the scalar loops. (erf itself and GELU stay scalar: a lane-wise erf needs gathers
 * of per-interval coefficients, which measured slower than the scalar
 * {@link org.netgeom.tensor.MathFunctions#erf}.) Only loaded when
 * {@link org.netgeom.linalg.VectorCapability#AVAILABLE}; otherwise the scalar loops do all.
 *
 * <p>"The same bits" holds for every number; a NaN result is NaN in both, but its sign and payload
 * bits may differ (the tanh loop copies the input's sign bit, the scalar code propagates whatever
 * NaN the hardware gives), as Java leaves them unspecified.
 *
 * <p>tanh and exp are {@link MathFunctions#tanh} and {@link MathFunctions#exp} step for step
 * (same constants, same operations in the same order), not the Vector API's TANH and EXP: those
 * are Math per lane until C2 compiles the loop and a native library (SVML) after, so a result
 * would depend on what ran before, and on which elements a thread split leaves to the scalar tail.
 * Each loop writes its arithmetic out in its own body: a helper method taking or returning
 * vectors would box them whenever C2 declines to inline it (as it does once a compilation holds
 * too many nodes), while the Vector API's own methods are always inlined.
 */
final class VectorActivations {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** As many float lanes as DOUBLES has double lanes, for widening without shuffles. */
    private static final VectorSpecies<Float> NARROW_FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    private static final DoubleVector TWO_OVER_SQRT_PI = DoubleVector.broadcast(DOUBLES, 2.0 / Math.sqrt(Math.PI));

    // MathFunctions' constants for exp and tanh (see there), as vectors so that the loops hold them in registers.
    private static final DoubleVector LN2_HI = DoubleVector.broadcast(DOUBLES, 0x1.62e42feep-1);
    private static final DoubleVector LN2_LO = DoubleVector.broadcast(DOUBLES, 0x1.a39ef35793c76p-33);
    private static final DoubleVector INV_LN2 = DoubleVector.broadcast(DOUBLES, 0x1.71547652b82fep0);
    private static final DoubleVector ROUND_SHIFT = DoubleVector.broadcast(DOUBLES, 0x1.8p52);
    private static final long ROUND_SHIFT_BITS = 0x4338000000000000L;
    /** -x^2 is never above 0, so only MathFunctions.exp's lower clamp can apply. */
    private static final DoubleVector EXP_LOWEST = DoubleVector.broadcast(DOUBLES, -745.2);
    private static final DoubleVector TANH_LOWEST_EXPONENT = DoubleVector.broadcast(DOUBLES, -40);
    /** 1/k! for k = 13 down to 2. */
    private static final DoubleVector INV_6227020800 = DoubleVector.broadcast(DOUBLES, 1.0 / 6227020800.0),
            INV_479001600 = DoubleVector.broadcast(DOUBLES, 1.0 / 479001600), INV_39916800 = DoubleVector.broadcast(DOUBLES, 1.0 / 39916800),
            INV_3628800 = DoubleVector.broadcast(DOUBLES, 1.0 / 3628800), INV_362880 = DoubleVector.broadcast(DOUBLES, 1.0 / 362880),
            INV_40320 = DoubleVector.broadcast(DOUBLES, 1.0 / 40320), INV_5040 = DoubleVector.broadcast(DOUBLES, 1.0 / 5040),
            INV_720 = DoubleVector.broadcast(DOUBLES, 1.0 / 720), INV_120 = DoubleVector.broadcast(DOUBLES, 1.0 / 120),
            INV_24 = DoubleVector.broadcast(DOUBLES, 1.0 / 24), INV_6 = DoubleVector.broadcast(DOUBLES, 1.0 / 6),
            INV_2 = DoubleVector.broadcast(DOUBLES, 1.0 / 2);
    private static final DoubleVector ONE = DoubleVector.broadcast(DOUBLES, 1.0), TWO = DoubleVector.broadcast(DOUBLES, 2.0),
            MINUS_TWO = DoubleVector.broadcast(DOUBLES, -2.0);
    private static final long SIGN_BIT = Long.MIN_VALUE;

    private VectorActivations() {}

    /** out = x > 0 ? x : 0 (NaN gives 0, as the scalar loop and the CUDA kernel). */
    static void relu(float[] in, int inOffset, float[] out, int outOffset, int from, int to) {
        FloatVector zero = FloatVector.zero(FLOATS);
        int i = from;
        for (; i + FLOATS.length() <= to; i += FLOATS.length()) {
            FloatVector x = FloatVector.fromArray(FLOATS, in, inOffset + i);
            zero.blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(out, outOffset + i);
        }
        ElementwiseOps.scalarActivation(Activation.RELU, in, inOffset, out, outOffset, i, to);
    }

    /**
     * gradIn = gradOut * (z > 0 ? 1 : 0), a product as in the scalar loop and the CUDA kernel, so a
     * negative gradient at z <= 0 gives -0 and an infinite one NaN (selecting 0 would not).
     */
    static void reluBackward(float[] z, int zOffset, float[] gradOut, int gradOutOffset, float[] gradIn,
                             int gradInOffset, int from, int to) {
        FloatVector zero = FloatVector.zero(FLOATS), one = FloatVector.broadcast(FLOATS, 1f);
        int i = from;
        for (; i + FLOATS.length() <= to; i += FLOATS.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(FLOATS, z, zOffset + i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(FLOATS, gradOut, gradOutOffset + i).mul(zero.blend(one, positive)).intoArray(gradIn, gradInOffset + i);
        }
        ElementwiseOps.scalarBackward(Activation.RELU, z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, i, to);
    }

    static void tanh(float[] in, int inOffset, float[] out, int outOffset, int from, int to) {
        tanhLanes(in, inOffset, null, 0, out, outOffset, from, to);
    }

    /** gradIn = gradOut * (1 - tanh(z)^2), in float64 lanes. */
    static void tanhBackward(float[] z, int zOffset, float[] gradOut, int gradOutOffset, float[] gradIn,
                             int gradInOffset, int from, int to) {
        tanhLanes(z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, from, to);
    }

    /** out = tanh(z), or with {@code gradOut}, out = gradOut * (1 - tanh(z)^2). */
    private static void tanhLanes(float[] z, int zOffset, float[] gradOut, int gradOutOffset, float[] out, int outOffset,
                                  int from, int to) {
        int i = from;
        for (; i + NARROW_FLOATS.length() <= to; i += NARROW_FLOATS.length()) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(NARROW_FLOATS, z, zOffset + i)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            // MathFunctions.tanh: m = e^{-2|x|} - 1 = 2^k (1 + expm1(r)) - 1, tanh|x| = -m / (m + 2).
            DoubleVector y = x.abs().mul(MINUS_TWO);
            y = y.blend(TANH_LOWEST_EXPONENT, y.lt(TANH_LOWEST_EXPONENT));
            DoubleVector shifted = y.fma(INV_LN2, ROUND_SHIFT);
            DoubleVector minusK = shifted.sub(ROUND_SHIFT).neg();
            // 2^k: k + 1023 = bits(shifted) - bits(ROUND_SHIFT) + 1023 in the exponent field.
            DoubleVector scale = shifted.viewAsIntegralLanes().sub(ROUND_SHIFT_BITS - 1023).lanewise(VectorOperators.LSHL, 52)
                    .viewAsFloatingLanes();
            DoubleVector r = minusK.fma(LN2_LO, minusK.fma(LN2_HI, y));
            DoubleVector p = INV_6227020800.fma(r, INV_479001600).fma(r, INV_39916800).fma(r, INV_3628800).fma(r, INV_362880)
                    .fma(r, INV_40320).fma(r, INV_5040).fma(r, INV_720).fma(r, INV_120).fma(r, INV_24).fma(r, INV_6).fma(r, INV_2);
            DoubleVector m = scale.fma(r.mul(r).fma(p, r), scale.sub(ONE));
            DoubleVector t = m.neg().div(m.add(TWO)).viewAsIntegralLanes().and(~SIGN_BIT)
                    .or(x.viewAsIntegralLanes().and(SIGN_BIT)).viewAsFloatingLanes();
            DoubleVector result = gradOut == null ? t : ((DoubleVector) FloatVector.fromArray(NARROW_FLOATS, gradOut, gradOutOffset + i)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0)).mul(t.mul(t).neg().add(ONE));
            ((FloatVector) result.convertShape(VectorOperators.D2F, NARROW_FLOATS, 0)).intoArray(out, outOffset + i);
        }
        if (gradOut == null) {
            ElementwiseOps.scalarActivation(Activation.TANH, z, zOffset, out, outOffset, i, to);
        } else {
            ElementwiseOps.scalarBackward(Activation.TANH, z, zOffset, gradOut, gradOutOffset, out, outOffset, i, to);
        }
    }

    /** gradIn = gradOut * erf'(z) = gradOut * 2/sqrt(pi) e^{-z^2}, in float64 lanes. */
    static void erfBackward(float[] z, int zOffset, float[] gradOut, int gradOutOffset, float[] gradIn,
                            int gradInOffset, int from, int to) {
        int i = from;
        for (; i + NARROW_FLOATS.length() <= to; i += NARROW_FLOATS.length()) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(NARROW_FLOATS, z, zOffset + i)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            // MathFunctions.exp(-x^2) = 2^k (1 + expm1(r)), the power of two applied in two halves.
            DoubleVector y = x.mul(x).neg();
            y = y.blend(EXP_LOWEST, y.lt(EXP_LOWEST));
            DoubleVector shifted = y.fma(INV_LN2, ROUND_SHIFT);
            DoubleVector minusK = shifted.sub(ROUND_SHIFT).neg();
            LongVector exponent = shifted.viewAsIntegralLanes().sub(ROUND_SHIFT_BITS);
            LongVector half = exponent.lanewise(VectorOperators.ASHR, 1);
            DoubleVector r = minusK.fma(LN2_LO, minusK.fma(LN2_HI, y));
            DoubleVector p = INV_6227020800.fma(r, INV_479001600).fma(r, INV_39916800).fma(r, INV_3628800).fma(r, INV_362880)
                    .fma(r, INV_40320).fma(r, INV_5040).fma(r, INV_720).fma(r, INV_120).fma(r, INV_24).fma(r, INV_6).fma(r, INV_2);
            DoubleVector gaussian = r.mul(r).fma(p, r).add(ONE)
                    .mul(half.add(1023L).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes())
                    .mul(exponent.sub(half).add(1023L).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes());
            DoubleVector derivative = gaussian.mul(TWO_OVER_SQRT_PI);
            DoubleVector gradient = ((DoubleVector) FloatVector.fromArray(NARROW_FLOATS, gradOut, gradOutOffset + i)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0)).mul(derivative);
            ((FloatVector) gradient.convertShape(VectorOperators.D2F, NARROW_FLOATS, 0)).intoArray(gradIn, gradInOffset + i);
        }
        ElementwiseOps.scalarBackward(Activation.ERF, z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, i, to);
    }
}
