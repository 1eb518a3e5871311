package org.netgeom.backend.cpu;

import org.netgeom.tensor.Philox;

/** Dropout masks and batch normalization on float arrays (column statistics summed in float64). */
final class NormalizationOps {
    private NormalizationOps() {}

    static void dropoutMask(CpuMatrix mask, long seed, long stream, float rate) {
        int n = mask.length();
        Philox.fillUniform(mask.data, mask.offset, n, seed, stream, 0f, 1f);
        float keep = 1f / (1f - rate);
        for (int i = 0; i < n; i++) mask.data[mask.offset + i] = mask.data[mask.offset + i] >= rate ? keep : 0f;
    }

    static void forward(CpuMatrix x, CpuMatrix gamma, CpuMatrix beta, float epsilon, CpuMatrix normalized, CpuMatrix y,
                        CpuMatrix mean, CpuMatrix variance, CpuMatrix invStd) {
        int rows = x.rows(), cols = x.cols();
        double[] sum = new double[cols], squares = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) sum[c] += x.data[x.offset + r * cols + c];
        }
        for (int c = 0; c < cols; c++) sum[c] /= rows;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double d = x.data[x.offset + r * cols + c] - sum[c];
                squares[c] += d * d;
            }
        }
        for (int c = 0; c < cols; c++) {
            double var = squares[c] / rows;
            mean.data[mean.offset + c] = (float) sum[c];
            variance.data[variance.offset + c] = (float) var;
            invStd.data[invStd.offset + c] = (float) (1.0 / Math.sqrt(var + epsilon));
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                float xhat = (x.data[x.offset + i] - mean.data[mean.offset + c]) * invStd.data[invStd.offset + c];
                normalized.data[normalized.offset + i] = xhat;
                y.data[y.offset + i] = gamma.data[gamma.offset + c] * xhat + beta.data[beta.offset + c];
            }
        }
    }

    static void inference(CpuMatrix x, CpuMatrix gamma, CpuMatrix beta, CpuMatrix runningMean, CpuMatrix runningVariance,
                          float epsilon, CpuMatrix y) {
        int rows = x.rows(), cols = x.cols();
        for (int c = 0; c < cols; c++) {
            float inv = (float) (1.0 / Math.sqrt(runningVariance.data[runningVariance.offset + c] + epsilon));
            float g = gamma.data[gamma.offset + c], b = beta.data[beta.offset + c], m = runningMean.data[runningMean.offset + c];
            for (int r = 0; r < rows; r++) {
                int i = r * cols + c;
                y.data[y.offset + i] = g * ((x.data[x.offset + i] - m) * inv) + b;
            }
        }
    }

    static void backward(CpuMatrix gradY, CpuMatrix normalized, CpuMatrix gamma, CpuMatrix invStd, CpuMatrix gradX,
                         CpuMatrix gradGamma, CpuMatrix gradBeta) {
        int rows = gradY.rows(), cols = gradY.cols();
        double[] dGamma = new double[cols], dBeta = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                dGamma[c] += (double) gradY.data[gradY.offset + i] * normalized.data[normalized.offset + i];
                dBeta[c] += gradY.data[gradY.offset + i];
            }
        }
        for (int c = 0; c < cols; c++) {
            gradGamma.data[gradGamma.offset + c] = (float) dGamma[c];
            gradBeta.data[gradBeta.offset + c] = (float) dBeta[c];
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double scale = gamma.data[gamma.offset + c] * invStd.data[invStd.offset + c] / (double) rows;
                gradX.data[gradX.offset + i] = (float) (scale * (rows * (double) gradY.data[gradY.offset + i] - dBeta[c]
                        - normalized.data[normalized.offset + i] * dGamma[c]));
            }
        }
    }
}
