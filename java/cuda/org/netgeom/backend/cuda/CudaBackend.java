package org.netgeom.backend.cuda;

import org.netgeom.backend.cpu.CholeskySolver;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.ConvolutionGeometry;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.DeviceTiming;
import org.netgeom.tensor.ImageOps;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.PoolGeometry;
import org.netgeom.tensor.ShapeMismatchException;
import org.netgeom.tensor.Shapes;

/**
 * The CUDA backend: our kernels (cuda/*.cu) and cuBLAS through a {@link CudaApi}. All work is
 * queued on one stream; only download, sumAll, choleskySolve and synchronize wait for it. This
 * class owns the device memory, the stream and cuBLAS, and checks that every matrix is its own;
 * the kernels are launched beside it, one class per kernel file as in the CPU backend:
 * {@link CudaElementwiseOps}, {@link CudaLossOps}, {@link CudaOptimizerOps}, {@link CudaRandomOps},
 * {@link CudaBatchNorm}, {@link CudaBhattacharyyaOps} and {@link CudaImageOps} (cuda/images.cu),
 * whose {@link ImageOps} let it train convolutional networks.
 */
public final class CudaBackend implements Backend, ImageOps, DeviceTiming {
    private final CudaApi api;
    private final Kernels kernels;
    private final CudaElementwiseOps elementwise;
    private final CudaLossOps losses;
    private final CudaOptimizerOps optimizers;
    private final CudaRandomOps random;
    private final CudaImageOps imageOps;
    private final CudaBatchNorm batchNorm;
    private final CudaBhattacharyyaOps bhattacharyya;
    private final long sumScratch;
    private final DeviceMemoryCache memory;
    private long liveBytes;
    private boolean closed;

    /** Takes ownership of {@code api}: closing the backend closes it. */
    public CudaBackend(CudaApi api) {
        this.api = api;
        try {
            this.kernels = new Kernels(api);
            this.elementwise = new CudaElementwiseOps(kernels);
            this.losses = new CudaLossOps(kernels);
            this.optimizers = new CudaOptimizerOps(kernels);
            this.random = new CudaRandomOps(kernels);
            this.imageOps = new CudaImageOps(kernels);
            this.batchNorm = new CudaBatchNorm(this, kernels);
            this.bhattacharyya = new CudaBhattacharyyaOps(this, kernels);
            this.sumScratch = api.malloc(8);
            this.memory = new DeviceMemoryCache(api);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    public CudaApi api() { return api; }

    /** CUDA events recorded on the stream before and after {@code work}; waits for the second. */
    @Override
    public double deviceMillis(Runnable work) {
        long start = api.createEvent(), end = api.createEvent();
        try {
            api.recordEvent(start);
            work.run();
            api.recordEvent(end);
            return api.elapsedMillis(start, end);
        } finally {
            api.destroyEvent(start);
            api.destroyEvent(end);
        }
    }

    @Override public String name() { return "cuda"; }

    @Override public String bindingName() { return api.bindingName(); }

    @Override
    public String deviceDescription() {
        DeviceProperties d = api.device();
        return d.name() + " (sm_" + d.computeMajor() + d.computeMinor() + ", " + (d.totalMemoryBytes() >> 20) + " MiB, "
                + api.bindingName() + ")";
    }

    // ---- memory ----

    @Override
    public DeviceMatrix allocate(int rows, int cols) {
        long elements = (long) rows * cols;
        if (rows < 0 || cols < 0) throw new ShapeMismatchException("matrix shape must be non-negative, got " + rows + "x" + cols);
        long pointer = memory.allocate(4L * elements);
        liveBytes += 4L * elements;
        CudaMatrix m = new CudaMatrix(this, null, pointer, 0, rows, cols);
        if (elements > 0) api.memsetD32(pointer, 0, elements);
        return m;
    }

    void release(CudaMatrix matrix, long pointer) {
        liveBytes -= 4L * matrix.size();
        if (!closed) memory.release(pointer, 4L * matrix.size());
    }

    /** Returns cached free blocks to the driver (see {@link DeviceMemoryCache}); tests that read the driver's free memory call it. */
    public void releaseCachedMemory() { memory.trim(); }

    @Override
    public void upload(Matrix host, DeviceMatrix target) {
        CudaMatrix t = cuda(target);
        Shapes.requireUploadShapes(host, t);
        if (host.size() > 0) api.copyHostToDevice(t.pointer(), host.data(), 0, host.size());
    }

    @Override
    public Matrix download(DeviceMatrix source) {
        CudaMatrix s = cuda(source);
        Matrix m = new Matrix(s.rows(), s.cols());
        synchronize();
        if (m.size() > 0) api.copyDeviceToHost(m.data(), 0, s.pointer(), m.size());
        return m;
    }

    @Override
    public void copy(DeviceMatrix source, DeviceMatrix target) {
        CudaMatrix s = cuda(source), t = cuda(target);
        Shapes.requireCopyShapes(s, t);
        if (s.size() > 0) api.copyDeviceToDevice(t.pointer(), s.pointer(), 4L * s.size());
    }

    @Override
    public DeviceMatrix view(DeviceMatrix base, long offset, int rows, int cols) {
        CudaMatrix b = cuda(base);
        Shapes.requireViewFits(b, offset, rows, cols);
        CudaMatrix owner = b.owner();
        return new CudaMatrix(this, owner, b.pointer() - 4L * b.elementOffset(), b.elementOffset() + offset, rows, cols);
    }

    @Override public long liveBytes() { return liveBytes; }

    @Override
    public void synchronize() {
        try {
            api.synchronize();
            kernels.forgetRecent();
        } catch (CudaException e) {
            throw new CudaException(e.call(), e.status(), e.errorName(), "raised by one of the kernels launched since the "
                    + "last synchronization: " + kernels.recentKernels());
        }
    }

    // ---- linear algebra ----

    @Override
    public void gemm(boolean transposeA, boolean transposeB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta,
                     DeviceMatrix c) {
        CudaMatrix ma = cuda(a), mb = cuda(b), mc = cuda(c);
        int[] mnk = Shapes.gemmDimensions(transposeA, transposeB, ma, mb, mc);
        int m = mnk[0], n = mnk[1], k = mnk[2];
        if (m == 0 || n == 0) return;
        // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T; a row-major matrix is
        // its own transpose in column-major with the same leading dimension (its column count).
        api.sgemm(transposeB, transposeA, n, m, k, alpha, mb.pointer(), Math.max(1, mb.cols()), ma.pointer(),
                Math.max(1, ma.cols()), beta, mc.pointer(), Math.max(1, mc.cols()));
    }

    /** One-shot ridge solves need float64, which this backend does on the host (download, solve, upload). */
    @Override
    public void choleskySolve(DeviceMatrix spd, DeviceMatrix rhs) {
        CudaMatrix s = cuda(spd), r = cuda(rhs);
        Shapes.requireCholeskyShapes(s, r);
        Matrix system = download(s), right = download(r);
        CholeskySolver.Solution solution = CholeskySolver.solveWithFactor(system.data(), s.rows(), right.data(), r.cols());
        upload(new Matrix(r.rows(), r.cols(), solution.x()), r);
        upload(new Matrix(s.rows(), s.cols(), solution.factor()), s);
    }

    // ---- layers ----

    @Override
    public void biasActivation(DeviceMatrix preactivation, DeviceMatrix bias, Activation activation, DeviceMatrix output) {
        elementwise.biasActivation(cuda(preactivation), cuda(bias), activation, cuda(output));
    }

    @Override
    public void activation(Activation activation, DeviceMatrix input, DeviceMatrix output) {
        elementwise.activation(activation, cuda(input), cuda(output));
    }

    @Override
    public void activationBackward(Activation activation, DeviceMatrix preactivation, DeviceMatrix gradOutput,
                                   DeviceMatrix gradPreactivation) {
        elementwise.activationBackward(activation, cuda(preactivation), cuda(gradOutput), cuda(gradPreactivation));
    }

    // ---- losses ----

    @Override
    public void softmax(DeviceMatrix logits, DeviceMatrix probabilities) {
        losses.softmax(cuda(logits), cuda(probabilities));
    }

    @Override
    public void softmaxCrossEntropy(DeviceMatrix logits, DeviceMatrix labels, DeviceMatrix gradLogits, float gradScale,
                                    DeviceMatrix stats) {
        CudaMatrix l = cuda(logits), y = cuda(labels), st = cuda(stats);
        losses.softmaxCrossEntropy(l, y, gradLogits == null ? null : cuda(gradLogits), gradScale, st);
    }

    @Override
    public void squaredError(DeviceMatrix prediction, DeviceMatrix targets, DeviceMatrix gradPrediction, float gradScale,
                             DeviceMatrix stats) {
        CudaMatrix p = cuda(prediction), t = cuda(targets), st = cuda(stats);
        losses.squaredError(p, t, gradPrediction == null ? null : cuda(gradPrediction), gradScale, st);
    }

    // ---- reductions and element-wise ----

    @Override
    public void sumColumns(DeviceMatrix m, float alpha, float beta, DeviceMatrix out) {
        elementwise.sumColumns(cuda(m), alpha, beta, cuda(out));
    }

    @Override
    public void sumRows(DeviceMatrix m, DeviceMatrix out) {
        elementwise.sumRows(cuda(m), cuda(out));
    }

    @Override
    public double sumAll(DeviceMatrix m) {
        CudaMatrix a = cuda(m);
        api.memsetD32(sumScratch, 0, 2);
        kernels.launchElements("sum_all", a.size(), new KernelArgs().pointer(a.pointer()).i64(a.size()).pointer(sumScratch));
        float[] halves = new float[2];
        synchronize();
        api.copyDeviceToHost(halves, 0, sumScratch, 2);
        long bits = (Float.floatToRawIntBits(halves[0]) & 0xFFFFFFFFL) | ((long) Float.floatToRawIntBits(halves[1]) << 32);
        return Double.longBitsToDouble(bits);
    }

    @Override
    public void axpy(float alpha, DeviceMatrix x, DeviceMatrix y) {
        elementwise.axpy(alpha, cuda(x), cuda(y));
    }

    @Override
    public void scale(float alpha, DeviceMatrix x) {
        elementwise.scale(alpha, cuda(x));
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        CudaMatrix a = cuda(m);
        if (a.size() > 0) api.memsetD32(a.pointer(), Float.floatToRawIntBits(value), a.size());
    }

    @Override
    public void multiply(DeviceMatrix a, DeviceMatrix b, DeviceMatrix out) {
        elementwise.multiply(cuda(a), cuda(b), cuda(out));
    }

    @Override
    public void addScaled(float alpha, DeviceMatrix a, float beta, DeviceMatrix b, DeviceMatrix out) {
        elementwise.addScaled(alpha, cuda(a), beta, cuda(b), cuda(out));
    }

    @Override
    public void gatherRows(DeviceMatrix source, DeviceMatrix indices, int offset, DeviceMatrix out) {
        elementwise.gatherRows(cuda(source), cuda(indices), offset, cuda(out));
    }

    @Override
    public void flipBlocks(DeviceMatrix points, DeviceMatrix centres, DeviceMatrix out) {
        CudaMatrix x = cuda(points), o = cuda(out);
        elementwise.flipBlocks(x, centres == null ? null : cuda(centres), o);
    }

    @Override
    public void flipInfluence(DeviceMatrix values, DeviceMatrix influence) {
        elementwise.flipInfluence(cuda(values), cuda(influence));
    }

    // ---- optimizers ----

    @Override
    public void sgdUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix velocity, float learningRate,
                          float momentum, boolean nesterov, float weightDecay) {
        CudaMatrix p = cuda(params), g = cuda(grads);
        CudaMatrix mv = momentum == 0 || velocity == null ? null : cuda(velocity);
        optimizers.sgdUpdate(p, g, mv, learningRate, momentum, nesterov, weightDecay);
    }

    @Override
    public void adamUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix firstMoment, DeviceMatrix secondMoment,
                           float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                           boolean decoupled, int step) {
        optimizers.adamUpdate(cuda(params), cuda(grads), cuda(firstMoment), cuda(secondMoment), learningRate, beta1, beta2, epsilon,
                weightDecay, decoupled, step);
    }

    // ---- random ----

    @Override
    public void fillUniform(DeviceMatrix m, long seed, long stream, float low, float high) {
        random.fillUniform(cuda(m), seed, stream, low, high);
    }

    @Override
    public void fillNormal(DeviceMatrix m, long seed, long stream, float mean, float std) {
        random.fillNormal(cuda(m), seed, stream, mean, std);
    }

    // ---- dropout and batch normalization ----

    @Override
    public void dropoutMask(DeviceMatrix mask, long seed, long stream, float rate) {
        if (!(rate >= 0 && rate < 1)) throw new org.netgeom.tensor.InvalidInputException("dropout rate must be in [0, 1), got " + rate);
        random.dropoutMask(cuda(mask), seed, stream, rate);
    }

    @Override
    public void batchNormForward(DeviceMatrix x, DeviceMatrix gamma, DeviceMatrix beta, float epsilon, DeviceMatrix normalized,
                                 DeviceMatrix y, DeviceMatrix batchMean, DeviceMatrix batchVariance, DeviceMatrix invStd) {
        Shapes.requireBatchNormForwardShapes(x, gamma, beta, normalized, y, batchMean, batchVariance, invStd);
        batchNorm.forward(cuda(x), cuda(gamma), cuda(beta), epsilon, cuda(normalized), cuda(y), cuda(batchMean),
                cuda(batchVariance), cuda(invStd));
    }

    @Override
    public void batchNormInference(DeviceMatrix x, DeviceMatrix gamma, DeviceMatrix beta, DeviceMatrix runningMean,
                                   DeviceMatrix runningVariance, float epsilon, DeviceMatrix y) {
        Shapes.requireBatchNormInferenceShapes(x, gamma, beta, runningMean, runningVariance, y);
        batchNorm.inference(cuda(x), cuda(gamma), cuda(beta), cuda(runningMean), cuda(runningVariance), epsilon, cuda(y));
    }

    @Override
    public void batchNormBackward(DeviceMatrix gradY, DeviceMatrix normalized, DeviceMatrix gamma, DeviceMatrix invStd,
                                  DeviceMatrix gradX, DeviceMatrix gradGamma, DeviceMatrix gradBeta) {
        Shapes.requireBatchNormBackwardShapes(gradY, normalized, gamma, invStd, gradX, gradGamma, gradBeta);
        batchNorm.backward(cuda(gradY), cuda(normalized), cuda(gamma), cuda(invStd), cuda(gradX), cuda(gradGamma), cuda(gradBeta));
    }

    // ---- image kernels (ImageOps) ----

    @Override
    public void im2col(ConvolutionGeometry geometry, DeviceMatrix images, int first, int count, DeviceMatrix columns) {
        imageOps.im2col(geometry, cuda(images), first, count, cuda(columns));
    }

    @Override
    public void col2im(ConvolutionGeometry geometry, DeviceMatrix columns, int first, int count, DeviceMatrix images) {
        imageOps.col2im(geometry, cuda(columns), first, count, cuda(images));
    }

    @Override
    public void channelsToSamples(DeviceMatrix channels, int positions, int first, int count, DeviceMatrix samples) {
        imageOps.channelsToSamples(cuda(channels), positions, first, count, cuda(samples));
    }

    @Override
    public void samplesToChannels(DeviceMatrix samples, int positions, int first, int count, DeviceMatrix channels) {
        imageOps.samplesToChannels(cuda(samples), positions, first, count, cuda(channels));
    }

    @Override
    public void toChannelsLast(DeviceMatrix samples, int positions, DeviceMatrix channelsLast) {
        imageOps.toChannelsLast(cuda(samples), positions, cuda(channelsLast));
    }

    @Override
    public void fromChannelsLast(DeviceMatrix channelsLast, int positions, DeviceMatrix samples) {
        imageOps.fromChannelsLast(cuda(channelsLast), positions, cuda(samples));
    }

    @Override
    public void maxPool(PoolGeometry geometry, DeviceMatrix input, DeviceMatrix output, DeviceMatrix argmax) {
        imageOps.maxPool(geometry, cuda(input), cuda(output), cuda(argmax));
    }

    @Override
    public void maxPoolBackward(PoolGeometry geometry, DeviceMatrix gradOutput, DeviceMatrix argmax, DeviceMatrix gradInput) {
        imageOps.maxPoolBackward(geometry, cuda(gradOutput), cuda(argmax), cuda(gradInput));
    }

    @Override
    public void averagePool(PoolGeometry geometry, DeviceMatrix input, DeviceMatrix output) {
        imageOps.averagePool(geometry, cuda(input), cuda(output));
    }

    @Override
    public void averagePoolBackward(PoolGeometry geometry, DeviceMatrix gradOutput, DeviceMatrix gradInput) {
        imageOps.averagePoolBackward(geometry, cuda(gradOutput), cuda(gradInput));
    }

    @Override
    public void cropFlip(ImageShape shape, int padding, DeviceMatrix images, DeviceMatrix draws, DeviceMatrix output) {
        imageOps.cropFlip(shape, padding, cuda(images), cuda(draws), cuda(output));
    }

    // ---- measurements ----

    @Override
    public void bhattacharyyaDistances(DeviceMatrix sqrtA, DeviceMatrix sqrtB, int classes, float floor, DeviceMatrix out) {
        bhattacharyya.distances(cuda(sqrtA), cuda(sqrtB), classes, floor, cuda(out));
    }

    @Override
    public void close() {
        if (closed) return;
        try {
            memory.trim();
            api.free(sumScratch);
        } finally {
            closed = true;
            api.close();
        }
    }

    // ---- checks ----

    private CudaMatrix cuda(DeviceMatrix m) {
        if (!(m instanceof CudaMatrix c) || c.backend() != this) {
            throw new IllegalArgumentException("matrix " + m + " belongs to another backend than this CUDA backend");
        }
        if (c.isClosed()) throw new IllegalStateException("matrix " + c.shape() + " was used after it was closed");
        if (closed) throw new IllegalStateException("CUDA backend used after close");
        return c;
    }
}
