package org.netgeom.tensor;

/**
 * Adam's bias corrections for step t (counting from 1), computed once on the host so that every
 * backend divides by the same float32 values: 1 - beta1^t and sqrt(1 - beta2^t).
 */
public record AdamCorrections(float firstMoment, float secondMomentSqrt) {
    /** The corrections for optimizer step {@code step}, counting from 1. */
    public static AdamCorrections forStep(float beta1, float beta2, int step) {
        if (step < 1) throw new IllegalArgumentException("adam step counts from 1, got " + step);
        return new AdamCorrections((float) (1 - Math.pow(beta1, step)), (float) Math.sqrt(1 - Math.pow(beta2, step)));
    }
}
