package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.netgeom.data.Messages.assertMessageContains;

import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

class DatasetTest {

    /** Six examples of two features; example i has inputs (i, 10 i) and label i % 3. */
    private static Dataset sixExamples() {
        double[][] inputs = new double[6][];
        double[][] labels = new double[6][];
        for (int i = 0; i < 6; i++) {
            inputs[i] = new double[] {i, 10 * i};
            labels[i] = new double[] {i % 3};
        }
        return new Dataset("six", Matrix.of(inputs), Matrix.of(labels), 3);
    }

    @Test
    void rowCountsThatDifferAreRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Dataset("d", new Matrix(3, 2), new Matrix(4, 1), 2));
        assertMessageContains(e, "3 input rows", "4 target rows");
    }

    @Test
    void aLabelOutsideTheClassesIsRejectedWithItsRowAndValue() {
        Matrix labels = Matrix.of(new double[][] {{0}, {1}, {2}});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Dataset("d", new Matrix(3, 2), labels, 2));
        assertMessageContains(e, "row 2", "2.0", "[0, 2)");
    }

    @Test
    void aFractionalOrNegativeLabelIsRejected() {
        assertMessageContains(assertThrows(InvalidInputException.class,
                () -> new Dataset("d", new Matrix(2, 1), Matrix.of(new double[][] {{0}, {0.5}}), 2)), "row 1", "0.5");
        assertMessageContains(assertThrows(InvalidInputException.class,
                () -> new Dataset("d", new Matrix(2, 1), Matrix.of(new double[][] {{-1}, {0}}), 2)), "row 0", "-1.0");
    }

    @Test
    void classLabelsMustBeOneColumn() {
        assertThrows(InvalidInputException.class, () -> new Dataset("d", new Matrix(2, 1), new Matrix(2, 2), 2));
    }

    @Test
    void nanInTheInputsIsRejectedWithRowAndColumn() {
        Matrix inputs = new Matrix(3, 4);
        inputs.set(2, 1, Float.NaN);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Dataset("d", inputs, new Matrix(3, 1), 0));
        assertMessageContains(e, "inputs row 2, column 1", "NaN");
    }

    @Test
    void infinityInTheTargetsIsRejected() {
        Matrix targets = new Matrix(3, 2);
        targets.set(1, 0, Float.NEGATIVE_INFINITY);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Dataset("d", new Matrix(3, 1), targets, 0));
        assertMessageContains(e, "targets row 1, column 0", "Infinity");
    }

    @Test
    void subsetTakesTheRowsInTheOrderGiven() {
        Dataset subset = sixExamples().subset(new int[] {4, 1, 4});
        assertEquals(3, subset.size());
        assertArrayEquals(new float[] {4, 40, 1, 10, 4, 40}, subset.inputs().data());
        assertArrayEquals(new float[] {1, 1, 1}, subset.targets().data());
        assertThrows(InvalidInputException.class, () -> sixExamples().subset(new int[] {6}));
    }

    @Test
    void firstRowsKeepsTheFirstExamplesAndRejectsTooMany() {
        Dataset first = sixExamples().firstRows(2);
        assertArrayEquals(new float[] {0, 0, 1, 10}, first.inputs().data());
        assertMessageContains(assertThrows(InvalidInputException.class, () -> sixExamples().firstRows(7)), "6", "7");
    }

    @Test
    void withClassesKeepsAndRelabelsInTheOrderGiven() {
        Dataset filtered = sixExamples().withClasses(2, 0);
        assertEquals(2, filtered.classes());
        // examples 0, 2, 3, 5 have labels 0, 2, 0, 2; class 2 becomes 0 and class 0 becomes 1
        assertArrayEquals(new float[] {0, 0, 2, 20, 3, 30, 5, 50}, filtered.inputs().data());
        assertArrayEquals(new float[] {1, 0, 1, 0}, filtered.targets().data());
        assertArrayEquals(new int[] {2, 2}, filtered.classCounts());
    }

    @Test
    void withClassesRejectsUnknownDuplicateAndRegression() {
        assertMessageContains(assertThrows(InvalidInputException.class, () -> sixExamples().withClasses(3)), "class 3");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> sixExamples().withClasses(1, 1)), "twice");
        Dataset regression = new Dataset("r", new Matrix(2, 1), new Matrix(2, 1), 0);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> regression.withClasses(0)), "regression");
    }

    @Test
    void standardizationUsesTheStatisticsOfTheSetItWasComputedOn() {
        Dataset train = new Dataset("train", Matrix.of(new double[][] {{1, 5, 2}, {3, 5, 4}, {8, 5, 9}}),
                new Matrix(3, 1), 0);
        Dataset test = new Dataset("test", Matrix.of(new double[][] {{2, 7, 0}}), new Matrix(1, 1), 0);
        double[] means = new double[3];
        double[] stds = new double[3];
        double[][] x = {{1, 5, 2}, {3, 5, 4}, {8, 5, 9}};
        for (int j = 0; j < 3; j++) {
            for (double[] row : x) means[j] += row[j] / 3;
            for (double[] row : x) stds[j] += (row[j] - means[j]) * (row[j] - means[j]) / 3;
            stds[j] = Math.sqrt(stds[j]);
        }
        Standardization statistics = train.featureStatistics();
        assertArrayEquals(means, statistics.means(), 1e-12);
        assertArrayEquals(stds, statistics.stds(), 1e-12);
        Dataset standardizedTest = test.standardized(statistics);
        assertEquals((2 - means[0]) / stds[0], standardizedTest.inputs().get(0, 0), 1e-6);
        // the constant feature (std 0) is only centred
        assertEquals(7 - 5, standardizedTest.inputs().get(0, 1), 1e-6);
        assertEquals((0 - means[2]) / stds[2], standardizedTest.inputs().get(0, 2), 1e-6);
    }

    @Test
    void standardizedTrainingFeaturesHaveMeanZeroAndStdOne() {
        Dataset data = sixExamples();
        Standardization after = data.standardized(data.featureStatistics()).featureStatistics();
        for (int j = 0; j < 2; j++) {
            assertEquals(0, after.means()[j], 1e-6);
            assertEquals(1, after.stds()[j], 1e-6);
        }
    }

    @Test
    void standardizationRejectsADifferentFeatureCount() {
        Standardization statistics = sixExamples().featureStatistics();
        Dataset other = new Dataset("other", new Matrix(2, 3), new Matrix(2, 1), 0);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> other.standardized(statistics)),
                "2 features", "has 3");
    }

    @Test
    void summaryNamesShapeTaskAndClassCounts() {
        assertEquals("six: 6 examples x 2 features, 3 classes (per class: 2,2,2)", sixExamples().summary());
        Dataset regression = new Dataset("r", new Matrix(4, 3), new Matrix(4, 2), 0);
        assertEquals("r: 4 examples x 3 features, regression with 2 targets", regression.summary());
    }
}
