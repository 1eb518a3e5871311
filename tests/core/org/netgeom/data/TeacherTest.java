package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Philox;

class TeacherTest {
    private static final long SEED = 20240917L;

    private static Teacher teacher(Teacher.Kind kind, int inputDim, double noise) {
        return new Teacher(kind, inputDim, 8, 5, noise, SEED);
    }

    /** w.x / sqrt(d) of example {@code row}, everything drawn again from Philox, in float64. */
    private static double projection(int row, int d, long inputStream) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += (double) Philox.normal(SEED, DataStreams.TEACHER_WEIGHTS, j, 0f, 1f)
                    * Philox.normal(SEED, inputStream, (long) row * d + j, 0f, 1f);
        }
        return sum / Math.sqrt(d);
    }

    @Test
    void inputsAreThePhiloxNormalsOfTheirStream() {
        DataSplit split = teacher(Teacher.Kind.LINEAR, 6, 0).generate(4, 3);
        for (int i = 0; i < 4 * 6; i++) {
            assertEquals(Philox.normal(SEED, DataStreams.TRAIN_INPUTS, i, 0f, 1f), split.train().inputs().data()[i]);
        }
        for (int i = 0; i < 3 * 6; i++) {
            assertEquals(Philox.normal(SEED, DataStreams.TEST_INPUTS, i, 0f, 1f), split.test().inputs().data()[i]);
        }
    }

    @Test
    void linearTargetsAreTheScaledProjection() {
        int d = 20;
        DataSplit split = teacher(Teacher.Kind.LINEAR, d, 0).generate(50, 30);
        assertEquals(0, split.train().classes());
        for (int row = 0; row < 50; row++) {
            assertEquals(projection(row, d, DataStreams.TRAIN_INPUTS), split.train().targets().get(row, 0), 1e-5);
        }
        for (int row = 0; row < 30; row++) {
            assertEquals(projection(row, d, DataStreams.TEST_INPUTS), split.test().targets().get(row, 0), 1e-5);
        }
    }

    @Test
    void signLabelsAreTheSignOfTheProjection() {
        int d = 16;
        Dataset train = teacher(Teacher.Kind.SIGN, d, 0).generate(200, 10).train();
        assertEquals(2, train.classes());
        for (int row = 0; row < 200; row++) {
            assertEquals(projection(row, d, DataStreams.TRAIN_INPUTS) > 0 ? 1 : 0, train.label(row), "row " + row);
        }
        int positives = train.classCounts()[1];
        assertTrue(positives > 60 && positives < 140, "both signs occur: " + positives + " of 200 positive");
    }

    @Test
    void signLabelNoiseFlipsTheGivenFraction() {
        int n = 20000;
        double noise = 0.2;
        Dataset clean = teacher(Teacher.Kind.SIGN, 10, 0).generate(n, 1).train();
        Dataset noisy = teacher(Teacher.Kind.SIGN, 10, noise).generate(n, 1).train();
        assertArrayEquals(clean.inputs().data(), noisy.inputs().data());
        int flipped = 0;
        for (int row = 0; row < n; row++) if (clean.label(row) != noisy.label(row)) flipped++;
        double sigma = Math.sqrt(noise * (1 - noise) / n);
        assertEquals(noise, flipped / (double) n, 5 * sigma);
    }

    @Test
    void linearNoiseIsGaussianWithTheGivenStd() {
        int n = 20000;
        double noise = 0.5;
        Dataset clean = teacher(Teacher.Kind.LINEAR, 10, 0).generate(n, 1).train();
        Dataset noisy = teacher(Teacher.Kind.LINEAR, 10, noise).generate(n, 1).train();
        double sum = 0;
        double sumSquares = 0;
        for (int row = 0; row < n; row++) {
            double residual = noisy.targets().get(row, 0) - clean.targets().get(row, 0);
            sum += residual;
            sumSquares += residual * residual;
        }
        double mean = sum / n;
        double std = Math.sqrt(sumSquares / n - mean * mean);
        assertEquals(0, mean, 5 * noise / Math.sqrt(n));
        assertEquals(noise, std, 5 * noise / Math.sqrt(2.0 * n));
    }

    @Test
    void mlpLabelsAreTheArgmaxOfTheTanhTeacher() {
        int d = 12;
        int width = 8;
        int classes = 5;
        Dataset train = teacher(Teacher.Kind.MLP, d, 0).generate(300, 1).train();
        assertEquals(classes, train.classes());
        for (int row = 0; row < 300; row++) {
            double[] hidden = new double[width];
            for (int k = 0; k < width; k++) {
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    sum += (double) Philox.normal(SEED, DataStreams.TEACHER_WEIGHTS, (long) k * d + j, 0f, 1f)
                            * Philox.normal(SEED, DataStreams.TRAIN_INPUTS, (long) row * d + j, 0f, 1f);
                }
                hidden[k] = Math.tanh(sum / Math.sqrt(d));
            }
            int best = -1;
            double bestOutput = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double output = 0;
                for (int k = 0; k < width; k++) {
                    output += Philox.normal(SEED, DataStreams.TEACHER_OUTPUT_WEIGHTS, (long) c * width + k, 0f, 1f)
                            * hidden[k];
                }
                if (output > bestOutput) {
                    bestOutput = output;
                    best = c;
                }
            }
            assertEquals(best, train.label(row), "row " + row);
        }
        long classesSeen = Arrays.stream(train.classCounts()).filter(count -> count > 0).count();
        assertTrue(classesSeen >= 2, "the teacher uses more than one class: " + Arrays.toString(train.classCounts()));
    }

    @Test
    void mlpLabelNoiseMovesTheGivenFractionToOtherClasses() {
        int n = 20000;
        double noise = 0.3;
        Dataset clean = teacher(Teacher.Kind.MLP, 10, 0).generate(n, 1).train();
        Dataset noisy = teacher(Teacher.Kind.MLP, 10, noise).generate(n, 1).train();
        int changed = 0;
        for (int row = 0; row < n; row++) if (clean.label(row) != noisy.label(row)) changed++;
        assertEquals(noise, changed / (double) n, 5 * Math.sqrt(noise * (1 - noise) / n));
    }

    @Test
    void inputsLookStandardNormal() {
        Dataset train = teacher(Teacher.Kind.SIGN, 100, 0).generate(1000, 1).train();
        double sum = 0;
        double sumSquares = 0;
        for (float v : train.inputs().data()) {
            sum += v;
            sumSquares += (double) v * v;
        }
        int count = train.inputs().size();
        assertEquals(0, sum / count, 5 / Math.sqrt(count));
        assertEquals(1, sumSquares / count, 5 * Math.sqrt(2.0 / count));
    }

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOther() {
        DataSplit a = teacher(Teacher.Kind.LINEAR, 5, 0.1).generate(20, 20);
        DataSplit b = teacher(Teacher.Kind.LINEAR, 5, 0.1).generate(20, 20);
        DataSplit c = new Teacher(Teacher.Kind.LINEAR, 5, 8, 5, 0.1, SEED + 1).generate(20, 20);
        assertArrayEquals(a.train().targets().data(), b.train().targets().data());
        assertArrayEquals(a.test().inputs().data(), b.test().inputs().data());
        assertFalse(Arrays.equals(a.train().inputs().data(), c.train().inputs().data()));
        assertFalse(Arrays.equals(a.train().inputs().data(), a.test().inputs().data()));
    }

    @Test
    void invalidParametersNameTheProblem() {
        InvalidInputException flip = assertThrows(InvalidInputException.class,
                () -> new Teacher(Teacher.Kind.SIGN, 10, 8, 5, 1.5, SEED));
        assertTrue(flip.getMessage().contains("1.5") && flip.getMessage().contains("teacher:sign"), flip.getMessage());
        assertThrows(InvalidInputException.class, () -> new Teacher(Teacher.Kind.MLP, 10, 8, 1, 0, SEED));
        assertThrows(InvalidInputException.class, () -> new Teacher(Teacher.Kind.LINEAR, 0, 8, 5, 0, SEED));
        assertThrows(InvalidInputException.class, () -> teacher(Teacher.Kind.LINEAR, 3, 0).generate(0, 5));
    }
}
