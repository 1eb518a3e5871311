package org.netgeom.nn;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * How images of the data's shape become the network's input when the two differ: zero padding
 * around the image (the extra row or column of an odd difference at the bottom or right) and, from
 * one channel to several, the same image in every channel. That is how Fashion-MNIST (1 x 28 x 28)
 * feeds a CIFAR network (3 x 32 x 32): padded by 2 on each side, copied into three channels.
 *
 * <p>The model keeps the data's inputs ({@link ConvNet#inputDim()} is the data's size), so BMD
 * flips, attacks and input gradients act on the data's pixels, never on the padding. Computed
 * as one product with a 0/1 matrix [network size, data size] on the backend: each output is one
 * input times 1 plus zeros, so it is exact, and its adjoint (the transposed product) sums a
 * pixel's gradient over its copies.
 */
public record InputFit(ImageShape data, ImageShape network) {
    public InputFit {
        if (data.channels() != network.channels() && data.channels() != 1) {
            throw InvalidInputException.forField("inputShape", "{inputShape} " + network + " has " + network.channels()
                    + " channels; images of " + data + " can be copied into several channels only from one");
        }
        if (network.height() < data.height() || network.width() < data.width()) {
            throw InvalidInputException.forField("inputShape", "{inputShape} " + network + " is smaller than the data's images "
                    + data + ": images are padded to the network's size, never cropped");
        }
        if (!data.equals(network) && (long) data.size() * network.size() > MAX_MATRIX_ENTRIES) {
            throw InvalidInputException.forField("inputShape", "{inputShape} " + network + " from images of " + data
                    + " needs a " + network.size() + " x " + data.size() + " fit matrix, over " + MAX_MATRIX_ENTRIES
                    + " entries: pad the images beforehand (an .npy of the network's shape)");
        }
    }

    /** 64M float32 entries (256 MB): Fashion-MNIST to 3 x 32 x 32 needs 2.4M. */
    static final long MAX_MATRIX_ENTRIES = 1L << 26;

    /** Whether the data's images go in as they are. */
    public boolean identity() { return data.equals(network); }

    /** Rows of the network's pixels padded above (and, for an even difference, below). */
    public int top() { return (network.height() - data.height()) / 2; }

    /** Columns padded to the left. */
    public int left() { return (network.width() - data.width()) / 2; }

    /** The 0/1 matrix [network size, data size]: network pixel i copies data pixel j where it is 1. */
    Matrix matrix() {
        Matrix m = new Matrix(network.size(), data.size());
        for (int c = 0; c < network.channels(); c++) {
            int source = data.channels() == 1 ? 0 : c;
            for (int y = 0; y < data.height(); y++) {
                for (int x = 0; x < data.width(); x++) {
                    int to = (c * network.height() + y + top()) * network.width() + x + left();
                    m.set(to, (source * data.height() + y) * data.width() + x, 1f);
                }
            }
        }
        return m;
    }

    /** The fit on a backend: the matrix uploaded once, an output buffer grown to the largest batch. */
    static final class Applied implements AutoCloseable {
        private final Backend backend;
        private final DeviceMatrix matrix;
        private DeviceMatrix output, gradient; // grown to the largest batch seen; batches use their first rows

        Applied(Backend backend, InputFit fit) {
            this.backend = backend;
            this.matrix = backend.upload(fit.matrix());
        }

        /** inputs [N, data size] to [N, network size]. */
        DeviceMatrix forward(DeviceMatrix inputs) {
            if (output == null || output.rows() < inputs.rows()) output = regrow(output, inputs.rows(), matrix.rows());
            DeviceMatrix out = firstRows(output, inputs.rows());
            backend.gemm(false, true, 1f, inputs, matrix, 0f, out);
            return out;
        }

        /** The gradient with respect to the data's pixels from the one with respect to the network's input. */
        DeviceMatrix backward(DeviceMatrix gradNetworkInput) {
            int rows = gradNetworkInput.rows();
            if (gradient == null || gradient.rows() < rows) gradient = regrow(gradient, rows, matrix.cols());
            DeviceMatrix out = firstRows(gradient, rows);
            backend.gemm(false, false, 1f, gradNetworkInput, matrix, 0f, out);
            return out;
        }

        private DeviceMatrix regrow(DeviceMatrix old, int rows, int cols) {
            if (old != null) old.close();
            return backend.allocate(rows, cols);
        }

        private DeviceMatrix firstRows(DeviceMatrix full, int rows) {
            return rows == full.rows() ? full : backend.view(full, 0, rows, full.cols());
        }

        @Override
        public void close() {
            matrix.close();
            if (output != null) output.close();
            if (gradient != null) gradient.close();
        }
    }
}
