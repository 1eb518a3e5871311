package org.netgeom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netgeom.data.Messages.assertMessageContains;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;

class DataSpecAndOptionsTest {

    @Test
    void parsesTheNamedKinds() {
        assertEquals(DataSpec.Kind.FASHION_MNIST, DataSpec.parse("fashion-mnist").kind());
        assertEquals(DataSpec.Kind.TEACHER_LINEAR, DataSpec.parse("teacher:linear").kind());
        assertEquals(DataSpec.Kind.TEACHER_SIGN, DataSpec.parse(" Teacher:Sign ").kind());
        assertEquals(DataSpec.Kind.TEACHER_MLP, DataSpec.parse("teacher:mlp").kind());
        assertEquals("teacher:mlp", DataSpec.parse("TEACHER:MLP").cliName());
    }

    @Test
    void anUnknownKindListsTheValidOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DataSpec.parse("mnist"));
        assertMessageContains(e, "'mnist'", "fashion-mnist", "teacher:linear", "teacher:sign", "teacher:mlp", "trainInputs");
        assertThrows(InvalidInputException.class, () -> DataSpec.parse("teacher:"));
        assertThrows(InvalidInputException.class, () -> DataSpec.parse(null));
    }

    @Test
    void npyDataNeedsItsFiles() {
        assertMessageContains(assertThrows(InvalidInputException.class, () -> DataSpec.parse("npy")), "trainInputs");
        assertMessageContains(assertThrows(InvalidInputException.class,
                () -> new DataSpec.NpyFiles(Path.of("x.npy"), Path.of("y.npy"), Path.of("tx.npy"), null)),
                "test", "tx.npy");
        assertThrows(InvalidInputException.class, () -> DataSpec.npy(Path.of("x.npy"), null));
        DataSpec spec = DataSpec.npy(Path.of("x.npy"), Path.of("y.npy"));
        assertEquals(DataSpec.Kind.NPY, spec.kind());
        assertEquals(false, spec.npyFiles().hasTestSet());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        DataOptions defaults = DataOptions.defaults();
        assertEquals(100, defaults.inputDim());
        assertEquals(0.0, defaults.noise());
        assertEquals(32, defaults.teacherWidth());
        assertEquals(10, defaults.teacherClasses());
        assertEquals(FashionMnist.DEFAULT_DIRECTORY, defaults.directory());
        assertEquals(List.of(), defaults.classes());
    }

    @Test
    void outOfRangeOptionsNameTheFieldTheValueAndTheRange() {
        DataOptions d = DataOptions.defaults();
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withTrainSize(-1)), "trainSize", "-1",
                "between 0 and " + DataOptions.MAX_EXAMPLES);
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withTestSize(1 << 25)), "testSize",
                String.valueOf(1 << 25));
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withInputDim(0)), "inputDim", "0",
                "between 1 and");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withNoise(Double.NaN)), "noise", "NaN");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withNoise(-0.1)), "noise", "-0.1");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withTestFraction(1.0)), "testFraction",
                "1.0");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withTeacherClasses(1)),
                "teacherClasses", "between 2 and");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withTeacherWidth(0)), "teacherWidth");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withLabelClasses(-2)), "labelClasses");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withClasses(List.of(1, 3, 1))),
                "[1, 3, 1]", "twice");
        assertMessageContains(assertThrows(InvalidInputException.class, () -> d.withClasses(List.of(-1))), "classes",
                "-1");
    }

    @Test
    void withersChangeOnlyTheirField() {
        DataOptions changed = DataOptions.defaults().withSeed(42).withStandardize(true).withTrainSize(7);
        assertEquals(42, changed.seed());
        assertTrue(changed.standardize());
        assertEquals(7, changed.trainSize());
        assertEquals(100, changed.inputDim());
        assertEquals(0.2, changed.testFraction());
    }

    @Test
    void typedFactoriesNameTheSameDataSetsAsTheirCommandLineSpellings() {
        assertEquals(DataSpec.parse("fashion-mnist"), DataSpec.fashionMnist());
        for (Teacher.Kind teacher : Teacher.Kind.values()) {
            assertEquals(DataSpec.parse(teacher.cliName()), DataSpec.teacher(teacher), teacher.toString());
        }
    }
}
