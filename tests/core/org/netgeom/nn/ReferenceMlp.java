package org.netgeom.nn;

import java.util.List;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.MathFunctions;

/** A float64 MLP written plainly (PyTorch layout), the reference the backend-based Mlp is checked against. */
final class ReferenceMlp {
    private final Architecture architecture;
    private final List<Activation> activations;

    ReferenceMlp(Architecture architecture, List<Activation> activations) {
        this.architecture = architecture;
        this.activations = activations;
    }

    /** Outputs (n x out) for inputs (n x in) and a flat parameter vector in Architecture's layout. */
    double[][] forward(double[] params, double[][] inputs) {
        double[][] a = inputs;
        for (int layer = 0; layer < architecture.layerCount(); layer++) {
            int in = architecture.fanIn(layer), out = architecture.fanOut(layer);
            int w = (int) architecture.weightOffset(layer), b = (int) architecture.biasOffset(layer);
            Activation act = layer < activations.size() ? activations.get(layer) : Activation.IDENTITY;
            double[][] next = new double[a.length][out];
            for (int r = 0; r < a.length; r++) {
                for (int o = 0; o < out; o++) {
                    double z = params[b + o];
                    for (int i = 0; i < in; i++) z += a[r][i] * params[w + o * in + i];
                    next[r][o] = MathFunctions.apply(act, z);
                }
            }
            a = next;
        }
        return a;
    }

    /** Mean softmax cross-entropy over rows. */
    static double crossEntropy(double[][] logits, int[] labels) {
        double total = 0;
        for (int r = 0; r < logits.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[r]) max = Math.max(max, v);
            double sum = 0;
            for (double v : logits[r]) sum += Math.exp(v - max);
            total += Math.log(sum) + max - logits[r][labels[r]];
        }
        return total / logits.length;
    }

    /** Mean over rows of the squared distance to the targets. */
    static double squaredError(double[][] outputs, double[][] targets) {
        double total = 0;
        for (int r = 0; r < outputs.length; r++) {
            for (int c = 0; c < outputs[r].length; c++) {
                double d = outputs[r][c] - targets[r][c];
                total += d * d;
            }
        }
        return total / outputs.length;
    }
}
