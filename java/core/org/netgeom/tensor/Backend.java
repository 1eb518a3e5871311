package org.netgeom.tensor;

/**
 * Everything training and the measurements compute, on one kind of hardware. Implementations:
 * {@code backend.cpu.CpuBackend} (EJML + Vector API, the reference) and
 * {@code backend.cuda.CudaBackend} (our kernels + cuBLAS).
 *
 * <p>Conventions, shared by every implementation:
 * <ul>
 *   <li>Outputs are passed in; no operation allocates (except allocate/upload/download).</li>
 *   <li>Shapes are checked and a mismatch throws {@link ShapeMismatchException} naming both.</li>
 *   <li>Operations may run asynchronously (CUDA): only {@link #download}, {@link #sumAll},
 *       {@link #choleskySolve} and {@link #synchronize} wait for the device. So a training
 *       step reads nothing back; loss and accuracy accumulate in a device-side stats matrix.</li>
 *   <li>Class labels are stored as float32 class indices (exact below 2^24); row indices for
 *       {@link #gatherRows} likewise.</li>
 *   <li>Sums accumulate in float64 where docs/methods or conditioning asks (reductions,
 *       stats).</li>
 * </ul>
 */
public interface Backend extends AutoCloseable {

    /** "cpu" or "cuda". */
    String name();

    /** Human-readable device, e.g. "2-core x86_64 CPU" or "NVIDIA H100 80GB HBM3 (sm_90)". */
    String deviceDescription();

    /** The host binding that drives the device ("panama", "jcuda"), or "none" on the CPU: for provenance. */
    default String bindingName() { return "none"; }

    // ---- memory ------------------------------------------------------------------------

    /** A zero-filled rows x cols matrix owned by the caller (close it, or adopt it into a {@link MemoryScope}). */
    DeviceMatrix allocate(int rows, int cols);

    /** A new device copy of {@code host}. */
    default DeviceMatrix upload(Matrix host) {
        DeviceMatrix m = allocate(host.rows(), host.cols());
        upload(host, m);
        return m;
    }

    /** Copies {@code host} into the existing {@code target} (same shape). */
    void upload(Matrix host, DeviceMatrix target);

    /** A new host copy of {@code source} (waits for pending work). */
    Matrix download(DeviceMatrix source);

    /** Copies {@code source} into {@code target} on the device (same number of elements). */
    void copy(DeviceMatrix source, DeviceMatrix target);

    /**
     * A rows x cols view of {@code base}'s elements [offset, offset + rows * cols) in row-major
     * order; writes through the view change {@code base}. Used for the flat parameter vector.
     */
    DeviceMatrix view(DeviceMatrix base, long offset, int rows, int cols);

    /** Bytes of matrix memory currently owned (views excluded): a leak shows as growth. */
    long liveBytes();

    /** Waits until all queued work is done; rethrows any asynchronous error. */
    void synchronize();

    // ---- dense linear algebra -----------------------------------------------------------

    /** c = alpha * op(a) * op(b) + beta * c, op(x) = x or x^T. With beta = 0, c's old values (even NaN) are ignored. */
    void gemm(boolean transposeA, boolean transposeB, float alpha, DeviceMatrix a, DeviceMatrix b,
              float beta, DeviceMatrix c);

    /**
     * Solves s x = r for symmetric positive-definite s (n x n) by Cholesky, in float64;
     * r (n x k) is overwritten by x and s by its factor. Throws {@link InvalidInputException}
     * when s is not positive definite (suggesting a larger ridge penalty).
     */
    void choleskySolve(DeviceMatrix spd, DeviceMatrix rhs);

    // ---- layers -------------------------------------------------------------------------

    /**
     * Fused bias + activation: preactivation[i, j] += bias[0, j] (kept, the backward pass
     * needs it), then output = activation(preactivation). {@code output} may be the same
     * matrix as {@code preactivation} only for IDENTITY.
     */
    void biasActivation(DeviceMatrix preactivation, DeviceMatrix bias, Activation activation, DeviceMatrix output);

    /** output = activation(input) element-wise; output may be input. */
    void activation(Activation activation, DeviceMatrix input, DeviceMatrix output);

    /** gradPreactivation = gradOutput * activation'(preactivation), element-wise; gradPreactivation may be gradOutput. */
    void activationBackward(Activation activation, DeviceMatrix preactivation, DeviceMatrix gradOutput,
                            DeviceMatrix gradPreactivation);

    // ---- losses -------------------------------------------------------------------------

    /** probabilities = row-wise softmax(logits), computed stably (max subtracted). */
    void softmax(DeviceMatrix logits, DeviceMatrix probabilities);

    /**
     * Softmax cross-entropy against class indices {@code labels} (n x 1).
     * stats (1 x 2) accumulates: stats[0] += sum of per-row losses, stats[1] += number of rows
     * whose argmax equals the label (ties: lowest index). If {@code gradLogits} is not null it
     * receives (softmax(logits) - onehot(label)) * gradScale. Labels outside [0, cols) are an
     * error (checked on upload by the data layer; kernels treat them as loss NaN).
     */
    void softmaxCrossEntropy(DeviceMatrix logits, DeviceMatrix labels, DeviceMatrix gradLogits, float gradScale,
                             DeviceMatrix stats);

    /**
     * Squared error against targets of the same shape. stats (1 x 2) accumulates:
     * stats[0] += sum of squared differences, stats[1] += rows predicted right, meaning the
     * sign agrees (one column) or the argmax agrees (several columns). If {@code gradPrediction}
     * is not null it receives 2 * (prediction - target) * gradScale.
     */
    void squaredError(DeviceMatrix prediction, DeviceMatrix targets, DeviceMatrix gradPrediction, float gradScale,
                      DeviceMatrix stats);

    // ---- reductions and element-wise ----------------------------------------------------

    /** out (1 x cols) = alpha * (sum over rows of m) + beta * out. Bias gradients use it. */
    void sumColumns(DeviceMatrix m, float alpha, float beta, DeviceMatrix out);

    /** out (rows x 1) = sum over columns of m. */
    void sumRows(DeviceMatrix m, DeviceMatrix out);

    /** Sum of all elements in float64 (waits for the device). */
    double sumAll(DeviceMatrix m);

    /** y += alpha * x (same number of elements). */
    void axpy(float alpha, DeviceMatrix x, DeviceMatrix y);

    /** x *= alpha. */
    void scale(float alpha, DeviceMatrix x);

    /** Every element of m set to value. */
    void fill(DeviceMatrix m, float value);

    /** out = a * b element-wise; out may alias a or b. */
    void multiply(DeviceMatrix a, DeviceMatrix b, DeviceMatrix out);

    /** out = alpha * a + beta * b element-wise; out may alias a or b. */
    void addScaled(float alpha, DeviceMatrix a, float beta, DeviceMatrix b, DeviceMatrix out);

    /**
     * out[r, :] = source[indices[offset + r], :] for r in [0, out.rows); indices is a 1 x n or
     * n x 1 matrix of row numbers. Gathers a shuffled mini-batch from a device-resident set.
     */
    void gatherRows(DeviceMatrix source, DeviceMatrix indices, int offset, DeviceMatrix out);

    // ---- optimizers (fused over the flat parameter vector) -------------------------------

    /**
     * SGD with optional momentum, Nesterov and L2 weight decay, as torch.optim.SGD:
     * g = grad + weightDecay * param; if momentum != 0: velocity = momentum * velocity + g,
     * g = nesterov ? g + momentum * velocity : velocity; param -= lr * g.
     * (PyTorch skips dampening and initializes the first velocity to g; we start velocity at
     * zero, which gives the same first step.)
     */
    void sgdUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix velocity, float learningRate,
                   float momentum, boolean nesterov, float weightDecay);

    /**
     * Adam / AdamW as torch.optim: step t >= 1; decoupled = true is AdamW (param *= 1 - lr * wd),
     * false is Adam's L2 (g += wd * param). m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * param -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
     */
    void adamUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix firstMoment, DeviceMatrix secondMoment,
                    float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                    boolean decoupled, int step);

    // ---- random numbers (Philox4x32-10, identical on every backend; see Philox) ----------

    /** Uniform in [low, high) from Philox stream (seed, stream), element i using counter i. */
    void fillUniform(DeviceMatrix m, long seed, long stream, float low, float high);

    /** Normal(mean, std) from Philox stream (seed, stream) by Box-Muller; see {@link Philox#normal}. */
    void fillNormal(DeviceMatrix m, long seed, long stream, float mean, float std);

    // ---- symmetry breakers: dropout and batch normalization -----------------------------

    /**
     * Inverted-dropout mask: mask[i] = 1 / (1 - rate) where u_i >= rate, else 0, with u_i the
     * element i of Philox uniform [0, 1) stream (seed, stream). rate in [0, 1).
     */
    void dropoutMask(DeviceMatrix mask, long seed, long stream, float rate);

    /**
     * Batch normalization, training mode, each column a feature over the n rows (n >= 1):
     * mean and biased variance per column (float64 sums); invStd = 1 / sqrt(var + epsilon);
     * normalized = (x - mean) * invStd; y = gamma * normalized + beta. Shapes: x, normalized,
     * y n x c; gamma, beta, batchMean, batchVariance, invStd 1 x c.
     */
    void batchNormForward(DeviceMatrix x, DeviceMatrix gamma, DeviceMatrix beta, float epsilon, DeviceMatrix normalized,
                          DeviceMatrix y, DeviceMatrix batchMean, DeviceMatrix batchVariance, DeviceMatrix invStd);

    /** Batch normalization, inference mode: y = gamma * (x - runningMean) / sqrt(runningVariance + epsilon) + beta. */
    void batchNormInference(DeviceMatrix x, DeviceMatrix gamma, DeviceMatrix beta, DeviceMatrix runningMean,
                            DeviceMatrix runningVariance, float epsilon, DeviceMatrix y);

    /**
     * Backward of {@link #batchNormForward}: gradGamma = colsum(gradY * normalized), gradBeta =
     * colsum(gradY), gradX = gamma * invStd / n * (n gradY - gradBeta - normalized * gradGamma).
     * gradX may be gradY.
     */
    void batchNormBackward(DeviceMatrix gradY, DeviceMatrix normalized, DeviceMatrix gamma, DeviceMatrix invStd,
                           DeviceMatrix gradX, DeviceMatrix gradGamma, DeviceMatrix gradBeta);

    // ---- measurements -------------------------------------------------------------------

    /**
     * The single-coordinate flips of each point (docs/methods/bmd.md, Monte Carlo estimator), as
     * one block of d + 1 rows per point: for point p (row p of {@code points}, count x d) and
     * centre c, out[p (d + 1), :] = x_p and out[p (d + 1) + 1 + i, :] = x_p with x_i replaced by
     * 2 c_i - x_i. {@code centres} is a 1 x d row, or null for the centre 0 (x_i becomes -x_i).
     * out is count (d + 1) x d. One pass that writes each flipped row once, so a model call can
     * carry thousands of flips without a host-side pattern of that size.
     */
    void flipBlocks(DeviceMatrix points, DeviceMatrix centres, DeviceMatrix out);

    /**
     * Each flip's contribution to the influences (docs/methods/bmd.md, Monte Carlo estimator):
     * for read-out values laid out as {@link #flipBlocks} lays out inputs ({@code values},
     * count (d + 1) x w),
     * influence[p, i] = sum_k (values[p (d + 1), k] - values[p (d + 1) + 1 + i, k])^2 / 4
     * (count x d). The estimator then reads back d numbers per point instead of (d + 1) w.
     */
    void flipInfluence(DeviceMatrix values, DeviceMatrix influence);

    /**
     * Bhattacharyya distances between two sets of prediction points (docs/methods/trajectory.md,
     * Bhattacharyya distance). Row i of {@code sqrtA} (ka x classes * samples) holds point i's
     * square-rooted class probabilities class-major: element {@code c * samples + s} is
     * sqrt(P_i[s, c]); likewise {@code sqrtB} (kb rows, same columns). out (ka x kb) receives
     * d(i, j) = -(1/samples) sum_s log(max(sum_c sqrtA[i, c*samples+s] * sqrtB[j, c*samples+s], floor)),
     * the inner sums in float32 and the sum over samples in float64. {@code floor} > 0 keeps
     * distances to one-hot rows finite (a sample whose coefficient is 0 adds -log(floor) / samples).
     */
    void bhattacharyyaDistances(DeviceMatrix sqrtA, DeviceMatrix sqrtB, int classes, float floor, DeviceMatrix out);

    @Override
    void close();
}
