package org.netgeom.bmd;

import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;

/** A float64 forward pass of a tanh MLP from its downloaded weights. */
final class ReferenceForward {
    private ReferenceForward() {}

    static double[] tanhMlp(Backend backend, Mlp mlp, double[] input) {
        double[] a = input;
        int layers = mlp.architecture().layerCount();
        for (int l = 0; l < layers; l++) {
            Matrix w = backend.download(mlp.weight(l));
            Matrix b = backend.download(mlp.bias(l));
            double[] z = new double[w.rows()];
            for (int o = 0; o < w.rows(); o++) {
                double s = b.get(0, o);
                for (int i = 0; i < w.cols(); i++) s += (double) w.get(o, i) * a[i];
                z[o] = l < layers - 1 ? Math.tanh(s) : s;
            }
            a = z;
        }
        return a;
    }
}
