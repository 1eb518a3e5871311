package org.netgeom.tensor;

/**
 * The argument checks every backend makes before it computes, one method per {@link Backend}
 * operation, so that the CPU and CUDA backends accept and reject the same arguments with the same
 * words. A failure is a {@link ShapeMismatchException} whose message names the operation, the
 * operand and both shapes: "biasActivation: the bias (1x4) must be 1x5 to match the
 * preactivation 3x5".
 */
public final class Shapes {
    private Shapes() {}

    // ---- memory ----

    public static void requireUploadShapes(Matrix host, DeviceMatrix target) {
        if (target.rows() != host.rows() || target.cols() != host.cols()) {
            throw new ShapeMismatchException("upload: the target is " + target.shape() + " but must be " + host.shape()
                    + " to match the host matrix " + host.shape());
        }
    }

    public static void requireCopyShapes(DeviceMatrix source, DeviceMatrix target) {
        requireSameSize("copy", "the target", target, "the source", source);
    }

    /** A rows x cols view at {@code offset} elements must lie inside {@code base}. */
    public static void requireViewFits(DeviceMatrix base, long offset, int rows, int cols) {
        if (offset < 0 || rows < 0 || cols < 0 || offset + (long) rows * cols > base.size()) {
            throw new ShapeMismatchException("view: a " + rows + "x" + cols + " view at offset " + offset
                    + " does not fit in the base matrix " + base.shape() + " of " + base.size() + " elements");
        }
    }

    // ---- linear algebra ----

    /** {m, n, k} of c = op(a) op(b), checked: op(a) m x k, op(b) k x n, c m x n. */
    public static int[] gemmDimensions(boolean transposeA, boolean transposeB, DeviceMatrix a, DeviceMatrix b, DeviceMatrix c) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        String opA = "op(A) " + m + "x" + k + (transposeA ? " (A " + a.shape() + " transposed)" : "");
        String opB = "op(B) " + kb + "x" + n + (transposeB ? " (B " + b.shape() + " transposed)" : "");
        if (k != kb) {
            throw new ShapeMismatchException("gemm: " + opA + " has " + k + " columns but " + opB + " has " + kb
                    + " rows; they must be equal");
        }
        if (c.rows() != m || c.cols() != n) {
            throw new ShapeMismatchException("gemm: C is " + c.shape() + " but must be " + m + "x" + n + " to match " + opA
                    + " times " + opB);
        }
        return new int[] {m, n, k};
    }

    /** The system must be square, the right-hand side as tall as it. */
    public static void requireCholeskyShapes(DeviceMatrix system, DeviceMatrix rhs) {
        if (system.rows() != system.cols()) {
            throw new ShapeMismatchException("choleskySolve: the system is " + system.shape() + " but must be square");
        }
        if (rhs.rows() != system.rows()) {
            throw new ShapeMismatchException("choleskySolve: the right-hand side is " + rhs.shape() + " but must have "
                    + system.rows() + " rows to match the system " + system.shape());
        }
    }

    // ---- layers and losses ----

    public static void requireBiasActivationShapes(DeviceMatrix preactivation, DeviceMatrix bias, DeviceMatrix output) {
        requireShape("biasActivation", "the bias", bias, 1, preactivation.cols(), "the preactivation", preactivation);
        requireSameShape("biasActivation", "the output", output, "the preactivation", preactivation);
    }

    public static void requireActivationShapes(DeviceMatrix input, DeviceMatrix output) {
        requireSameShape("activation", "the output", output, "the input", input);
    }

    public static void requireActivationBackwardShapes(DeviceMatrix preactivation, DeviceMatrix gradOutput,
                                                       DeviceMatrix gradPreactivation) {
        requireSameShape("activationBackward", "the output gradient", gradOutput, "the preactivation", preactivation);
        requireSameShape("activationBackward", "the preactivation gradient", gradPreactivation, "the preactivation", preactivation);
    }

    public static void requireSoftmaxShapes(DeviceMatrix logits, DeviceMatrix probabilities) {
        requireSameShape("softmax", "the probabilities", probabilities, "the logits", logits);
    }

    /** labels n x 1 class indices, stats 1 x 2; gradLogits may be null. */
    public static void requireCrossEntropyShapes(DeviceMatrix logits, DeviceMatrix labels, DeviceMatrix gradLogits,
                                                 DeviceMatrix stats) {
        requireShape("softmaxCrossEntropy", "the labels", labels, logits.rows(), 1, "the logits", logits);
        requireStats("softmaxCrossEntropy", stats);
        if (gradLogits != null) requireSameShape("softmaxCrossEntropy", "the logit gradient", gradLogits, "the logits", logits);
    }

    /** targets as the prediction, stats 1 x 2; gradPrediction may be null. */
    public static void requireSquaredErrorShapes(DeviceMatrix prediction, DeviceMatrix targets, DeviceMatrix gradPrediction,
                                                 DeviceMatrix stats) {
        requireSameShape("squaredError", "the targets", targets, "the prediction", prediction);
        requireStats("squaredError", stats);
        if (gradPrediction != null) {
            requireSameShape("squaredError", "the prediction gradient", gradPrediction, "the prediction", prediction);
        }
    }

    private static void requireStats(String operation, DeviceMatrix stats) {
        requireShape(operation, "the loss stats", stats, 1, 2, null, null);
    }

    // ---- reductions and element-wise ----

    public static void requireSumColumnsShapes(DeviceMatrix m, DeviceMatrix out) {
        requireShape("sumColumns", "the output", out, 1, m.cols(), "the matrix", m);
    }

    public static void requireSumRowsShapes(DeviceMatrix m, DeviceMatrix out) {
        requireShape("sumRows", "the output", out, m.rows(), 1, "the matrix", m);
    }

    public static void requireAxpyShapes(DeviceMatrix x, DeviceMatrix y) {
        requireSameSize("axpy", "y", y, "x", x);
    }

    /** multiply and addScaled: b and out as many elements as a. */
    public static void requireElementwiseShapes(String operation, DeviceMatrix a, DeviceMatrix b, DeviceMatrix out) {
        requireSameSize(operation, "b", b, "a", a);
        requireSameSize(operation, "the output", out, "a", a);
    }

    /** indices a row or column vector holding rows [offset, offset + out.rows()), out as wide as source. */
    public static void requireGatherRowsShapes(DeviceMatrix source, DeviceMatrix indices, int offset, DeviceMatrix out) {
        if (out.cols() != source.cols()) {
            throw new ShapeMismatchException("gatherRows: the output is " + out.shape() + " but must have " + source.cols()
                    + " columns to match the source " + source.shape());
        }
        if (indices.rows() != 1 && indices.cols() != 1) {
            throw new ShapeMismatchException("gatherRows: the indices are " + indices.shape() + " but must be 1 x n or n x 1");
        }
        if (offset < 0 || (long) offset + out.rows() > indices.size()) {
            throw new ShapeMismatchException("gatherRows: indices [" + offset + ", " + ((long) offset + out.rows())
                    + ") are asked for an output " + out.shape() + ", but the indices " + indices.shape() + " hold "
                    + indices.size());
        }
    }

    // ---- optimizers ----

    /** grads as many elements as params; with momentum, a velocity of as many too. */
    public static void requireSgdShapes(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix velocity, float momentum) {
        requireSameSize("sgdUpdate", "the gradients", grads, "the parameters", params);
        if (momentum == 0) return;
        if (velocity == null) throw new IllegalArgumentException("sgdUpdate with momentum " + momentum + " needs a velocity buffer");
        requireSameSize("sgdUpdate", "the velocity", velocity, "the parameters", params);
    }

    public static void requireAdamShapes(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix firstMoment,
                                         DeviceMatrix secondMoment) {
        requireSameSize("adamUpdate", "the gradients", grads, "the parameters", params);
        requireSameSize("adamUpdate", "the first moment", firstMoment, "the parameters", params);
        requireSameSize("adamUpdate", "the second moment", secondMoment, "the parameters", params);
    }

    // ---- batch normalization ----

    public static void requireBatchNormForwardShapes(DeviceMatrix x, DeviceMatrix gamma, DeviceMatrix beta,
                                                     DeviceMatrix normalized, DeviceMatrix y, DeviceMatrix batchMean,
                                                     DeviceMatrix batchVariance, DeviceMatrix invStd) {
        String op = "batchNormForward";
        requireChannelVector(op, "gamma", gamma, x);
        requireChannelVector(op, "beta", beta, x);
        requireChannelVector(op, "the batch mean", batchMean, x);
        requireChannelVector(op, "the batch variance", batchVariance, x);
        requireChannelVector(op, "the inverse standard deviation", invStd, x);
        requireSameShape(op, "the normalized input", normalized, "the input", x);
        requireSameShape(op, "the output", y, "the input", x);
    }

    public static void requireBatchNormInferenceShapes(DeviceMatrix x, DeviceMatrix gamma, DeviceMatrix beta,
                                                       DeviceMatrix runningMean, DeviceMatrix runningVariance, DeviceMatrix y) {
        String op = "batchNormInference";
        requireChannelVector(op, "gamma", gamma, x);
        requireChannelVector(op, "beta", beta, x);
        requireChannelVector(op, "the running mean", runningMean, x);
        requireChannelVector(op, "the running variance", runningVariance, x);
        requireSameShape(op, "the output", y, "the input", x);
    }

    public static void requireBatchNormBackwardShapes(DeviceMatrix gradY, DeviceMatrix normalized, DeviceMatrix gamma,
                                                      DeviceMatrix invStd, DeviceMatrix gradX, DeviceMatrix gradGamma,
                                                      DeviceMatrix gradBeta) {
        String op = "batchNormBackward";
        requireChannelVector(op, "gamma", gamma, gradY);
        requireChannelVector(op, "the inverse standard deviation", invStd, gradY);
        requireChannelVector(op, "the gamma gradient", gradGamma, gradY);
        requireChannelVector(op, "the beta gradient", gradBeta, gradY);
        requireSameShape(op, "the normalized input", normalized, "the output gradient", gradY);
        requireSameShape(op, "the input gradient", gradX, "the output gradient", gradY);
    }

    /** A 1 x channels parameter or statistic of batch normalization over {@code input}'s columns. */
    private static void requireChannelVector(String operation, String operand, DeviceMatrix vector, DeviceMatrix input) {
        requireShape(operation, operand, vector, 1, input.cols(), "the channels of the input", input);
    }

    // ---- image kernels (ImageOps) ----

    /** images hold rows first .. first + count - 1 of C*H*W values; columns are [C*K*K, count * Ho*Wo]. */
    public static void requireColumnShapes(String operation, ConvolutionGeometry geometry, DeviceMatrix images, int first,
                                           int count, DeviceMatrix columns) {
        requireSamples(operation, images, geometry.imageSize(), first, count);
        requireImageShape(operation + " columns", columns, geometry.patchSize(), (long) count * geometry.outputPositions());
    }

    /** samples [N, C*P] with rows first .. first + count - 1 and channels [C, count * P]; returns C. */
    public static int requireChannelMajorShapes(String operation, DeviceMatrix channels, int positions, int first, int count,
                                                DeviceMatrix samples) {
        int c = wholeChannels(operation, samples, positions);
        requireSamples(operation, samples, samples.cols(), first, count);
        requireImageShape(operation + " channel-major matrix", channels, c, (long) count * positions);
        return c;
    }

    /** samples [N, C*P] and channelsLast [N*P, C]; returns C. */
    public static int requireChannelsLastShapes(String operation, DeviceMatrix samples, int positions, DeviceMatrix channelsLast) {
        int c = wholeChannels(operation, samples, positions);
        requireImageShape(operation + " channels-last matrix", channelsLast, (long) samples.rows() * positions, c);
        return c;
    }

    /** images [N, C*H*W] and pooled [N, C*Ho*Wo]; argmax (null for average pooling) as pooled. */
    public static void requirePoolShapes(String operation, PoolGeometry geometry, DeviceMatrix images, DeviceMatrix pooled,
                                         DeviceMatrix argmax) {
        if (images.cols() != geometry.imageSize() || pooled.cols() != geometry.outputSize() || images.rows() != pooled.rows()) {
            throw new ShapeMismatchException(operation + ": images " + images.shape() + " and pooled " + pooled.shape()
                    + " do not fit " + geometry.channels() + "x" + geometry.height() + "x" + geometry.width() + " pooled to "
                    + geometry.channels() + "x" + geometry.outputHeight() + "x" + geometry.outputWidth());
        }
        if (argmax != null) requireImageShape(operation + " argmax", argmax, pooled.rows(), pooled.cols());
    }

    /** images and output [N, C*H*W], draws [N, 3] (crop offsets and flip per sample), padding >= 0. */
    public static void requireCropFlipShapes(ImageShape shape, int padding, DeviceMatrix images, DeviceMatrix draws,
                                             DeviceMatrix output) {
        if (padding < 0) throw new IllegalArgumentException("cropFlip: padding must be >= 0, got " + padding);
        requireSamples("cropFlip", images, shape.size(), 0, images.rows());
        requireImageShape("cropFlip output", output, images.rows(), shape.size());
        requireImageShape("cropFlip draws", draws, images.rows(), 3);
    }

    private static int wholeChannels(String operation, DeviceMatrix samples, int positions) {
        if (positions < 1 || samples.cols() % positions != 0) {
            throw new ShapeMismatchException(operation + ": rows of " + samples.cols() + " values are not whole channels of "
                    + positions + " positions");
        }
        return samples.cols() / positions;
    }

    private static void requireSamples(String operation, DeviceMatrix images, int imageSize, int first, int count) {
        if (images.cols() != imageSize || first < 0 || count < 1 || (long) first + count > images.rows()) {
            throw new ShapeMismatchException(operation + ": images " + images.shape() + " must have " + imageSize
                    + " values per row and rows " + first + " .. " + (first + count - 1));
        }
    }

    private static void requireImageShape(String what, DeviceMatrix m, long rows, long cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new ShapeMismatchException(what + " must be " + rows + "x" + cols + ", got " + m.shape());
        }
    }

    // ---- measurements ----

    /** The shape rules of {@link Backend#bhattacharyyaDistances}. */
    public static void requireBhattacharyyaShapes(DeviceMatrix a, DeviceMatrix b, int classes, float floor, DeviceMatrix out) {
        if (classes < 1 || a.cols() % classes != 0) {
            throw new ShapeMismatchException("bhattacharyyaDistances: " + a.cols() + " columns are not a whole number of samples of "
                    + classes + " classes");
        }
        if (b.cols() != a.cols()) {
            throw new ShapeMismatchException("bhattacharyyaDistances: the points B are " + b.shape() + " but must have "
                    + a.cols() + " columns to match the points A " + a.shape());
        }
        requireShape("bhattacharyyaDistances", "the output", out, a.rows(), b.rows(), "the points A " + a.shape()
                + " and B", b);
        if (!(floor > 0) || !Float.isFinite(floor)) throw new IllegalArgumentException("the coefficient floor must be > 0, got " + floor);
    }

    /** points count x d, centres null or 1 x d, out count (d + 1) x d. */
    public static void requireFlipBlockShapes(DeviceMatrix points, DeviceMatrix centres, DeviceMatrix out) {
        int d = points.cols();
        if (centres != null && centres.size() != d) {
            throw new ShapeMismatchException("flipBlocks: the centres are " + centres.shape() + " but must hold " + d
                    + " values to match the points " + points.shape());
        }
        requireShape("flipBlocks", "the output", out, (int) Math.min(Integer.MAX_VALUE, (long) points.rows() * (d + 1)), d,
                "the points", points);
    }

    /** values count (d + 1) x w and influence count x d. */
    public static void requireFlipInfluenceShapes(DeviceMatrix values, DeviceMatrix influence) {
        int d = influence.cols();
        if ((long) influence.rows() * (d + 1) != values.rows()) {
            throw new ShapeMismatchException("flipInfluence: the read-out values are " + values.shape() + " but must have "
                    + (long) influence.rows() * (d + 1) + " rows (" + influence.rows() + " blocks of " + (d + 1)
                    + ") to match the influences " + influence.shape());
        }
    }

    // ---- the messages ----

    /** m must be rows x cols; the message names the operand it is measured against (none when reference is null). */
    private static void requireShape(String operation, String operand, DeviceMatrix m, int rows, int cols,
                                     String referenceName, DeviceMatrix reference) {
        if (m.rows() == rows && m.cols() == cols) return;
        throw new ShapeMismatchException(operation + ": " + operand + " (" + m.shape() + ") must be " + rows + "x" + cols
                + (reference == null ? "" : " to match " + referenceName + " " + reference.shape()));
    }

    private static void requireSameShape(String operation, String operand, DeviceMatrix m, String referenceName,
                                         DeviceMatrix reference) {
        requireShape(operation, operand, m, reference.rows(), reference.cols(), referenceName, reference);
    }

    /** Element-wise operations read both as flat arrays, so only the element counts must agree. */
    private static void requireSameSize(String operation, String operand, DeviceMatrix m, String referenceName,
                                        DeviceMatrix reference) {
        if (m.size() == reference.size()) return;
        throw new ShapeMismatchException(operation + ": " + operand + " (" + m.shape() + ", " + m.size()
                + " elements) must have the " + reference.size() + " elements of " + referenceName + " " + reference.shape());
    }
}
