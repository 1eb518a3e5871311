package org.netgeom.nn;

import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;

/**
 * Batch normalization of one hidden layer: gamma and beta are views into the MLP's flat
 * parameters (and gradients); running statistics are buffers, updated in training mode as
 * PyTorch does (momentum 0.1, unbiased batch variance) and used in inference mode.
 */
final class BatchNormLayer implements AutoCloseable {
    private final Backend backend;
    final DeviceMatrix gamma, beta, gradGamma, gradBeta;
    final DeviceMatrix runningMean, runningVariance;
    private final DeviceMatrix batchMean, batchVariance, invStd;
    /** A 1 x width row of zeros: mean and shift of the inference-mode input gradient. */
    private final DeviceMatrix zeros;
    private final Workspace normalized, outputs;
    private DeviceMatrix lastNormalized;
    /**
     * -1: running statistics follow PyTorch's momentum 0.1; k >= 0: they are the plain average of
     * the k training batches seen since {@link #restartAverage} (PyTorch's momentum=None).
     */
    private long averagedBatches = -1;
    private boolean lastTraining;

    BatchNormLayer(Backend backend, DeviceMatrix parameters, DeviceMatrix gradients, long offset, int width) {
        this.backend = backend;
        gamma = backend.view(parameters, offset, 1, width);
        beta = backend.view(parameters, offset + width, 1, width);
        gradGamma = backend.view(gradients, offset, 1, width);
        gradBeta = backend.view(gradients, offset + width, 1, width);
        runningMean = backend.allocate(1, width);
        runningVariance = backend.allocate(1, width);
        backend.fill(runningVariance, 1f);
        batchMean = backend.allocate(1, width);
        batchVariance = backend.allocate(1, width);
        invStd = backend.allocate(1, width);
        zeros = backend.allocate(1, width);
        normalized = new Workspace(backend, width);
        outputs = new Workspace(backend, width);
    }

    /** gamma = 1, beta = 0 (PyTorch's start). */
    void reset() {
        backend.fill(gamma, 1f);
        backend.fill(beta, 0f);
    }

    /** The normalized preactivation (a workspace matrix) for {@code z}. */
    DeviceMatrix forward(DeviceMatrix z, boolean training) {
        DeviceMatrix y = outputs.rows(z.rows());
        lastTraining = training;
        if (!training) {
            backend.batchNormInference(z, gamma, beta, runningMean, runningVariance, MlpOptions.BATCH_NORM_EPSILON, y);
            return y;
        }
        DeviceMatrix xhat = normalized.rows(z.rows());
        backend.batchNormForward(z, gamma, beta, MlpOptions.BATCH_NORM_EPSILON, xhat, y, batchMean, batchVariance, invStd);
        float momentum = averagedBatches < 0 ? MlpOptions.BATCH_NORM_MOMENTUM : 1f / ++averagedBatches;
        int n = z.rows();
        float unbiased = n > 1 ? n / (float) (n - 1) : 1f;
        backend.addScaled(1 - momentum, runningMean, momentum, batchMean, runningMean);
        backend.addScaled(1 - momentum, runningVariance, momentum * unbiased, batchVariance, runningVariance);
        lastNormalized = xhat;
        return y;
    }

    /** gradient with respect to the output -> with respect to the input, in place; fills gradGamma, gradBeta. */
    void backward(DeviceMatrix gradient) {
        backend.batchNormBackward(gradient, lastNormalized, gamma, invStd, gradient, gradGamma, gradBeta);
    }

    /**
     * Running mean 0 and variance 1 (PyTorch's reset_running_stats), and from now on the running
     * statistics are the cumulative average of the training batches (momentum=None): what
     * recomputing the statistics of an interpolated model needs (docs/methods/star.md).
     */
    void restartAverage() {
        backend.fill(runningMean, 0f);
        backend.fill(runningVariance, 1f);
        averagedBatches = 0;
    }

    /**
     * gradient with respect to the output -> with respect to the input, in place, for the last
     * forward: after an inference-mode forward the layer is the affine map
     * y = gamma (x - runningMean) / sqrt(runningVariance + eps) + beta, whose input gradient is
     * gamma / sqrt(runningVariance + eps) times the output gradient (the inference kernel with mean
     * and shift 0); after a training-mode forward, {@link #backward} (which also fills gradGamma, gradBeta).
     */
    void inputBackward(DeviceMatrix gradient) {
        if (lastTraining) {
            backward(gradient);
            return;
        }
        backend.batchNormInference(gradient, gamma, zeros, zeros, runningVariance, MlpOptions.BATCH_NORM_EPSILON, gradient);
    }

    void loadRunningStatistics(Matrix mean, Matrix variance) {
        backend.upload(mean, runningMean);
        backend.upload(variance, runningVariance);
    }

    @Override
    public void close() {
        normalized.close();
        outputs.close();
        invStd.close();
        zeros.close();
        batchVariance.close();
        batchMean.close();
        runningVariance.close();
        runningMean.close();
    }
}
