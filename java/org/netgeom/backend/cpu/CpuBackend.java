package org.netgeom.backend.cpu;

import java.util.concurrent.atomic.AtomicLong;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.MathFunctions;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;
import org.netgeom.tensor.ShapeMismatchException;

/**
 * The reference backend: plain Java on float arrays (Vector API GEMM, EJML for the float64
 * Cholesky solve). Always available; the CUDA backend is tested against it.
 */
public final class CpuBackend implements Backend {
    private final AtomicLong liveBytes = new AtomicLong();

    @Override public String name() { return "cpu"; }

    @Override
    public String deviceDescription() {
        return Runtime.getRuntime().availableProcessors() + "-core " + System.getProperty("os.arch") + " CPU";
    }

    // ---- memory ----

    @Override
    public DeviceMatrix allocate(int rows, int cols) {
        float[] data = new Matrix(rows, cols).data();
        liveBytes.addAndGet(4L * data.length);
        return new CpuMatrix(this, null, data, 0, rows, cols);
    }

    void released(CpuMatrix matrix) { liveBytes.addAndGet(-4L * matrix.size()); }

    @Override
    public DeviceMatrix upload(Matrix host) {
        DeviceMatrix m = allocate(host.rows(), host.cols());
        upload(host, m);
        return m;
    }

    @Override
    public void upload(Matrix host, DeviceMatrix target) {
        CpuMatrix t = cpu(target);
        requireSameShape(host.rows(), host.cols(), t, "upload target");
        System.arraycopy(host.data(), 0, t.data, t.offset, host.size());
    }

    @Override
    public Matrix download(DeviceMatrix source) {
        CpuMatrix s = cpu(source);
        Matrix m = new Matrix(s.rows(), s.cols());
        System.arraycopy(s.data, s.offset, m.data(), 0, m.size());
        return m;
    }

    @Override
    public void copy(DeviceMatrix source, DeviceMatrix target) {
        CpuMatrix s = cpu(source), t = cpu(target);
        requireSameSize(s, t, "copy");
        System.arraycopy(s.data, s.offset, t.data, t.offset, (int) s.size());
    }

    @Override
    public DeviceMatrix view(DeviceMatrix base, long offset, int rows, int cols) {
        CpuMatrix b = cpu(base);
        long size = (long) rows * cols;
        if (offset < 0 || rows < 0 || cols < 0 || offset + size > b.size()) {
            throw new ShapeMismatchException("a " + rows + "x" + cols + " view at offset " + offset
                    + " does not fit in a " + b.shape() + " matrix");
        }
        // Views of views point at the owning matrix, so that its close reaches them all.
        return new CpuMatrix(this, b.ownerForViews(), b.data, b.offset + (int) offset, rows, cols);
    }

    @Override public long liveBytes() { return liveBytes.get(); }

    @Override public void synchronize() {}

    // ---- linear algebra ----

    @Override
    public void gemm(boolean transposeA, boolean transposeB, float alpha, DeviceMatrix a, DeviceMatrix b, float beta,
                     DeviceMatrix c) {
        CpuMatrix ma = cpu(a), mb = cpu(b), mc = cpu(c);
        int m = transposeA ? ma.cols() : ma.rows();
        int k = transposeA ? ma.rows() : ma.cols();
        int kb = transposeB ? mb.cols() : mb.rows();
        int n = transposeB ? mb.rows() : mb.cols();
        if (k != kb || mc.rows() != m || mc.cols() != n) {
            throw new ShapeMismatchException("gemm: op(A) " + m + "x" + k + (transposeA ? " (A^T)" : "") + " times op(B) "
                    + kb + "x" + n + (transposeB ? " (B^T)" : "") + " into C " + mc.shape());
        }
        Gemm.multiply(transposeA, transposeB, m, n, k, alpha, ma.data, ma.offset, ma.cols(), mb.data, mb.offset,
                mb.cols(), beta, mc.data, mc.offset, mc.cols());
    }

    @Override
    public void choleskySolve(DeviceMatrix spd, DeviceMatrix rhs) {
        CpuMatrix s = cpu(spd), r = cpu(rhs);
        if (s.rows() != s.cols() || r.rows() != s.rows()) {
            throw new ShapeMismatchException("choleskySolve: system " + s.shape() + " with right-hand side " + r.shape());
        }
        float[] system = new float[(int) s.size()];
        System.arraycopy(s.data, s.offset, system, 0, system.length);
        float[] right = new float[(int) r.size()];
        System.arraycopy(r.data, r.offset, right, 0, right.length);
        float[] solution = CholeskySolver.solve(system, s.rows(), right, r.cols());
        System.arraycopy(solution, 0, r.data, r.offset, solution.length);
    }

    // ---- layers ----

    @Override
    public void biasActivation(DeviceMatrix preactivation, DeviceMatrix bias, Activation activation, DeviceMatrix output) {
        CpuMatrix z = cpu(preactivation), b = cpu(bias), out = cpu(output);
        requireSameShape(1, z.cols(), b, "bias");
        requireSameShape(z.rows(), z.cols(), out, "activation output");
        int cols = z.cols();
        for (int r = 0; r < z.rows(); r++) {
            int zRow = z.offset + r * cols, oRow = out.offset + r * cols;
            for (int c = 0; c < cols; c++) {
                float value = z.data[zRow + c] + b.data[b.offset + c];
                z.data[zRow + c] = value;
                out.data[oRow + c] = apply(activation, value);
            }
        }
    }

    @Override
    public void activation(Activation activation, DeviceMatrix input, DeviceMatrix output) {
        CpuMatrix in = cpu(input), out = cpu(output);
        requireSameShape(in.rows(), in.cols(), out, "activation output");
        for (int i = 0; i < in.size(); i++) out.data[out.offset + i] = apply(activation, in.data[in.offset + i]);
    }

    @Override
    public void activationBackward(Activation activation, DeviceMatrix preactivation, DeviceMatrix gradOutput,
                                   DeviceMatrix gradPreactivation) {
        CpuMatrix z = cpu(preactivation), g = cpu(gradOutput), out = cpu(gradPreactivation);
        requireSameShape(z.rows(), z.cols(), g, "activation gradient");
        requireSameShape(z.rows(), z.cols(), out, "activation gradient output");
        for (int i = 0; i < z.size(); i++) {
            double derivative = MathFunctions.derivative(activation, z.data[z.offset + i]);
            out.data[out.offset + i] = (float) (g.data[g.offset + i] * derivative);
        }
    }

    private static float apply(Activation activation, float x) {
        return switch (activation) {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0f;
            default -> (float) MathFunctions.apply(activation, x);
        };
    }

    // ---- losses ----

    @Override
    public void softmax(DeviceMatrix logits, DeviceMatrix probabilities) {
        CpuMatrix l = cpu(logits), p = cpu(probabilities);
        requireSameShape(l.rows(), l.cols(), p, "softmax output");
        int cols = l.cols();
        for (int r = 0; r < l.rows(); r++) {
            int in = l.offset + r * cols, out = p.offset + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, l.data[in + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(l.data[in + c] - max);
            for (int c = 0; c < cols; c++) p.data[out + c] = (float) (Math.exp(l.data[in + c] - max) / sum);
        }
    }

    @Override
    public void softmaxCrossEntropy(DeviceMatrix logits, DeviceMatrix labels, DeviceMatrix gradLogits, float gradScale,
                                    DeviceMatrix stats) {
        CpuMatrix l = cpu(logits), y = cpu(labels), st = cpu(stats);
        requireSameShape(l.rows(), 1, y, "labels");
        requireSameShape(1, 2, st, "loss stats");
        CpuMatrix g = gradLogits == null ? null : cpu(gradLogits);
        if (g != null) requireSameShape(l.rows(), l.cols(), g, "logit gradient");
        int cols = l.cols();
        double lossSum = 0, correct = 0;
        for (int r = 0; r < l.rows(); r++) {
            int in = l.offset + r * cols;
            float labelValue = y.data[y.offset + r];
            int label = (int) labelValue;
            boolean valid = label == labelValue && label >= 0 && label < cols;
            float max = Float.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < cols; c++) {
                if (l.data[in + c] > max) { max = l.data[in + c]; argmax = c; }
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(l.data[in + c] - max);
            double logSum = Math.log(sum) + max;
            lossSum += valid ? logSum - l.data[in + label] : Double.NaN;
            if (valid && argmax == label) correct++;
            if (g != null) {
                int out = g.offset + r * cols;
                for (int c = 0; c < cols; c++) {
                    double p = Math.exp(l.data[in + c] - logSum);
                    double target = valid ? (c == label ? 1 : 0) : Double.NaN;
                    g.data[out + c] = (float) ((p - target) * gradScale);
                }
            }
        }
        st.data[st.offset] += (float) lossSum;
        st.data[st.offset + 1] += (float) correct;
    }

    @Override
    public void squaredError(DeviceMatrix prediction, DeviceMatrix targets, DeviceMatrix gradPrediction, float gradScale,
                             DeviceMatrix stats) {
        CpuMatrix p = cpu(prediction), t = cpu(targets), st = cpu(stats);
        requireSameShape(p.rows(), p.cols(), t, "targets");
        requireSameShape(1, 2, st, "loss stats");
        CpuMatrix g = gradPrediction == null ? null : cpu(gradPrediction);
        if (g != null) requireSameShape(p.rows(), p.cols(), g, "prediction gradient");
        int cols = p.cols();
        double sum = 0, correct = 0;
        for (int r = 0; r < p.rows(); r++) {
            int pr = p.offset + r * cols, tr = t.offset + r * cols;
            int predictedArg = 0, targetArg = 0;
            for (int c = 0; c < cols; c++) {
                float diff = p.data[pr + c] - t.data[tr + c];
                sum += (double) diff * diff;
                if (g != null) g.data[g.offset + r * cols + c] = 2f * diff * gradScale;
                if (p.data[pr + c] > p.data[pr + predictedArg]) predictedArg = c;
                if (t.data[tr + c] > t.data[tr + targetArg]) targetArg = c;
            }
            boolean right = cols == 1 ? (p.data[pr] > 0) == (t.data[tr] > 0) : predictedArg == targetArg;
            if (right) correct++;
        }
        st.data[st.offset] += (float) sum;
        st.data[st.offset + 1] += (float) correct;
    }

    // ---- reductions and element-wise ----

    @Override
    public void sumColumns(DeviceMatrix m, float alpha, float beta, DeviceMatrix out) {
        CpuMatrix a = cpu(m), o = cpu(out);
        requireSameShape(1, a.cols(), o, "column sums");
        int cols = a.cols();
        double[] sums = new double[cols];
        for (int r = 0; r < a.rows(); r++) {
            int row = a.offset + r * cols;
            for (int c = 0; c < cols; c++) sums[c] += a.data[row + c];
        }
        for (int c = 0; c < cols; c++) {
            float previous = beta == 0 ? 0f : beta * o.data[o.offset + c];
            o.data[o.offset + c] = (float) (alpha * sums[c]) + previous;
        }
    }

    @Override
    public void sumRows(DeviceMatrix m, DeviceMatrix out) {
        CpuMatrix a = cpu(m), o = cpu(out);
        requireSameShape(a.rows(), 1, o, "row sums");
        for (int r = 0; r < a.rows(); r++) {
            double sum = 0;
            int row = a.offset + r * a.cols();
            for (int c = 0; c < a.cols(); c++) sum += a.data[row + c];
            o.data[o.offset + r] = (float) sum;
        }
    }

    @Override
    public double sumAll(DeviceMatrix m) {
        CpuMatrix a = cpu(m);
        double sum = 0;
        for (int i = 0; i < a.size(); i++) sum += a.data[a.offset + i];
        return sum;
    }

    @Override
    public void axpy(float alpha, DeviceMatrix x, DeviceMatrix y) {
        CpuMatrix mx = cpu(x), my = cpu(y);
        requireSameSize(mx, my, "axpy");
        Gemm.axpy(alpha, mx.data, mx.offset, my.data, my.offset, (int) mx.size());
    }

    @Override
    public void scale(float alpha, DeviceMatrix x) {
        CpuMatrix m = cpu(x);
        for (int i = 0; i < m.size(); i++) m.data[m.offset + i] *= alpha;
    }

    @Override
    public void fill(DeviceMatrix m, float value) {
        CpuMatrix a = cpu(m);
        java.util.Arrays.fill(a.data, a.offset, a.offset + (int) a.size(), value);
    }

    @Override
    public void multiply(DeviceMatrix a, DeviceMatrix b, DeviceMatrix out) {
        CpuMatrix ma = cpu(a), mb = cpu(b), mo = cpu(out);
        requireSameSize(ma, mb, "multiply");
        requireSameSize(ma, mo, "multiply output");
        for (int i = 0; i < ma.size(); i++) mo.data[mo.offset + i] = ma.data[ma.offset + i] * mb.data[mb.offset + i];
    }

    @Override
    public void addScaled(float alpha, DeviceMatrix a, float beta, DeviceMatrix b, DeviceMatrix out) {
        CpuMatrix ma = cpu(a), mb = cpu(b), mo = cpu(out);
        requireSameSize(ma, mb, "addScaled");
        requireSameSize(ma, mo, "addScaled output");
        for (int i = 0; i < ma.size(); i++) {
            mo.data[mo.offset + i] = alpha * ma.data[ma.offset + i] + beta * mb.data[mb.offset + i];
        }
    }

    @Override
    public void gatherRows(DeviceMatrix source, DeviceMatrix indices, int offset, DeviceMatrix out) {
        CpuMatrix s = cpu(source), idx = cpu(indices), o = cpu(out);
        if (s.cols() != o.cols()) {
            throw new ShapeMismatchException("gatherRows: source " + s.shape() + " and output " + o.shape() + " differ in columns");
        }
        if (offset < 0 || offset + o.rows() > idx.size()) {
            throw new ShapeMismatchException("gatherRows: rows [" + offset + ", " + (offset + o.rows()) + ") of "
                    + idx.size() + " indices");
        }
        int cols = s.cols();
        for (int r = 0; r < o.rows(); r++) {
            int row = (int) idx.data[idx.offset + offset + r];
            if (row < 0 || row >= s.rows()) {
                throw new ShapeMismatchException("gatherRows: index " + row + " outside a source of " + s.rows() + " rows");
            }
            System.arraycopy(s.data, s.offset + row * cols, o.data, o.offset + r * cols, cols);
        }
    }

    // ---- optimizers ----

    @Override
    public void sgdUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix velocity, float learningRate,
                          float momentum, boolean nesterov, float weightDecay) {
        CpuMatrix p = cpu(params), g = cpu(grads);
        requireSameSize(p, g, "sgd gradients");
        CpuMatrix v = velocity == null ? null : cpu(velocity);
        if (momentum != 0) {
            if (v == null) throw new IllegalArgumentException("sgd with momentum needs a velocity buffer");
            requireSameSize(p, v, "sgd velocity");
        }
        for (int i = 0; i < p.size(); i++) {
            float param = p.data[p.offset + i];
            float step = g.data[g.offset + i] + weightDecay * param;
            if (momentum != 0) {
                float vel = momentum * v.data[v.offset + i] + step;
                v.data[v.offset + i] = vel;
                step = nesterov ? step + momentum * vel : vel;
            }
            p.data[p.offset + i] = param - learningRate * step;
        }
    }

    @Override
    public void adamUpdate(DeviceMatrix params, DeviceMatrix grads, DeviceMatrix firstMoment, DeviceMatrix secondMoment,
                           float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                           boolean decoupled, int step) {
        CpuMatrix p = cpu(params), g = cpu(grads), m = cpu(firstMoment), v = cpu(secondMoment);
        requireSameSize(p, g, "adam gradients");
        requireSameSize(p, m, "adam first moment");
        requireSameSize(p, v, "adam second moment");
        if (step < 1) throw new IllegalArgumentException("adam step counts from 1, got " + step);
        float correction1 = (float) (1 - Math.pow(beta1, step));
        float correction2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float decay = decoupled ? 1f - learningRate * weightDecay : 1f;
        for (int i = 0; i < p.size(); i++) {
            float param = p.data[p.offset + i];
            float grad = g.data[g.offset + i];
            if (!decoupled) grad += weightDecay * param;
            else param *= decay;
            float first = beta1 * m.data[m.offset + i] + (1 - beta1) * grad;
            float second = beta2 * v.data[v.offset + i] + (1 - beta2) * grad * grad;
            m.data[m.offset + i] = first;
            v.data[v.offset + i] = second;
            float denominator = (float) Math.sqrt(second) / correction2Sqrt + epsilon;
            p.data[p.offset + i] = param - (learningRate / correction1) * first / denominator;
        }
    }

    // ---- random ----

    @Override
    public void fillUniform(DeviceMatrix m, long seed, long stream, float low, float high) {
        CpuMatrix a = cpu(m);
        Philox.fillUniform(a.data, a.offset, (int) a.size(), seed, stream, low, high);
    }

    @Override
    public void fillNormal(DeviceMatrix m, long seed, long stream, float mean, float std) {
        CpuMatrix a = cpu(m);
        Philox.fillNormal(a.data, a.offset, (int) a.size(), seed, stream, mean, std);
    }

    @Override
    public void close() {}

    // ---- checks ----

    private CpuMatrix cpu(DeviceMatrix m) {
        if (!(m instanceof CpuMatrix c) || c.backend() != this) {
            throw new IllegalArgumentException("matrix " + m + " belongs to another backend than this CPU backend");
        }
        if (c.isClosed()) throw new IllegalStateException("matrix " + c.shape() + " was used after it was closed");
        return c;
    }

    private static void requireSameShape(int rows, int cols, DeviceMatrix m, String what) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new ShapeMismatchException(what + " must be " + rows + "x" + cols + ", got " + m.shape());
        }
    }

    private static void requireSameSize(DeviceMatrix a, DeviceMatrix b, String what) {
        if (a.size() != b.size()) {
            throw new ShapeMismatchException(what + ": " + a.shape() + " and " + b.shape() + " differ in size");
        }
    }
}
