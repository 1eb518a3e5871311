package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.data.Messages.assertMessageContains;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.tensor.InvalidInputException;

class NpyDatasetsTest {
    @TempDir Path folder;

    /** n examples of d features; feature j of example i is i + j / 100, so each row names its example. */
    private Path inputs(String name, int n, int d) {
        float[] values = new float[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) values[i * d + j] = i + j / 100f;
        Path file = folder.resolve(name);
        Npy.write(file, new long[] {n, d}, values);
        return file;
    }

    private Path intLabels(String name, int... labels) {
        Path file = folder.resolve(name);
        Npy.writeInt32(file, new long[] {labels.length}, labels);
        return file;
    }

    private DataSplit load(DataSpec.NpyFiles files, DataOptions options) { return DataSets.load(DataSpec.npy(files), options); }

    @Test
    void integerLabelsGiveClassesLargestPlusOneOverBothSplits() {
        DataSpec.NpyFiles files = new DataSpec.NpyFiles(inputs("x.npy", 4, 3), intLabels("y.npy", 0, 2, 1, 2),
                inputs("tx.npy", 2, 3), intLabels("ty.npy", 4, 0));
        DataSplit split = load(files, DataOptions.defaults());
        assertEquals(5, split.train().classes());
        assertEquals(5, split.test().classes());
        assertArrayEquals(new float[] {0, 2, 1, 2}, split.train().targets().data());
        assertEquals(1.02f, split.train().inputs().get(1, 2));
    }

    @Test
    void givenLabelClassesAreUsedAndChecked() {
        DataSpec.NpyFiles files = new DataSpec.NpyFiles(inputs("x.npy", 3, 2), intLabels("y.npy", 0, 1, 2), null, null);
        assertEquals(6, load(files, DataOptions.defaults().withLabelClasses(6)).train().classes());
        assertMessageContains(assertThrows(InvalidInputException.class,
                () -> load(files, DataOptions.defaults().withLabelClasses(2))), "labelClasses is 2", "2");
    }

    @Test
    void nonIntegralFloatLabelsAreRegressionTargets() {
        Path labels = folder.resolve("y.npy");
        Npy.write(labels, new long[] {4}, new double[] {0.5, 1, 2, 3});
        DataSplit split = load(new DataSpec.NpyFiles(inputs("x.npy", 4, 2), labels, null, null),
                DataOptions.defaults().withTestFraction(0.25));
        assertEquals(0, split.train().classes());
        assertEquals(3, split.train().size());
        assertEquals(1, split.test().size());
    }

    @Test
    void matrixLabelsAreMultiOutputRegression() {
        Path labels = folder.resolve("y.npy");
        Npy.write(labels, new long[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6});
        Path inputs = inputs("x.npy", 3, 2);
        DataSplit split = load(new DataSpec.NpyFiles(inputs, labels, inputs, labels), DataOptions.defaults());
        assertEquals(2, split.train().targetDim());
        assertEquals(0, split.train().classes());
    }

    @Test
    void imageInputsAreFlattenedRowByRow() {
        Path images = folder.resolve("images.npy");
        float[] pixels = new float[2 * 3 * 4];
        for (int i = 0; i < pixels.length; i++) pixels[i] = i;
        Npy.write(images, new long[] {2, 3, 4}, pixels);
        DataSplit split = load(new DataSpec.NpyFiles(images, intLabels("y.npy", 0, 1), images, intLabels("ty.npy", 1, 0)),
                DataOptions.defaults());
        assertEquals(12, split.train().inputDim());
        assertEquals(12f + 5f, split.train().inputs().get(1, 5));
    }

    @Test
    void theHeldOutSplitIsSeededDisjointAndComplete() {
        int n = 50;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 3;
        DataSpec.NpyFiles files = new DataSpec.NpyFiles(inputs("x.npy", n, 2), intLabels("y.npy", labels), null, null);
        DataOptions options = DataOptions.defaults().withTestFraction(0.2).withSeed(11);
        DataSplit split = load(files, options);
        assertEquals(40, split.train().size());
        assertEquals(10, split.test().size());
        Set<Integer> seen = new HashSet<>();
        for (Dataset part : new Dataset[] {split.train(), split.test()}) {
            for (int row = 0; row < part.size(); row++) {
                int example = (int) part.inputs().get(row, 0);
                assertTrue(seen.add(example), "example " + example + " appears once");
                assertEquals(example % 3, part.label(row), "the label travels with its example");
            }
        }
        assertEquals(n, seen.size());
        DataSplit again = load(files, options);
        assertArrayEquals(split.test().inputs().data(), again.test().inputs().data());
        DataSplit otherSeed = load(files, options.withSeed(12));
        assertFalse(Arrays.equals(split.test().inputs().data(), otherSeed.test().inputs().data()));
    }

    @Test
    void inputsAndLabelsOfDifferentLengthsAreRejected() {
        DataSpec.NpyFiles files = new DataSpec.NpyFiles(inputs("x.npy", 5, 2), intLabels("y.npy", 0, 1, 0), null, null);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> load(files, DataOptions.defaults())),
                "x.npy", "5 examples", "y.npy", "3");
    }

    @Test
    void negativeIntegerLabelsAreRejected() {
        DataSpec.NpyFiles files = new DataSpec.NpyFiles(inputs("x.npy", 2, 2), intLabels("y.npy", 0, -1), null, null);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> load(files, DataOptions.defaults())),
                "y.npy", "-1");
    }

    @Test
    void testInputsWithOtherFeaturesAreRejected() {
        DataSpec.NpyFiles files = new DataSpec.NpyFiles(inputs("x.npy", 2, 2), intLabels("y.npy", 0, 1),
                inputs("tx.npy", 2, 3), intLabels("ty.npy", 0, 1));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> load(files, DataOptions.defaults())),
                "2 features", "tx.npy", "3");
    }

    @Test
    void nanInTheInputsIsRejectedWithItsPlace() {
        Path x = folder.resolve("x.npy");
        Npy.write(x, new long[] {2, 2}, new float[] {0, 1, Float.NaN, 3});
        DataSpec.NpyFiles files = new DataSpec.NpyFiles(x, intLabels("y.npy", 0, 1), x, intLabels("ty.npy", 0, 1));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> load(files, DataOptions.defaults())),
                "row 1, column 0", "NaN");
    }
}
