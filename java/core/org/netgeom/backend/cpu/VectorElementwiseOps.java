package org.netgeom.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementwiseOps}' arithmetic loops on the Vector API, lane for lane the scalar loops'
 * operations (products and sums each rounded, no fused multiply-add), the tails by the scalar
 * loops. Only loaded when {@link org.netgeom.linalg.VectorCapability#AVAILABLE}.
 */
final class VectorElementwiseOps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorElementwiseOps() {}

    /** {@link ElementwiseOps#addScaled}. */
    static void addScaled(float alpha, float[] a, int aOffset, float beta, float[] b, int bOffset,
                          float[] out, int outOffset, int from, int to) {
        int i = from;
        FloatVector alphas = FloatVector.broadcast(SPECIES, alpha), betas = FloatVector.broadcast(SPECIES, beta);
        for (; i + SPECIES.length() <= to; i += SPECIES.length()) {
            FloatVector scaledA = FloatVector.fromArray(SPECIES, a, aOffset + i).mul(alphas);
            FloatVector result = b == null ? scaledA
                    : scaledA.add(FloatVector.fromArray(SPECIES, b, bOffset + i).mul(betas));
            result.intoArray(out, outOffset + i);
        }
        ElementwiseOps.scalarAddScaled(alpha, a, aOffset, beta, b, bOffset, out, outOffset, i, to);
    }

    /** {@link ElementwiseOps#multiply}. */
    static void multiply(float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int from, int to) {
        int i = from;
        for (; i + SPECIES.length() <= to; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, a, aOffset + i).mul(FloatVector.fromArray(SPECIES, b, bOffset + i))
                    .intoArray(out, outOffset + i);
        }
        ElementwiseOps.scalarMultiply(a, aOffset, b, bOffset, out, outOffset, i, to);
    }
}
