package org.netgeom.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.netgeom.tensor.Activation;

/**
 * Vector API versions of the activations that dominate a CPU training step, with the same
 * results as {@link ElementwiseOps}' scalar loops: relu by a lane mask (no data-dependent
 * branch to mispredict); tanh, and erf's derivative, in float64 lanes (widened, evaluated,
 * rounded once) so values such as 1 - tanh^2 keep float64 accuracy before the final rounding.
 * Tails use the scalar loops. (erf itself and GELU stay scalar: a lane-wise erf needs gathers
 * of per-interval coefficients, which measured slower than the scalar
 * {@link org.netgeom.tensor.MathFunctions#erf}.)
 */
final class VectorActivations {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** As many float lanes as DOUBLES has double lanes, for widening without shuffles. */
    private static final VectorSpecies<Float> NARROW_FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

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

    /** gradIn = z > 0 ? gradOut : 0. */
    static void reluBackward(float[] z, int zOffset, float[] gradOut, int gradOutOffset, float[] gradIn,
                             int gradInOffset, int from, int to) {
        FloatVector zero = FloatVector.zero(FLOATS);
        int i = from;
        for (; i + FLOATS.length() <= to; i += FLOATS.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(FLOATS, z, zOffset + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(FLOATS, gradOut, gradOutOffset + i), positive).intoArray(gradIn, gradInOffset + i);
        }
        ElementwiseOps.scalarBackward(Activation.RELU, z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, i, to);
    }

    static void tanh(float[] in, int inOffset, float[] out, int outOffset, int from, int to) {
        int i = from;
        for (; i + NARROW_FLOATS.length() <= to; i += NARROW_FLOATS.length()) {
            narrow(widen(in, inOffset + i).lanewise(VectorOperators.TANH)).intoArray(out, outOffset + i);
        }
        ElementwiseOps.scalarActivation(Activation.TANH, in, inOffset, out, outOffset, i, to);
    }

    /** gradIn = gradOut * (1 - tanh(z)^2), in float64 lanes. */
    static void tanhBackward(float[] z, int zOffset, float[] gradOut, int gradOutOffset, float[] gradIn,
                             int gradInOffset, int from, int to) {
        int i = from;
        for (; i + NARROW_FLOATS.length() <= to; i += NARROW_FLOATS.length()) {
            DoubleVector t = widen(z, zOffset + i).lanewise(VectorOperators.TANH);
            DoubleVector derivative = t.mul(t).neg().add(1.0);
            narrow(widen(gradOut, gradOutOffset + i).mul(derivative)).intoArray(gradIn, gradInOffset + i);
        }
        ElementwiseOps.scalarBackward(Activation.TANH, z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, i, to);
    }

    /** gradIn = gradOut * erf'(z) = gradOut * 2/sqrt(pi) e^{-z^2}, in float64 lanes. */
    static void erfBackward(float[] z, int zOffset, float[] gradOut, int gradOutOffset, float[] gradIn,
                            int gradInOffset, int from, int to) {
        int i = from;
        for (; i + NARROW_FLOATS.length() <= to; i += NARROW_FLOATS.length()) {
            DoubleVector x = widen(z, zOffset + i);
            DoubleVector derivative = x.mul(x).neg().lanewise(VectorOperators.EXP).mul(TWO_OVER_SQRT_PI);
            narrow(widen(gradOut, gradOutOffset + i).mul(derivative)).intoArray(gradIn, gradInOffset + i);
        }
        ElementwiseOps.scalarBackward(Activation.ERF, z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, i, to);
    }

    private static DoubleVector widen(float[] values, int index) {
        return (DoubleVector) FloatVector.fromArray(NARROW_FLOATS, values, index).convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    private static FloatVector narrow(DoubleVector values) {
        return (FloatVector) values.convertShape(VectorOperators.D2F, NARROW_FLOATS, 0);
    }
}
