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
 * queued on one stream; only download, sumAll, choleskySolve and synchronize wait for it. Its
 * {@link ImageOps} (cuda/images.cu, {@link CudaImageOps}) let it train convolutional networks.
 */
public final class CudaBackend implements Backend, ImageOps, DeviceTiming {
    /** Blocks per multiprocessor the Bhattacharyya launch aims for: 2 resident (up to 128 registers) x 4 waves. */
    private static final int BHATTACHARYYA_BLOCKS_PER_SM = 8;
    /** Upper bound of the Bhattacharyya kernel's float64 partial sums. */
    private static final long PARTIAL_BYTES = 256L << 20;

    private static final int ROWS_PER_BLOCK = 8;

    private final CudaApi api;
    private final Kernels kernels;
    private final CudaImageOps imageOps;
    private final CudaBatchNorm batchNorm;
    private final long sumScratch;
    private final DeviceMemoryCache memory;
    private long liveBytes;
    private boolean closed;

    /** Takes ownership of {@code api}: closing the backend closes it. */
    public CudaBackend(CudaApi api) {
        this.api = api;
        try {
            this.kernels = new Kernels(api);
            this.imageOps = new CudaImageOps(kernels);
            this.batchNorm = new CudaBatchNorm(this, kernels);
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
        CudaMatrix z = cuda(preactivation), b = cuda(bias), out = cuda(output);
        Shapes.requireBiasActivationShapes(z, b, out);
        kernels.launchElements("bias_activation", z.size(), new KernelArgs().pointer(z.pointer()).pointer(b.pointer())
                .pointer(out.pointer()).i32(z.rows()).i32(z.cols()).i32(activation.ordinal()));
    }

    @Override
    public void activation(Activation activation, DeviceMatrix input, DeviceMatrix output) {
        CudaMatrix in = cuda(input), out = cuda(output);
        Shapes.requireActivationShapes(in, out);
        kernels.launchElements("activation_forward", in.size(), new KernelArgs().pointer(in.pointer()).pointer(out.pointer())
                .i64(in.size()).i32(activation.ordinal()));
    }

    @Override
    public void activationBackward(Activation activation, DeviceMatrix preactivation, DeviceMatrix gradOutput,
                                   DeviceMatrix gradPreactivation) {
        CudaMatrix z = cuda(preactivation), g = cuda(gradOutput), out = cuda(gradPreactivation);
        Shapes.requireActivationBackwardShapes(z, g, out);
        kernels.launchElements("activation_backward", z.size(), new KernelArgs().pointer(z.pointer()).pointer(g.pointer())
                .pointer(out.pointer()).i64(z.size()).i32(activation.ordinal()));
    }

    // ---- losses ----

    @Override
    public void softmax(DeviceMatrix logits, DeviceMatrix probabilities) {
        CudaMatrix l = cuda(logits), p = cuda(probabilities);
        Shapes.requireSoftmaxShapes(l, p);
        launchRows("softmax_rows", l.rows(), new KernelArgs().pointer(l.pointer()).pointer(p.pointer()).i32(l.rows())
                .i32(l.cols()));
    }

    @Override
    public void softmaxCrossEntropy(DeviceMatrix logits, DeviceMatrix labels, DeviceMatrix gradLogits, float gradScale,
                                    DeviceMatrix stats) {
        CudaMatrix l = cuda(logits), y = cuda(labels), st = cuda(stats);
        CudaMatrix g = gradLogits == null ? null : cuda(gradLogits);
        Shapes.requireCrossEntropyShapes(l, y, g, st);
        long grad = g == null ? 0 : g.pointer();
        launchRows("softmax_cross_entropy", l.rows(), new KernelArgs().pointer(l.pointer()).pointer(y.pointer()).pointer(grad)
                .f32(gradScale).pointer(st.pointer()).i32(l.rows()).i32(l.cols()));
    }

    @Override
    public void squaredError(DeviceMatrix prediction, DeviceMatrix targets, DeviceMatrix gradPrediction, float gradScale,
                             DeviceMatrix stats) {
        CudaMatrix p = cuda(prediction), t = cuda(targets), st = cuda(stats);
        CudaMatrix g = gradPrediction == null ? null : cuda(gradPrediction);
        Shapes.requireSquaredErrorShapes(p, t, g, st);
        long grad = g == null ? 0 : g.pointer();
        launchRows("squared_error", p.rows(), new KernelArgs().pointer(p.pointer()).pointer(t.pointer()).pointer(grad)
                .f32(gradScale).pointer(st.pointer()).i32(p.rows()).i32(p.cols()));
    }

    /** Warp-per-row kernels: 8 rows per 256-thread block. */
    private void launchRows(String kernel, int rows, KernelArgs args) {
        kernels.launch(kernel, Math.max(1, (rows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK), 1, 32 * ROWS_PER_BLOCK, 1, args);
    }

    // ---- reductions and element-wise ----

    @Override
    public void sumColumns(DeviceMatrix m, float alpha, float beta, DeviceMatrix out) {
        CudaMatrix a = cuda(m), o = cuda(out);
        Shapes.requireSumColumnsShapes(a, o);
        kernels.launch("sum_columns", Math.max(1, (a.cols() + 31) / 32), 1, 32, 8, new KernelArgs().pointer(a.pointer())
                .pointer(o.pointer()).i32(a.rows()).i32(a.cols()).f32(alpha).f32(beta));
    }

    @Override
    public void sumRows(DeviceMatrix m, DeviceMatrix out) {
        CudaMatrix a = cuda(m), o = cuda(out);
        Shapes.requireSumRowsShapes(a, o);
        launchRows("sum_rows", a.rows(), new KernelArgs().pointer(a.pointer()).pointer(o.pointer()).i32(a.rows()).i32(a.cols()));
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
        CudaMatrix mx = cuda(x), my = cuda(y);
        Shapes.requireAxpyShapes(mx, my);
        kernels.launchElements("axpy", mx.size(), new KernelArgs().f32(alpha).pointer(mx.pointer()).pointer(my.pointer())
                .i64(mx.size()));
    }

    @Override
    public void scale(float alpha, DeviceMatrix x) {
        CudaMatrix m = cuda(x);
        kernels.launchElements("scale", m.size(), new KernelArgs().f32(alpha).pointer(m.pointer()).i64(m.size()));
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        CudaMatrix a = cuda(m);
        if (a.size() > 0) api.memsetD32(a.pointer(), Float.floatToRawIntBits(value), a.size());
    }

    @Override
    public void multiply(DeviceMatrix a, DeviceMatrix b, DeviceMatrix out) {
        CudaMatrix ma = cuda(a), mb = cuda(b), mo = cuda(out);
        Shapes.requireElementwiseShapes("multiply", ma, mb, mo);
        kernels.launchElements("multiply", ma.size(), new KernelArgs().pointer(ma.pointer()).pointer(mb.pointer())
                .pointer(mo.pointer()).i64(ma.size()));
    }

    @Override
    public void addScaled(float alpha, DeviceMatrix a, float beta, DeviceMatrix b, DeviceMatrix out) {
        CudaMatrix ma = cuda(a), mb = cuda(b), mo = cuda(out);
        Shapes.requireElementwiseShapes("addScaled", ma, mb, mo);
        kernels.launchElements("add_scaled", ma.size(), new KernelArgs().f32(alpha).pointer(ma.pointer()).f32(beta)
                .pointer(mb.pointer()).pointer(mo.pointer()).i64(ma.size()));
    }

    @Override
    public void gatherRows(DeviceMatrix source, DeviceMatrix indices, int offset, DeviceMatrix out) {
        CudaMatrix s = cuda(source), idx = cuda(indices), o = cuda(out);
        Shapes.requireGatherRowsShapes(s, idx, offset, o);
        kernels.launchElements("gather_rows", o.size(), new KernelArgs().pointer(s.pointer()).pointer(idx.pointer()).i32(offset)
                .pointer(o.pointer()).i32(o.rows()).i32(o.cols()).i32(s.rows()));
    }

    @Override
    public void flipBlocks(DeviceMatrix points, DeviceMatrix centres, DeviceMatrix out) {
        CudaMatrix x = cuda(points), o = cuda(out);
        CudaMatrix c = centres == null ? null : cuda(centres);
        Shapes.requireFlipBlockShapes(x, c, o);
        if (o.size() == 0) return;
        // One block of 256 threads per output row (cuda/elementwise.cu), at most 2^20 blocks.
        kernels.launch("flip_blocks", (int) Math.min(o.rows(), 1 << 20), 1, 256, 1, new KernelArgs().pointer(x.pointer())
                .pointer(c == null ? 0L : c.pointer()).pointer(o.pointer()).i32(x.rows()).i32(x.cols()));
    }

    @Override
    public void flipInfluence(DeviceMatrix values, DeviceMatrix influence) {
        CudaMatrix v = cuda(values), o = cuda(influence);
        Shapes.requireFlipInfluenceShapes(v, o);
        if (o.size() == 0) return;
        kernels.launchElements("flip_influence", o.size(), new KernelArgs().pointer(v.pointer()).pointer(o.pointer())
                .i32(o.rows()).i32(o.cols()).i32(v.cols()));
    }

    // ---- optimizers ----

    @Override
    public void sgdUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix velocity, float learningRate,
                          float momentum, boolean nesterov, float weightDecay) {
        CudaMatrix p = cuda(params), g = cuda(grads);
        CudaMatrix mv = momentum == 0 || velocity == null ? null : cuda(velocity);
        Shapes.requireSgdShapes(p, g, mv, momentum);
        long v = mv == null ? 0 : mv.pointer();
        kernels.launchElements("sgd_update", p.size(), new KernelArgs().pointer(p.pointer()).pointer(g.pointer()).pointer(v)
                .i64(p.size()).f32(learningRate).f32(momentum).i32(nesterov ? 1 : 0).f32(weightDecay));
    }

    @Override
    public void adamUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix firstMoment, DeviceMatrix secondMoment,
                           float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                           boolean decoupled, int step) {
        CudaMatrix p = cuda(params), g = cuda(grads), m = cuda(firstMoment), v = cuda(secondMoment);
        Shapes.requireAdamShapes(p, g, m, v);
        org.netgeom.tensor.AdamCorrections corrections = org.netgeom.tensor.AdamCorrections.forStep(beta1, beta2, step);
        float correction1 = corrections.firstMoment(), correction2Sqrt = corrections.secondMomentSqrt();
        kernels.launchElements("adam_update", p.size(), new KernelArgs().pointer(p.pointer()).pointer(g.pointer())
                .pointer(m.pointer()).pointer(v.pointer()).i64(p.size()).f32(learningRate).f32(beta1).f32(beta2)
                .f32(epsilon).f32(weightDecay).i32(decoupled ? 1 : 0).f32(correction1).f32(correction2Sqrt));
    }

    // ---- random ----

    @Override
    public void fillUniform(DeviceMatrix m, long seed, long stream, float low, float high) {
        CudaMatrix a = cuda(m);
        kernels.launchElements("philox_uniform", (a.size() + 3) / 4, new KernelArgs().pointer(a.pointer()).i64(a.size())
                .i64(seed).i64(stream).f32(low).f32(high));
    }

    @Override
    public void fillNormal(DeviceMatrix m, long seed, long stream, float mean, float std) {
        CudaMatrix a = cuda(m);
        kernels.launchElements("philox_normal", (a.size() + 3) / 4, new KernelArgs().pointer(a.pointer()).i64(a.size())
                .i64(seed).i64(stream).f32(mean).f32(std));
    }

    // ---- dropout and batch normalization ----

    @Override
    public void dropoutMask(DeviceMatrix mask, long seed, long stream, float rate) {
        if (!(rate >= 0 && rate < 1)) throw new org.netgeom.tensor.InvalidInputException("dropout rate must be in [0, 1), got " + rate);
        CudaMatrix m = cuda(mask);
        kernels.launchElements("dropout_mask", (m.size() + 3) / 4, new KernelArgs().pointer(m.pointer()).i64(m.size()).i64(seed)
                .i64(stream).f32(rate));
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

    /** 16 x 16 pairs per block; see cuda/trajectory.cu. */
    @Override
    public void bhattacharyyaDistances(DeviceMatrix sqrtA, DeviceMatrix sqrtB, int classes, float floor, DeviceMatrix out) {
        CudaMatrix a = cuda(sqrtA), b = cuda(sqrtB), o = cuda(out);
        Shapes.requireBhattacharyyaShapes(a, b, classes, floor, o);
        if (a.rows() == 0 || b.rows() == 0) return;
        // 64 x 64 outputs per block of 16 x 16 threads (cuda/trajectory.cu). The same matrix on both
        // sides computes each pair once and mirrors it. Blocks along z split the samples so that
        // a few hundred outputs still give every multiprocessor several blocks; their float64
        // partial sums (no more splits than fit in PARTIAL_BYTES, at least one) are added in order
        // by a second kernel.
        int block = 64, samples = a.cols() / classes;
        int gridX = (b.rows() + block - 1) / block, gridY = (a.rows() + block - 1) / block;
        boolean symmetric = a.pointer() == b.pointer() && a.rows() == b.rows();
        long blocks = symmetric ? (long) gridX * (gridX + 1) / 2 : (long) gridX * gridY;
        long outputs = (long) a.rows() * b.rows();
        long wanted = (BHATTACHARYYA_BLOCKS_PER_SM * (long) api.device().multiprocessors() + blocks - 1) / blocks;
        int splits = (int) Math.max(1, Math.min(Math.min(wanted, Math.max(1, samples / 64)), PARTIAL_BYTES / (8 * outputs)));
        try (DeviceMatrix partialSums = allocate(2 * splits, (int) outputs)) { // float64 = two float32 slots
            CudaMatrix partial = cuda(partialSums);
            kernels.launch("bhattacharyya_distances", gridX, gridY, splits, 16, 16,
                    new KernelArgs().pointer(a.pointer()).pointer(b.pointer()).pointer(partial.pointer()).i32(a.rows()).i32(b.rows())
                            .i32(classes).i32(samples).f32(floor).i32(symmetric ? 1 : 0));
            kernels.launchElements("bhattacharyya_reduce", outputs, new KernelArgs().pointer(partial.pointer()).pointer(o.pointer())
                    .i64(outputs).i32(splits).i32(samples));
        }
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
