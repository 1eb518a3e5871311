package org.netgeom.data;

import java.util.Locale;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

/**
 * Synthetic data from a random teacher: inputs x ~ N(0, I_d), targets from a fixed random
 * function of x (docs/methods/bmd.md, "Teachers"). Every random number is a Philox draw keyed
 * by the seed, so a seed gives the same data on every machine:
 * <ul>
 *   <li>{@code linear}: y = w.x / sqrt(d) + noise * N(0, 1), regression with one target.</li>
 *   <li>{@code sign}: class 1 if w.x / sqrt(d) > 0, else 0; each label flips with probability
 *       {@code noise}.</li>
 *   <li>{@code mlp}: o = W2 tanh(W1 x / sqrt(d)) / sqrt(width) with W1 (width x d) and W2
 *       (classes x width) ~ N(0, 1); class = argmax o (lowest index on ties). With probability
 *       {@code noise} a label is replaced by one of the other classes, drawn uniformly.</li>
 * </ul>
 * The teacher is the same for the training and the test set; their inputs and noise come from
 * different streams (see {@link DataStreams}).
 */
public record Teacher(Kind kind, int inputDim, int hiddenWidth, int classes, double noise, long seed) {

    /** The teacher functions, by their --data names. */
    public enum Kind {
        LINEAR, SIGN, MLP;

        public String cliName() { return "teacher:" + name().toLowerCase(Locale.ROOT); }
    }

    public Teacher {
        if (kind == null) throw new InvalidInputException("a teacher needs a kind: linear, sign or mlp");
        if (inputDim < 1) throw new InvalidInputException("teacher inputDim must be >= 1, got " + inputDim);
        if (kind == Kind.MLP && hiddenWidth < 1) {
            throw new InvalidInputException("teacher hiddenWidth must be >= 1, got " + hiddenWidth);
        }
        if (kind == Kind.MLP && (long) hiddenWidth * Math.max(inputDim, classes) > DataFiles.MAX_ARRAY_BYTES) {
            throw new InvalidInputException("teacher hiddenWidth " + hiddenWidth + " x inputDim " + inputDim
                    + " is more weights than one array holds");
        }
        if (kind == Kind.MLP && classes < 2) {
            throw new InvalidInputException("teacher classes must be >= 2 for teacher:mlp, got " + classes);
        }
        if (!Double.isFinite(noise) || noise < 0) {
            throw new InvalidInputException("teacher noise must be a finite number >= 0, got " + noise);
        }
        if (kind != Kind.LINEAR && noise > 1) {
            throw new InvalidInputException("noise " + noise + " is a label-flip probability for " + kind.cliName()
                    + ": use 0 <= noise <= 1");
        }
    }

    /** Number of classes of the generated data: 0 (regression), 2 (sign) or {@code classes} (mlp). */
    public int dataClasses() {
        return switch (kind) {
            case LINEAR -> 0;
            case SIGN -> 2;
            case MLP -> classes;
        };
    }

    /** A training set of {@code trainSize} and a test set of {@code testSize} examples. */
    public DataSplit generate(int trainSize, int testSize) {
        return new DataSplit(generate(trainSize, DataStreams.TRAIN_INPUTS, DataStreams.TRAIN_NOISE, "train"),
                generate(testSize, DataStreams.TEST_INPUTS, DataStreams.TEST_NOISE, "test"));
    }

    private Dataset generate(int size, long inputsStream, long noiseStream, String split) {
        if (size < 1) throw new InvalidInputException("teacher " + split + " size must be >= 1, got " + size);
        Matrix inputs = new Matrix(size, inputDim);
        Philox.fillNormal(inputs.data(), 0, inputs.size(), seed, inputsStream, 0f, 1f);
        Matrix targets = switch (kind) {
            case LINEAR -> linearTargets(inputs, noiseStream);
            case SIGN -> signLabels(inputs, noiseStream);
            case MLP -> mlpLabels(inputs, noiseStream);
        };
        return new Dataset(kind.cliName() + " " + split, inputs, targets, dataClasses());
    }

    /** w.x / sqrt(d) for every row, in float64. */
    private double[] projections(Matrix inputs) {
        float[] weights = normals(inputDim, DataStreams.TEACHER_WEIGHTS);
        double scale = 1.0 / Math.sqrt(inputDim);
        double[] out = new double[inputs.rows()];
        for (int row = 0; row < out.length; row++) {
            out[row] = dot(weights, 0, inputs.data(), row * inputDim, inputDim) * scale;
        }
        return out;
    }

    private Matrix linearTargets(Matrix inputs, long noiseStream) {
        double[] projections = projections(inputs);
        float[] noiseDraws = normals(projections.length, noiseStream);
        float[] targets = new float[projections.length];
        for (int row = 0; row < targets.length; row++) {
            targets[row] = (float) (projections[row] + noise * noiseDraws[row]);
        }
        return new Matrix(targets.length, 1, targets);
    }

    private Matrix signLabels(Matrix inputs, long noiseStream) {
        double[] projections = projections(inputs);
        float[] flipDraws = uniforms(projections.length, noiseStream);
        float[] labels = new float[projections.length];
        for (int row = 0; row < labels.length; row++) {
            boolean positive = projections[row] > 0;
            if (flipDraws[row] < noise) positive = !positive;
            labels[row] = positive ? 1f : 0f;
        }
        return new Matrix(labels.length, 1, labels);
    }

    private Matrix mlpLabels(Matrix inputs, long noiseStream) {
        float[] hiddenWeights = normals(hiddenWidth * inputDim, DataStreams.TEACHER_WEIGHTS);
        float[] outputWeights = normals(classes * hiddenWidth, DataStreams.TEACHER_OUTPUT_WEIGHTS);
        float[] noiseDraws = uniforms(2 * inputs.rows(), noiseStream);
        double inputScale = 1.0 / Math.sqrt(inputDim);
        double hiddenScale = 1.0 / Math.sqrt(hiddenWidth);
        double[] hidden = new double[hiddenWidth];
        float[] labels = new float[inputs.rows()];
        for (int row = 0; row < labels.length; row++) {
            for (int k = 0; k < hiddenWidth; k++) {
                double preactivation = dot(hiddenWeights, k * inputDim, inputs.data(), row * inputDim, inputDim);
                hidden[k] = Math.tanh(preactivation * inputScale);
            }
            int best = 0;
            double bestOutput = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double output = 0;
                for (int k = 0; k < hiddenWidth; k++) output += outputWeights[c * hiddenWidth + k] * hidden[k];
                output *= hiddenScale;
                if (output > bestOutput) {
                    bestOutput = output;
                    best = c;
                }
            }
            if (noiseDraws[2 * row] < noise) {
                // u < 1 in float64 keeps the offset in 1..classes-1: another class, uniformly.
                best = (best + 1 + (int) (noiseDraws[2 * row + 1] * (double) (classes - 1))) % classes;
            }
            labels[row] = best;
        }
        return new Matrix(labels.length, 1, labels);
    }

    private float[] normals(int count, long stream) {
        float[] out = new float[count];
        Philox.fillNormal(out, 0, count, seed, stream, 0f, 1f);
        return out;
    }

    private float[] uniforms(int count, long stream) {
        float[] out = new float[count];
        Philox.fillUniform(out, 0, count, seed, stream, 0f, 1f);
        return out;
    }

    private static double dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) sum += (double) a[aOffset + i] * b[bOffset + i];
        return sum;
    }
}
