package org.netgeom.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.netgeom.nn.layers.FeatureShape;
import org.netgeom.nn.layers.Layer;
import org.netgeom.nn.layers.NamedLayer;
import org.netgeom.nn.layers.Network;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.Matrix;

/**
 * A convolutional network's gradients on any backend against central differences of a float64
 * re-implementation by the definitions (direct convolution, window means and maxima, batch
 * statistics, dense layers). ConvNetTest runs it on the CPU; netgeom-cuda's GPU tests on the GPU.
 */
public final class ConvNetGradientCheck {
    private ConvNetGradientCheck() {}

    /** Every trainable layer kind, stride, padding and odd sizes. */
    public static final String SPEC =
            "conv:3k3s2p1,bn,tanh,conv:4k2,gelu,avgpool:2,conv:5k1,relu,gap,flatten,linear:6,bn,tanh,linear:3";
    public static final ImageShape SHAPE = new ImageShape(2, 9, 11);
    /** Residual blocks with and without projection. */
    public static final String RESIDUAL_SPEC = "conv:4k3p1nb,bn,relu,block:4,block:6s2,gap,flatten,linear:3";
    public static final ImageShape RESIDUAL_SHAPE = new ImageShape(2, 6, 5);
    /** 2x11x9 -> conv stride 2 -> 3x6x5 -> 2x2 max pool (dropping the last row and column) -> 3x3x2. */
    public static final String MAX_POOL_SPEC = "conv:3k3s2p1,maxpool:2,tanh,conv:4k2p1,bn,relu,flatten,linear:3";
    public static final ImageShape MAX_POOL_SHAPE = new ImageShape(2, 11, 9);

    /**
     * Builds {@code spec} on {@code backend} (Philox init, seed 4), runs a training-mode forward and
     * backward on 3 Gaussian images with loss = sum(outputs * w), and asserts the outputs within 1e-5
     * and every parameter's gradient within 1e-3 + 2e-3 |g| of the float64 reference's central differences.
     */
    public static void assertGradientsMatchFloat64Reference(Backend backend, String spec, ImageShape shape) {
        Network network = Network.parse(spec, 3);
        int n = 3;
        Random random = new Random(1);
        Matrix inputs = random(n, shape.size(), random);
        Matrix weights = random(n, 3, random); // loss = sum(outputs * weights), so dLoss/dOutputs = weights
        try (ConvNet net = new ConvNet(backend, network, shape).initialize(4);
             DeviceMatrix x = backend.upload(inputs); DeviceMatrix g = backend.upload(weights)) {
            net.forward(x, true);
            net.backward(g);
            float[] analytic = backend.download(net.gradients()).data();
            double[] theta = toDouble(backend.download(net.parameters()).data());
            Reference reference = new Reference(network, shape, null);
            // The float32 forward (training mode: batch statistics) agrees with the float64 one.
            double[] outputs = reference.forward(theta, inputs);
            float[] ours = backend.download(net.forward(x, true)).data();
            for (int i = 0; i < outputs.length; i++) assertEquals(outputs[i], ours[i], 1e-5, "output " + i);
            for (int p = 0; p < theta.length; p++) {
                double saved = theta[p], h = 1e-6;
                theta[p] = saved + h;
                double plus = dot(reference.forward(theta, inputs), weights.data());
                theta[p] = saved - h;
                double minus = dot(reference.forward(theta, inputs), weights.data());
                theta[p] = saved;
                double numeric = (plus - minus) / (2 * h);
                // 1e-3 absolute: a bias feeding BatchNorm has an exactly zero gradient, which float32 gets as a
                // cancellation residue of a few 1e-4 (the gradients here are of order 0.1 to 1).
                assertEquals(numeric, analytic[p], 1e-3 + 2e-3 * Math.abs(numeric), "parameter " + p);
            }
        }
    }

    /**
     * Builds {@code spec} on {@code backend} (seed 5), moves its batch-norm running statistics by three
     * training passes over other images, then asserts {@link ConvNet#inputGradient} after a forward in
     * {@code training} or inference mode, for loss = sum(outputs * w) on 3 Gaussian images, within
     * 2e-3 + 2e-3 |g| of the float64 reference's central differences (h = 1e-6) over every input.
     */
    public static void assertInputGradientMatchesFloat64Reference(Backend backend, String spec, ImageShape shape, boolean training) {
        Network network = Network.parse(spec, 3);
        int n = 3;
        Random random = new Random(7);
        Matrix inputs = random(n, shape.size(), random);
        Matrix weights = random(n, 3, random);
        try (ConvNet net = new ConvNet(backend, network, shape).initialize(5);
             DeviceMatrix x = backend.upload(inputs); DeviceMatrix g = backend.upload(weights);
             DeviceMatrix other = backend.upload(random(8, shape.size(), random))) {
            for (int pass = 0; pass < 3; pass++) net.forward(other, true);
            List<double[][]> running = null;
            if (!training) {
                running = new ArrayList<>();
                for (ConvNet.Norm norm : net.normalizations()) {
                    running.add(new double[][] {toDouble(backend.download(norm.layer.runningMean).data()),
                            toDouble(backend.download(norm.layer.runningVariance).data())});
                }
            }
            net.forward(x, training);
            float[] analytic = backend.download(net.inputGradient(g)).data();
            double[] theta = toDouble(backend.download(net.parameters()).data());
            Reference reference = new Reference(network, shape, running);
            float[] ours = backend.download(net.forward(x, training)).data();
            double[] outputs = reference.forward(theta, inputs);
            for (int i = 0; i < outputs.length; i++) assertEquals(outputs[i], ours[i], 1e-5, "output " + i);
            double[] flat = toDouble(inputs.data());
            for (int i = 0; i < flat.length; i++) {
                double saved = flat[i], h = 1e-6;
                flat[i] = saved + h;
                double plus = dot(reference.forward(theta, rows(flat, n)), weights.data());
                flat[i] = saved - h;
                double minus = dot(reference.forward(theta, rows(flat, n)), weights.data());
                flat[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic[i], 2e-3 + 2e-3 * Math.abs(numeric), (training ? "training" : "inference")
                        + " mode, " + spec + ", input " + i);
            }
        }
    }

    /**
     * The network in float64 by the definitions: direct convolution, window means and maxima, dense
     * layers; batch norms use the batch's statistics, or {@code running}'s (mean, variance) in order
     * when given (inference mode).
     */
    record Reference(Network network, ImageShape shape, List<double[][]> running) {
        double[] forward(double[] theta, Matrix inputs) {
            int n = inputs.rows();
            double[][] x = new double[n][];
            for (int s = 0; s < n; s++) x[s] = toDouble(java.util.Arrays.copyOfRange(inputs.data(), s * shape.size(), (s + 1) * shape.size()));
            return forward(theta, x);
        }

        /** The same for float64 inputs, one row per sample (overwritten). */
        double[] forward(double[] theta, double[][] x) {
            Iterator<double[][]> statistics = running == null ? null : running.iterator();
            int n = x.length;
            FeatureShape in = FeatureShape.of(shape);
            int offset = 0;
            for (NamedLayer named : network.layers()) {
                FeatureShape out = named.layer().output(in, named.name());
                if (named.layer() instanceof Layer.BatchNorm) {
                    batchNorm(x, in, theta, offset, statistics);
                    offset += 2 * in.channels();
                } else if (named.layer() instanceof Layer.BasicBlock block) {
                    offset = block(x, block, in, out, theta, offset, statistics);
                } else {
                    for (int s = 0; s < n; s++) x[s] = apply(named.layer(), x[s], in, out, theta, offset);
                }
                if (named.layer() instanceof Layer.Conv2d c) offset += convParameters(c, in);
                if (named.layer() instanceof Layer.Linear l) offset += l.outFeatures() * in.channels() + l.outFeatures();
                in = out;
            }
            double[] flat = new double[n * (int) in.size()];
            for (int s = 0; s < n; s++) System.arraycopy(x[s], 0, flat, s * (int) in.size(), (int) in.size());
            return flat;
        }

        private static int convParameters(Layer.Conv2d c, FeatureShape in) {
            return c.outChannels() * in.channels() * c.kernel() * c.kernel() + (c.bias() ? c.outChannels() : 0);
        }

        /** A basic block over the batch (its batch norms need every sample); returns the offset after its parameters. */
        private static int block(double[][] x, Layer.BasicBlock block, FeatureShape in, FeatureShape out, double[] theta, int offset,
                                 Iterator<double[][]> statistics) {
            FeatureShape middle = block.conv1().output(in, "block");
            double[][] main = new double[x.length][], shortcut = new double[x.length][];
            for (int s = 0; s < x.length; s++) main[s] = apply(block.conv1(), x[s], in, middle, theta, offset);
            offset += convParameters(block.conv1(), in);
            batchNorm(main, middle, theta, offset, statistics);
            offset += 2 * middle.channels();
            for (double[] sample : main) for (int i = 0; i < sample.length; i++) sample[i] = Math.max(0, sample[i]);
            for (int s = 0; s < x.length; s++) main[s] = apply(block.conv2(), main[s], middle, out, theta, offset);
            offset += convParameters(block.conv2(), middle);
            batchNorm(main, out, theta, offset, statistics);
            offset += 2 * out.channels();
            if (block.projects(in)) {
                for (int s = 0; s < x.length; s++) shortcut[s] = apply(block.projection(), x[s], in, out, theta, offset);
                offset += convParameters(block.projection(), in);
                batchNorm(shortcut, out, theta, offset, statistics);
                offset += 2 * out.channels();
            } else {
                shortcut = x;
            }
            for (int s = 0; s < x.length; s++) {
                double[] y = new double[main[s].length];
                for (int i = 0; i < y.length; i++) y[i] = Math.max(0, main[s][i] + shortcut[s][i]);
                x[s] = y;
            }
            return offset;
        }

        /**
         * Batch norm in place: each channel over the batch and its positions, biased variance, eps 1e-5;
         * with {@code statistics}, the next running mean and variance instead (inference mode).
         */
        private static void batchNorm(double[][] x, FeatureShape in, double[] theta, int offset, Iterator<double[][]> statistics) {
            int channels = in.channels(), positions = in.height() * in.width();
            double[][] stored = statistics == null ? null : statistics.next();
            for (int c = 0; c < channels; c++) {
                double sum = 0, squares = 0;
                for (double[] sample : x) for (int p = 0; p < positions; p++) sum += sample[c * positions + p];
                double mean = sum / (x.length * positions);
                for (double[] sample : x) for (int p = 0; p < positions; p++) squares += Math.pow(sample[c * positions + p] - mean, 2);
                double variance = squares / (x.length * positions);
                if (stored != null) {
                    mean = stored[0][c];
                    variance = stored[1][c];
                }
                double invStd = 1 / Math.sqrt(variance + (double) MlpOptions.BATCH_NORM_EPSILON);
                for (double[] sample : x) {
                    for (int p = 0; p < positions; p++) {
                        sample[c * positions + p] = theta[offset + c] * (sample[c * positions + p] - mean) * invStd
                                + theta[offset + channels + c];
                    }
                }
            }
        }

        private static double[] apply(Layer layer, double[] x, FeatureShape in, FeatureShape out, double[] theta, int offset) {
            double[] y = new double[(int) out.size()];
            switch (layer) {
                case Layer.Conv2d c -> {
                    int k = c.kernel(), bias = c.bias() ? offset + c.outChannels() * in.channels() * k * k : -1;
                    for (int co = 0; co < out.channels(); co++) {
                        for (int oy = 0; oy < out.height(); oy++) {
                            for (int ox = 0; ox < out.width(); ox++) {
                                double sum = bias < 0 ? 0 : theta[bias + co];
                                for (int ci = 0; ci < in.channels(); ci++) {
                                    for (int ky = 0; ky < k; ky++) {
                                        for (int kx = 0; kx < k; kx++) {
                                            int iy = oy * c.stride() - c.padding() + ky, ix = ox * c.stride() - c.padding() + kx;
                                            if (iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width()) continue;
                                            sum += theta[offset + ((co * in.channels() + ci) * k + ky) * k + kx]
                                                    * x[(ci * in.height() + iy) * in.width() + ix];
                                        }
                                    }
                                }
                                y[(co * out.height() + oy) * out.width() + ox] = sum;
                            }
                        }
                    }
                }
                case Layer.Linear l -> {
                    int bias = offset + l.outFeatures() * in.channels();
                    for (int o = 0; o < l.outFeatures(); o++) {
                        double sum = theta[bias + o];
                        for (int i = 0; i < in.channels(); i++) sum += theta[offset + o * in.channels() + i] * x[i];
                        y[o] = sum;
                    }
                }
                case Layer.Nonlinearity a -> {
                    for (int i = 0; i < x.length; i++) {
                        y[i] = switch (a.activation()) {
                            case RELU -> Math.max(0, x[i]);
                            case TANH -> Math.tanh(x[i]);
                            default -> 0.5 * x[i] * (1 + erf(x[i] / Math.sqrt(2)));
                        };
                    }
                }
                case Layer.MaxPool2d p -> maxPool(x, in, out, p.kernel(), y);
                case Layer.AvgPool2d p -> pool(x, in, out, p.kernel(), p.kernel(), y);
                case Layer.GlobalAvgPool g -> pool(x, in, out, in.height(), in.width(), y);
                case Layer.Flatten f -> System.arraycopy(x, 0, y, 0, x.length);
                default -> throw new IllegalArgumentException("no reference for " + layer);
            }
            return y;
        }

        private static void pool(double[] x, FeatureShape in, FeatureShape out, int kh, int kw, double[] y) {
            for (int c = 0; c < out.channels(); c++) {
                for (int oy = 0; oy < out.height(); oy++) {
                    for (int ox = 0; ox < out.width(); ox++) {
                        double sum = 0;
                        for (int dy = 0; dy < kh; dy++) {
                            for (int dx = 0; dx < kw; dx++) sum += x[(c * in.height() + oy * kh + dy) * in.width() + ox * kw + dx];
                        }
                        y[(c * out.height() + oy) * out.width() + ox] = sum / (kh * kw);
                    }
                }
            }
        }

        private static void maxPool(double[] x, FeatureShape in, FeatureShape out, int k, double[] y) {
            for (int c = 0; c < out.channels(); c++) {
                for (int oy = 0; oy < out.height(); oy++) {
                    for (int ox = 0; ox < out.width(); ox++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int dy = 0; dy < k; dy++) {
                            for (int dx = 0; dx < k; dx++) max = Math.max(max, x[(c * in.height() + oy * k + dy) * in.width() + ox * k + dx]);
                        }
                        y[(c * out.height() + oy) * out.width() + ox] = max;
                    }
                }
            }
        }

        /** erf to 1e-15 by its Maclaurin series (|z| small here) or the continued fraction's complement. */
        private static double erf(double z) {
            if (Math.abs(z) > 3) return Math.signum(z) * (1 - erfcLarge(Math.abs(z)));
            double sum = 0, term = z;
            for (int k = 0; k < 200; k++) {
                sum += term / (2 * k + 1);
                term *= -z * z / (k + 1);
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }

        private static double erfcLarge(double z) {
            double fraction = 0;
            for (int k = 60; k >= 1; k--) fraction = k / 2.0 / (z + fraction);
            return Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + fraction);
        }
    }

    static Matrix random(int rows, int cols, Random random) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data().length; i++) m.data()[i] = (float) random.nextGaussian();
        return m;
    }

    private static double[][] rows(double[] flat, int n) {
        double[][] x = new double[n][];
        int size = flat.length / n;
        for (int s = 0; s < n; s++) x[s] = java.util.Arrays.copyOfRange(flat, s * size, (s + 1) * size);
        return x;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }

    private static double dot(double[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }
}
