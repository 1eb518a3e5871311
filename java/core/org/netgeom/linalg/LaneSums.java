package org.netgeom.linalg;

import jdk.incubator.vector.DoubleVector;

/**
 * The sum of a vector's lanes in one fixed order, lane 0 first. {@code reduceLanes(ADD)} leaves
 * the order of a floating-point sum unspecified, and HotSpot uses two: the interpreter and C1
 * add lane after lane, C2 adds pairwise. A dot product in the Cholesky factor therefore
 * changed in its last bits once C2 had compiled it, and a ridge fit near p = n (condition
 * number 1e8 and more) carried that to 1e-9 of a sweep point's BMD: the first point of a fresh
 * JVM differed from the same point computed later. Every floating-point lane reduction goes
 * through here instead, and the scalar kernels that stand in for the vector ones without the
 * Vector API ({@link VectorCapability}) add their per-lane accumulators in this order too.
 */
public final class LaneSums {
    private LaneSums() {}

    /** lane 0 + lane 1 + ... + lane (n - 1), left to right, in float64. */
    public static double inOrder(DoubleVector lanes) {
        double sum = lanes.lane(0);
        for (int i = 1; i < lanes.length(); i++) sum += lanes.lane(i);
        return sum;
    }
}
