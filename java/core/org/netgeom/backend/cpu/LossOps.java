package org.netgeom.backend.cpu;

/**
 * Row-wise softmax and the two losses on (array, offset) matrices. Exponentials and sums are
 * taken in float64 after subtracting the row maximum, so large logits neither overflow nor
 * lose the small probabilities. Argmax ties go to the lowest index, and NaN never wins one
 * (a row with nothing above -infinity has no argmax), as in the CUDA kernels.
 */
final class LossOps {
    private LossOps() {}

    /** Running totals of one loss call: the sum of row losses and the rows predicted right. */
    record Totals(double loss, double correct) {}

    static void softmax(CpuMatrix logits, CpuMatrix probabilities) {
        int cols = logits.cols();
        float[] in = logits.data, out = probabilities.data;
        for (int r = 0; r < logits.rows(); r++) {
            int inRow = logits.offset + r * cols, outRow = probabilities.offset + r * cols;
            double max = rowMax(in, inRow, cols);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(in[inRow + c] - max);
            for (int c = 0; c < cols; c++) out[outRow + c] = (float) (Math.exp(in[inRow + c] - max) / sum);
        }
    }

    /**
     * Softmax cross-entropy per row against a float class index; a label that is not an
     * integer in [0, cols) gives that row a NaN loss and NaN gradient (never an index error).
     */
    static Totals softmaxCrossEntropy(CpuMatrix logits, CpuMatrix labels, CpuMatrix gradient, float gradScale) {
        int cols = logits.cols();
        float[] in = logits.data;
        double lossSum = 0, correct = 0;
        for (int r = 0; r < logits.rows(); r++) {
            int row = logits.offset + r * cols;
            float labelValue = labels.data[labels.offset + r];
            int label = (int) labelValue;
            boolean valid = label == labelValue && label >= 0 && label < cols;
            int best = argmax(in, row, cols);
            double max = rowMax(in, row, cols);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(in[row + c] - max);
            double logSum = Math.log(sum) + max;
            lossSum += valid ? logSum - in[row + label] : Double.NaN;
            if (valid && best == label) correct++;
            if (gradient != null) {
                int gradRow = gradient.offset + r * cols;
                for (int c = 0; c < cols; c++) {
                    double target = valid ? (c == label ? 1 : 0) : Double.NaN;
                    gradient.data[gradRow + c] = (float) ((Math.exp(in[row + c] - logSum) - target) * gradScale);
                }
            }
        }
        return new Totals(lossSum, correct);
    }

    /**
     * Squared error per element; a row is right when the signs agree (one column) or the
     * argmaxes agree (several columns). gradient = 2 (prediction - target) gradScale.
     */
    static Totals squaredError(CpuMatrix prediction, CpuMatrix targets, CpuMatrix gradient, float gradScale) {
        int cols = prediction.cols();
        float[] p = prediction.data, t = targets.data;
        double sum = 0, correct = 0;
        for (int r = 0; r < prediction.rows(); r++) {
            int pRow = prediction.offset + r * cols, tRow = targets.offset + r * cols;
            for (int c = 0; c < cols; c++) {
                float diff = p[pRow + c] - t[tRow + c];
                sum += (double) diff * diff;
                if (gradient != null) gradient.data[gradient.offset + r * cols + c] = 2f * diff * gradScale;
            }
            boolean right = cols == 1 ? (p[pRow] > 0) == (t[tRow] > 0)
                    : argmax(p, pRow, cols) == argmax(t, tRow, cols);
            if (right) correct++;
        }
        return new Totals(sum, correct);
    }

    /** Index of the first maximum of values[start .. start + count); count when none exceeds -infinity. */
    static int argmax(float[] values, int start, int count) {
        float max = Float.NEGATIVE_INFINITY;
        int best = count;
        for (int c = 0; c < count; c++) {
            if (values[start + c] > max) {
                max = values[start + c];
                best = c;
            }
        }
        return best;
    }

    /** The largest non-NaN value of values[start .. start + count), -infinity if none. */
    private static double rowMax(float[] values, int start, int count) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            if (values[start + c] > max) max = values[start + c];
        }
        return max;
    }
}
