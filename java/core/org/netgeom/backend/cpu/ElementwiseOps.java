package org.netgeom.backend.cpu;

import org.netgeom.linalg.VectorCapability;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.MathFunctions;

/**
 * Element-wise loops over the index range [from, to) of matrices given as (array, offset), so
 * {@link CpuBackend} can split one call across cores. Outputs may alias inputs element for
 * element (each element is read before it is written). Transcendental activations go through
 * {@link MathFunctions} in float64 and are rounded once. Where {@link VectorCapability#AVAILABLE},
 * the hot loops run on the Vector API ({@link VectorActivations}, {@link VectorElementwiseOps}),
 * element for element with the bits of the scalar loops here, which run otherwise.
 */
final class ElementwiseOps {
    private static final boolean VECTOR = VectorCapability.AVAILABLE;

    private ElementwiseOps() {}

    /** out = activation(in). */
    static void activation(Activation activation, float[] in, int inOffset, float[] out, int outOffset,
                           int from, int to) {
        switch (activation) {
            case IDENTITY -> {
                if (in != out || inOffset != outOffset) System.arraycopy(in, inOffset + from, out, outOffset + from, to - from);
            }
            case RELU -> {
                if (VECTOR) VectorActivations.relu(in, inOffset, out, outOffset, from, to);
                else scalarActivation(activation, in, inOffset, out, outOffset, from, to);
            }
            case TANH -> {
                if (VECTOR) VectorActivations.tanh(in, inOffset, out, outOffset, from, to);
                else scalarActivation(activation, in, inOffset, out, outOffset, from, to);
            }
            default -> scalarActivation(activation, in, inOffset, out, outOffset, from, to);
        }
    }

    static void scalarActivation(Activation activation, float[] in, int inOffset, float[] out, int outOffset,
                                 int from, int to) {
        for (int i = from; i < to; i++) {
            out[outOffset + i] = (float) MathFunctions.apply(activation, in[inOffset + i]);
        }
    }

    /** z[i] += bias[i % cols], out[i] = activation(z[i]), for whole rows [rowFrom, rowTo). */
    static void biasActivation(Activation activation, float[] z, int zOffset, float[] bias, int biasOffset,
                               float[] out, int outOffset, int cols, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            int zRow = zOffset + r * cols;
            for (int c = 0; c < cols; c++) z[zRow + c] += bias[biasOffset + c];
            activation(activation, z, zRow, out, outOffset + r * cols, 0, cols);
        }
    }

    /** gradIn = gradOut * activation'(z). */
    static void activationBackward(Activation activation, float[] z, int zOffset, float[] gradOut, int gradOutOffset,
                                   float[] gradIn, int gradInOffset, int from, int to) {
        switch (activation) {
            case IDENTITY -> {
                if (gradOut != gradIn || gradOutOffset != gradInOffset) {
                    System.arraycopy(gradOut, gradOutOffset + from, gradIn, gradInOffset + from, to - from);
                }
            }
            case RELU, TANH, ERF -> {
                if (VECTOR) vectorBackward(activation, z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, from, to);
                else scalarBackward(activation, z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, from, to);
            }
            default -> scalarBackward(activation, z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, from, to);
        }
    }

    private static void vectorBackward(Activation activation, float[] z, int zOffset, float[] gradOut, int gradOutOffset,
                                       float[] gradIn, int gradInOffset, int from, int to) {
        switch (activation) {
            case RELU -> VectorActivations.reluBackward(z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, from, to);
            case TANH -> VectorActivations.tanhBackward(z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, from, to);
            case ERF -> VectorActivations.erfBackward(z, zOffset, gradOut, gradOutOffset, gradIn, gradInOffset, from, to);
            default -> throw new IllegalArgumentException("no vector loop for the derivative of " + activation.cliName());
        }
    }

    static void scalarBackward(Activation activation, float[] z, int zOffset, float[] gradOut, int gradOutOffset,
                               float[] gradIn, int gradInOffset, int from, int to) {
        for (int i = from; i < to; i++) {
            double derivative = MathFunctions.derivative(activation, z[zOffset + i]);
            gradIn[gradInOffset + i] = (float) (gradOut[gradOutOffset + i] * derivative);
        }
    }

    /** out = alpha * a + beta * b; with a null b, out = alpha * a. */
    static void addScaled(float alpha, float[] a, int aOffset, float beta, float[] b, int bOffset,
                          float[] out, int outOffset, int from, int to) {
        if (VECTOR) VectorElementwiseOps.addScaled(alpha, a, aOffset, beta, b, bOffset, out, outOffset, from, to);
        else scalarAddScaled(alpha, a, aOffset, beta, b, bOffset, out, outOffset, from, to);
    }

    /** {@link #addScaled} element by element: two products and a sum, each rounded (no fused multiply-add). */
    static void scalarAddScaled(float alpha, float[] a, int aOffset, float beta, float[] b, int bOffset,
                                float[] out, int outOffset, int from, int to) {
        for (int i = from; i < to; i++) {
            float scaledA = alpha * a[aOffset + i];
            out[outOffset + i] = b == null ? scaledA : scaledA + beta * b[bOffset + i];
        }
    }

    /** y += alpha * x. */
    static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int from, int to) {
        addScaled(alpha, x, xOffset, 1f, y, yOffset, y, yOffset, from, to);
    }

    /** out = a * b. */
    static void multiply(float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int from, int to) {
        if (VECTOR) VectorElementwiseOps.multiply(a, aOffset, b, bOffset, out, outOffset, from, to);
        else scalarMultiply(a, aOffset, b, bOffset, out, outOffset, from, to);
    }

    static void scalarMultiply(float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int from, int to) {
        for (int i = from; i < to; i++) out[outOffset + i] = a[aOffset + i] * b[bOffset + i];
    }

    /** Points [from, to) of Backend.flipBlocks: each point's row, then its d single-coordinate flips. */
    static void flipBlocks(float[] x, int xOffset, float[] centres, int centreOffset, float[] out, int outOffset, int d,
                           int from, int to) {
        for (int p = from; p < to; p++) {
            int source = xOffset + p * d;
            int block = outOffset + p * (d + 1) * d;
            for (int r = 0; r <= d; r++) System.arraycopy(x, source, out, block + r * d, d);
            for (int i = 0; i < d; i++) {
                float centre = centres == null ? 0f : centres[centreOffset + i];
                out[block + (1 + i) * d + i] = 2 * centre - x[source + i];
            }
        }
    }

    /** Points [from, to) of Backend.flipInfluence, in float32 with fused multiply-adds, bit for bit as on the GPU. */
    static void flipInfluence(float[] values, int valueOffset, int width, float[] out, int outOffset, int d, int from, int to) {
        for (int p = from; p < to; p++) {
            int base = valueOffset + p * (d + 1) * width;
            for (int i = 0; i < d; i++) {
                int flipped = base + (1 + i) * width;
                float sum = 0f;
                for (int k = 0; k < width; k++) {
                    float change = values[base + k] - values[flipped + k];
                    sum = Math.fma(change, change, sum);
                }
                out[outOffset + p * d + i] = sum * 0.25f;
            }
        }
    }
}
