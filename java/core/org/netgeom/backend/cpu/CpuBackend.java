package org.netgeom.backend.cpu;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.netgeom.io.HeapBudget;
import org.netgeom.linalg.Parallel;
import org.netgeom.linalg.VectorCapability;
import org.netgeom.tensor.ConvolutionGeometry;
import org.netgeom.tensor.ImageOps;
import org.netgeom.tensor.ImageShape;
import org.netgeom.tensor.PoolGeometry;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;
import org.netgeom.tensor.Shapes;

/**
 * The reference backend: float arrays in the Java heap, a blocked Vector API GEMM, float64
 * Cholesky ({@link CholeskySolver}), and its own worker threads (one per core, daemon, stopped by
 * {@link #close()}). Always available, with or without the Vector API module (without it the
 * kernels run scalar code with the same results, see {@link VectorCapability}); the CUDA backend
 * is tested against it.
 */
public final class CpuBackend implements Backend, ImageOps {
    /** Elements per part below which an element-wise loop stays on one thread. */
    private static final int SIMPLE_PER_PART = 1 << 15;
    /** The same for loops calling tanh, erf or exp on every element. */
    private static final int TRANSCENDENTAL_PER_PART = 1 << 11;

    private final AtomicLong liveBytes = new AtomicLong();
    private final Parallel workers;
    private final Gemm gemm;
    private final CpuImageOps imageOps;
    private volatile boolean closed;

    /** A backend using every available core. */
    public CpuBackend() { this(Runtime.getRuntime().availableProcessors()); }

    /** A backend using {@code threads} cores (1 = everything on the calling thread). */
    public CpuBackend(int threads) {
        this.workers = Parallel.ofThreads(threads, "netgeom-cpu");
        this.gemm = new Gemm(workers);
        this.imageOps = new CpuImageOps(workers);
    }

    @Override public String name() { return "cpu"; }

    @Override
    public String deviceDescription() {
        return Runtime.getRuntime().availableProcessors() + "-core " + System.getProperty("os.arch") + " CPU ("
                + workers.threads() + " threads, " + VectorCapability.description() + ")";
    }

    // ---- memory ----

    @Override
    public DeviceMatrix allocate(int rows, int cols) {
        requireOpen();
        HeapBudget.require(4L * rows * cols, "a " + rows + " x " + cols + " float32 matrix on the CPU backend");
        float[] data = new Matrix(rows, cols).data();
        liveBytes.addAndGet(4L * data.length);
        return new CpuMatrix(this, null, data, 0, rows, cols);
    }

    void released(CpuMatrix matrix) { liveBytes.addAndGet(-4L * matrix.length()); }

    @Override
    public void upload(Matrix host, DeviceMatrix target) {
        CpuMatrix t = cpu(target);
        Shapes.requireUploadShapes(host, t);
        System.arraycopy(host.data(), 0, t.data, t.offset, host.size());
    }

    @Override
    public Matrix download(DeviceMatrix source) {
        CpuMatrix s = cpu(source);
        return new Matrix(s.rows(), s.cols(), Arrays.copyOfRange(s.data, s.offset, s.offset + s.length()));
    }

    @Override
    public void copy(DeviceMatrix source, DeviceMatrix target) {
        CpuMatrix s = cpu(source), t = cpu(target);
        Shapes.requireCopyShapes(s, t);
        System.arraycopy(s.data, s.offset, t.data, t.offset, s.length());
    }

    @Override
    public DeviceMatrix view(DeviceMatrix base, long offset, int rows, int cols) {
        CpuMatrix b = cpu(base);
        Shapes.requireViewFits(b, offset, rows, cols);
        return new CpuMatrix(this, b.owner(), b.data, b.offset + (int) offset, rows, cols);
    }

    @Override public long liveBytes() { return liveBytes.get(); }

    @Override public void synchronize() { requireOpen(); }

    // ---- linear algebra ----

    @Override
    public void gemm(boolean transposeA, boolean transposeB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta,
                     DeviceMatrix c) {
        CpuMatrix ma = cpu(a), mb = cpu(b), mc = cpu(c);
        int[] mnk = Shapes.gemmDimensions(transposeA, transposeB, ma, mb, mc);
        int m = mnk[0], n = mnk[1], k = mnk[2];
        gemm.multiply(new Gemm.Problem(transposeA, transposeB, m, n, k, alpha, ma.data, ma.offset, ma.cols(),
                mb.data, mb.offset, mb.cols(), beta, mc.data, mc.offset, mc.cols()));
    }

    @Override
    public void choleskySolve(DeviceMatrix spd, DeviceMatrix rhs) {
        CpuMatrix s = cpu(spd), r = cpu(rhs);
        Shapes.requireCholeskyShapes(s, r);
        float[] system = Arrays.copyOfRange(s.data, s.offset, s.offset + s.length());
        float[] right = Arrays.copyOfRange(r.data, r.offset, r.offset + r.length());
        CholeskySolver.Solution solution = CholeskySolver.solveWithFactor(system, s.rows(), right, r.cols(), workers);
        System.arraycopy(solution.x(), 0, r.data, r.offset, r.length());
        System.arraycopy(solution.factor(), 0, s.data, s.offset, s.length());
    }

    // ---- layers ----

    @Override
    public void biasActivation(DeviceMatrix preactivation, DeviceMatrix bias, Activation activation, DeviceMatrix output) {
        CpuMatrix z = cpu(preactivation), b = cpu(bias), out = cpu(output);
        Shapes.requireBiasActivationShapes(z, b, out);
        if (activation != Activation.IDENTITY && out.sameElementsAs(z)) {
            throw new IllegalArgumentException("biasActivation with " + activation.cliName() + " needs an output other than"
                    + " the preactivation " + z.shape() + ", which the backward pass reads");
        }
        int cols = z.cols();
        forRows(z.rows(), cols, perPart(activation), (from, to) -> ElementwiseOps.biasActivation(activation,
                z.data, z.offset, b.data, b.offset, out.data, out.offset, cols, from, to));
    }

    @Override
    public void activation(Activation activation, DeviceMatrix input, DeviceMatrix output) {
        CpuMatrix in = cpu(input), out = cpu(output);
        Shapes.requireActivationShapes(in, out);
        forElements(in.length(), perPart(activation), (from, to) ->
                ElementwiseOps.activation(activation, in.data, in.offset, out.data, out.offset, from, to));
    }

    @Override
    public void activationBackward(Activation activation, DeviceMatrix preactivation, DeviceMatrix gradOutput,
                                   DeviceMatrix gradPreactivation) {
        CpuMatrix z = cpu(preactivation), g = cpu(gradOutput), out = cpu(gradPreactivation);
        Shapes.requireActivationBackwardShapes(z, g, out);
        forElements(z.length(), perPart(activation), (from, to) -> ElementwiseOps.activationBackward(activation,
                z.data, z.offset, g.data, g.offset, out.data, out.offset, from, to));
    }

    private static int perPart(Activation activation) {
        return activation == Activation.IDENTITY || activation == Activation.RELU ? SIMPLE_PER_PART : TRANSCENDENTAL_PER_PART;
    }

    // ---- losses ----

    @Override
    public void softmax(DeviceMatrix logits, DeviceMatrix probabilities) {
        CpuMatrix l = cpu(logits), p = cpu(probabilities);
        Shapes.requireSoftmaxShapes(l, p);
        LossOps.softmax(l, p);
    }

    @Override
    public void softmaxCrossEntropy(DeviceMatrix logits, DeviceMatrix labels, DeviceMatrix gradLogits, float gradScale,
                                    DeviceMatrix stats) {
        CpuMatrix l = cpu(logits), y = cpu(labels), st = cpu(stats);
        CpuMatrix g = gradLogits == null ? null : cpu(gradLogits);
        Shapes.requireCrossEntropyShapes(l, y, g, st);
        accumulate(st, LossOps.softmaxCrossEntropy(l, y, g, gradScale));
    }

    @Override
    public void squaredError(DeviceMatrix prediction, DeviceMatrix targets, DeviceMatrix gradPrediction, float gradScale,
                             DeviceMatrix stats) {
        CpuMatrix p = cpu(prediction), t = cpu(targets), st = cpu(stats);
        CpuMatrix g = gradPrediction == null ? null : cpu(gradPrediction);
        Shapes.requireSquaredErrorShapes(p, t, g, st);
        accumulate(st, LossOps.squaredError(p, t, g, gradScale));
    }

    private static void accumulate(CpuMatrix stats, LossOps.Totals totals) {
        stats.data[stats.offset] = (float) (stats.data[stats.offset] + totals.loss());
        stats.data[stats.offset + 1] = (float) (stats.data[stats.offset + 1] + totals.correct());
    }

    // ---- reductions and element-wise ----

    @Override
    public void sumColumns(DeviceMatrix m, float alpha, float beta, DeviceMatrix out) {
        CpuMatrix a = cpu(m), o = cpu(out);
        Shapes.requireSumColumnsShapes(a, o);
        forElements(a.cols(), Math.max(1, SIMPLE_PER_PART / Math.max(1, a.rows())), (from, to) ->
                Reductions.sumColumns(a, alpha, beta, o, from, to));
    }

    @Override
    public void sumRows(DeviceMatrix m, DeviceMatrix out) {
        CpuMatrix a = cpu(m), o = cpu(out);
        Shapes.requireSumRowsShapes(a, o);
        forElements(a.rows(), Math.max(1, SIMPLE_PER_PART / Math.max(1, a.cols())), (from, to) ->
                Reductions.sumRows(a, o, from, to));
    }

    @Override
    public double sumAll(DeviceMatrix m) {
        CpuMatrix a = cpu(m);
        return Reductions.sum(a.data, a.offset, a.length());
    }

    @Override
    public void axpy(float alpha, DeviceMatrix x, DeviceMatrix y) {
        CpuMatrix mx = cpu(x), my = cpu(y);
        Shapes.requireAxpyShapes(mx, my);
        forElements(mx.length(), SIMPLE_PER_PART, (from, to) ->
                ElementwiseOps.axpy(alpha, mx.data, mx.offset, my.data, my.offset, from, to));
    }

    @Override
    public void scale(float alpha, DeviceMatrix x) {
        CpuMatrix m = cpu(x);
        forElements(m.length(), SIMPLE_PER_PART, (from, to) ->
                ElementwiseOps.addScaled(alpha, m.data, m.offset, 0f, null, 0, m.data, m.offset, from, to));
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        CpuMatrix a = cpu(m);
        Arrays.fill(a.data, a.offset, a.offset + a.length(), value);
    }

    @Override
    public void multiply(DeviceMatrix a, DeviceMatrix b, DeviceMatrix out) {
        CpuMatrix ma = cpu(a), mb = cpu(b), mo = cpu(out);
        Shapes.requireElementwiseShapes("multiply", ma, mb, mo);
        forElements(ma.length(), SIMPLE_PER_PART, (from, to) ->
                ElementwiseOps.multiply(ma.data, ma.offset, mb.data, mb.offset, mo.data, mo.offset, from, to));
    }

    @Override
    public void addScaled(float alpha, DeviceMatrix a, float beta, DeviceMatrix b, DeviceMatrix out) {
        CpuMatrix ma = cpu(a), mb = cpu(b), mo = cpu(out);
        Shapes.requireElementwiseShapes("addScaled", ma, mb, mo);
        forElements(ma.length(), SIMPLE_PER_PART, (from, to) ->
                ElementwiseOps.addScaled(alpha, ma.data, ma.offset, beta, mb.data, mb.offset, mo.data, mo.offset, from, to));
    }

    @Override
    public void gatherRows(DeviceMatrix source, DeviceMatrix indices, int offset, DeviceMatrix out) {
        CpuMatrix s = cpu(source), idx = cpu(indices), o = cpu(out);
        Shapes.requireGatherRowsShapes(s, idx, offset, o);
        Reductions.gatherRows(s, idx, offset, o);
    }

    @Override
    public void flipBlocks(DeviceMatrix points, DeviceMatrix centres, DeviceMatrix out) {
        CpuMatrix x = cpu(points), o = cpu(out);
        CpuMatrix c = centres == null ? null : cpu(centres);
        Shapes.requireFlipBlockShapes(x, c, o);
        int d = x.cols();
        forRows(x.rows(), d * (d + 1), SIMPLE_PER_PART, (from, to) ->
                ElementwiseOps.flipBlocks(x.data, x.offset, c == null ? null : c.data, c == null ? 0 : c.offset,
                        o.data, o.offset, d, from, to));
    }

    @Override
    public void flipInfluence(DeviceMatrix values, DeviceMatrix influence) {
        CpuMatrix v = cpu(values), o = cpu(influence);
        Shapes.requireFlipInfluenceShapes(v, o);
        int d = o.cols(), w = v.cols();
        forRows(o.rows(), (d + 1) * w, SIMPLE_PER_PART, (from, to) ->
                ElementwiseOps.flipInfluence(v.data, v.offset, w, o.data, o.offset, d, from, to));
    }

    // ---- optimizers ----

    @Override
    public void sgdUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix velocity, float learningRate,
                          float momentum, boolean nesterov, float weightDecay) {
        CpuMatrix p = cpu(params), g = cpu(grads);
        CpuMatrix vel = momentum == 0 || velocity == null ? null : cpu(velocity);
        Shapes.requireSgdShapes(p, g, vel, momentum);
        forElements(p.length(), SIMPLE_PER_PART, (from, to) ->
                OptimizerOps.sgd(p, g, vel, learningRate, momentum, nesterov, weightDecay, from, to));
    }

    @Override
    public void adamUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix firstMoment, DeviceMatrix secondMoment,
                           float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                           boolean decoupled, int step) {
        CpuMatrix p = cpu(params), g = cpu(grads), m = cpu(firstMoment), v = cpu(secondMoment);
        Shapes.requireAdamShapes(p, g, m, v);
        org.netgeom.tensor.AdamCorrections corrections = org.netgeom.tensor.AdamCorrections.forStep(beta1, beta2, step);
        float correction1 = corrections.firstMoment(), correction2Sqrt = corrections.secondMomentSqrt();
        forElements(p.length(), SIMPLE_PER_PART, (from, to) -> OptimizerOps.adam(p, g, m, v, learningRate, beta1, beta2,
                epsilon, weightDecay, decoupled, correction1, correction2Sqrt, from, to));
    }

    // ---- random ----

    @Override
    public void fillUniform(DeviceMatrix m, long seed, long stream, float low, float high) {
        CpuMatrix a = cpu(m);
        Philox.fillUniform(a.data, a.offset, a.length(), seed, stream, low, high);
    }

    @Override
    public void fillNormal(DeviceMatrix m, long seed, long stream, float mean, float std) {
        CpuMatrix a = cpu(m);
        Philox.fillNormal(a.data, a.offset, a.length(), seed, stream, mean, std);
    }

    // ---- dropout and batch normalization ----

    @Override
    public void dropoutMask(DeviceMatrix mask, long seed, long stream, float rate) {
        requireRate(rate);
        NormalizationOps.dropoutMask(cpu(mask), seed, stream, rate);
    }

    static void requireRate(float rate) {
        if (!(rate >= 0 && rate < 1)) throw new org.netgeom.tensor.InvalidInputException("dropout rate must be in [0, 1), got " + rate);
    }

    @Override
    public void batchNormForward(DeviceMatrix x, DeviceMatrix gamma, DeviceMatrix beta, float epsilon, DeviceMatrix normalized,
                                 DeviceMatrix y, DeviceMatrix batchMean, DeviceMatrix batchVariance, DeviceMatrix invStd) {
        CpuMatrix mx = cpu(x);
        Shapes.requireBatchNormForwardShapes(mx, gamma, beta, normalized, y, batchMean, batchVariance, invStd);
        NormalizationOps.forward(mx, cpu(gamma), cpu(beta), epsilon, cpu(normalized), cpu(y), cpu(batchMean),
                cpu(batchVariance), cpu(invStd));
    }

    @Override
    public void batchNormInference(DeviceMatrix x, DeviceMatrix gamma, DeviceMatrix beta, DeviceMatrix runningMean,
                                   DeviceMatrix runningVariance, float epsilon, DeviceMatrix y) {
        CpuMatrix mx = cpu(x);
        Shapes.requireBatchNormInferenceShapes(mx, gamma, beta, runningMean, runningVariance, y);
        NormalizationOps.inference(mx, cpu(gamma), cpu(beta), cpu(runningMean), cpu(runningVariance), epsilon, cpu(y));
    }

    @Override
    public void batchNormBackward(DeviceMatrix gradY, DeviceMatrix normalized, DeviceMatrix gamma, DeviceMatrix invStd,
                                  DeviceMatrix gradX, DeviceMatrix gradGamma, DeviceMatrix gradBeta) {
        CpuMatrix g = cpu(gradY);
        Shapes.requireBatchNormBackwardShapes(g, normalized, gamma, invStd, gradX, gradGamma, gradBeta);
        NormalizationOps.backward(g, cpu(normalized), cpu(gamma), cpu(invStd), cpu(gradX), cpu(gradGamma), cpu(gradBeta));
    }

    // ---- measurements ----

    @Override
    public void bhattacharyyaDistances(DeviceMatrix sqrtA, DeviceMatrix sqrtB, int classes, float floor, DeviceMatrix out) {
        CpuMatrix a = cpu(sqrtA), b = cpu(sqrtB), o = cpu(out);
        Shapes.requireBhattacharyyaShapes(a, b, classes, floor, o);
        long pairWork = (long) Math.max(1, b.rows()) * Math.max(1, a.cols());
        forElements(a.rows(), (int) Math.max(1, SIMPLE_PER_PART / pairWork), (from, to) ->
                BhattacharyyaOps.distances(a, b, classes, floor, o, from, to));
    }

    /** Stops the worker threads; matrices stay closable (liveBytes still counts them), nothing else works. */
    @Override
    public void close() {
        closed = true;
        workers.close();
        gemm.close();
    }

    // ---- parallel loops and checks ----

    /** body over [0, count) in one contiguous range per core, when each gets at least perPart elements. */
    private void forElements(int count, int perPart, IntRangeBody body) {
        workers.forRange(count, perPart, (from, to) -> body.run((int) from, (int) to));
    }

    /** body over whole rows [0, rows), split when each core gets at least perPart elements. */
    private void forRows(int rows, int cols, int perPart, IntRangeBody body) {
        workers.forRange(rows, Math.max(1, perPart / Math.max(1, cols)), (from, to) -> body.run((int) from, (int) to));
    }

    // ---- image kernels (ImageOps) ----

    @Override
    public void im2col(ConvolutionGeometry geometry, DeviceMatrix images, int first, int count, DeviceMatrix columns) {
        imageOps.im2col(geometry, cpu(images), first, count, cpu(columns));
    }

    @Override
    public void col2im(ConvolutionGeometry geometry, DeviceMatrix columns, int first, int count, DeviceMatrix images) {
        imageOps.col2im(geometry, cpu(columns), first, count, cpu(images));
    }

    @Override
    public void channelsToSamples(DeviceMatrix channels, int positions, int first, int count, DeviceMatrix samples) {
        imageOps.channelsToSamples(cpu(channels), positions, first, count, cpu(samples));
    }

    @Override
    public void samplesToChannels(DeviceMatrix samples, int positions, int first, int count, DeviceMatrix channels) {
        imageOps.samplesToChannels(cpu(samples), positions, first, count, cpu(channels));
    }

    @Override
    public void toChannelsLast(DeviceMatrix samples, int positions, DeviceMatrix channelsLast) {
        imageOps.toChannelsLast(cpu(samples), positions, cpu(channelsLast));
    }

    @Override
    public void fromChannelsLast(DeviceMatrix channelsLast, int positions, DeviceMatrix samples) {
        imageOps.fromChannelsLast(cpu(channelsLast), positions, cpu(samples));
    }

    @Override
    public void maxPool(PoolGeometry geometry, DeviceMatrix input, DeviceMatrix output, DeviceMatrix argmax) {
        imageOps.maxPool(geometry, cpu(input), cpu(output), cpu(argmax));
    }

    @Override
    public void maxPoolBackward(PoolGeometry geometry, DeviceMatrix gradOutput, DeviceMatrix argmax, DeviceMatrix gradInput) {
        imageOps.maxPoolBackward(geometry, cpu(gradOutput), cpu(argmax), cpu(gradInput));
    }

    @Override
    public void averagePool(PoolGeometry geometry, DeviceMatrix input, DeviceMatrix output) {
        imageOps.averagePool(geometry, cpu(input), cpu(output));
    }

    @Override
    public void averagePoolBackward(PoolGeometry geometry, DeviceMatrix gradOutput, DeviceMatrix gradInput) {
        imageOps.averagePoolBackward(geometry, cpu(gradOutput), cpu(gradInput));
    }

    @Override
    public void cropFlip(ImageShape shape, int padding, DeviceMatrix images, DeviceMatrix draws, DeviceMatrix output) {
        imageOps.cropFlip(shape, padding, cpu(images), cpu(draws), cpu(output));
    }

    @FunctionalInterface
    private interface IntRangeBody {
        void run(int from, int to);
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("this CPU backend was closed; open a new one");
    }

    private CpuMatrix cpu(DeviceMatrix m) {
        if (m == null) throw new NullPointerException("a matrix argument is null");
        if (!(m instanceof CpuMatrix c) || c.backend() != this) {
            String owner = m.backend() == null ? "an unknown backend" : "the " + m.backend().name() + " backend";
            throw new IllegalArgumentException("a " + m.shape() + " matrix of " + owner
                    + (m instanceof CpuMatrix ? " (another CpuBackend instance)" : "")
                    + " was passed to this CPU backend: download it and upload it here");
        }
        if (c.isClosed()) throw new IllegalStateException("a " + c.shape() + " matrix was used after it was closed");
        requireOpen();
        return c;
    }


}
