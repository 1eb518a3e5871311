package org.netgeom.bmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.Dataset;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.RandomFeatures;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

/** The Monte Carlo estimator: agreement with the exact one, flips as the distributions define them, bad input. */
class MonteCarloBmdTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    @AfterAll
    static void closeBackend() { CPU.close(); }

    private static BmdSettings uniform(int samples, long seed) {
        return BmdSettings.of(new InputDistribution.Uniform(), samples, seed);
    }

    @Test
    void agreesWithExactWithinThreeStandardErrorsOnRandomSmallMlps() {
        for (long seed = 1; seed <= 4; seed++) {
            try (Mlp mlp = new Mlp(CPU, Architecture.of(10, 24, 3), Activation.TANH).initialize(Initialization.NORMAL, seed)) {
                BmdResult exact = BooleanMeanDimension.exact(mlp, Readout.vector());
                BmdResult mc = BooleanMeanDimension.monteCarlo(mlp, uniform(1500, 100 + seed));
                assertTrue(mc.stderr() > 0 && mc.stderr() < 0.2 * exact.bmd(), "a useful error bar: " + mc.stderr());
                assertEquals(exact.bmd(), mc.bmd(), 3 * mc.stderr(),
                        "seed " + seed + ": MC " + mc.bmd() + " +- " + mc.stderr() + " vs exact " + exact.bmd());
            }
        }
    }

    @Test
    void agreesWithExactOnAScalarReadoutOfRandomFeatures() {
        try (RandomFeatures rf = new RandomFeatures(CPU, 9, 40, 1, Activation.ERF, 7)) {
            rf.loadReadout(new Matrix(1, 40, randomNormals(40, 8)));
            BmdResult exact = BooleanMeanDimension.exact(rf, Readout.output(0));
            BmdResult mc = BooleanMeanDimension.monteCarlo(rf, uniform(2000, 9).withReadout(Readout.output(0)));
            assertEquals(exact.bmd(), mc.bmd(), 3 * mc.stderr(), "MC " + mc.bmd() + " +- " + mc.stderr() + " vs exact " + exact.bmd());
        }
    }

    @Test
    void aDifferenceReadoutAgreesWithExactAndIsTheVectorReadoutOfTheDifference() {
        try (Mlp mlp = new Mlp(CPU, Architecture.of(8, 16, 3), Activation.TANH).initialize(Initialization.NORMAL, 21)) {
            Readout difference = Readout.difference(2, 0);
            BmdResult exact = BooleanMeanDimension.exact(mlp, difference);
            BmdResult mc = BooleanMeanDimension.monteCarlo(mlp, uniform(1500, 22).withReadout(difference));
            assertEquals(8, mc.influence().length, "one influence per input");
            assertEquals(exact.bmd(), mc.bmd(), 3 * mc.stderr(), "MC " + mc.bmd() + " +- " + mc.stderr() + " vs exact " + exact.bmd());
            BmdResult single = BooleanMeanDimension.monteCarlo(mlp, uniform(1500, 22).withReadout(Readout.output(2)));
            assertTrue(Math.abs(single.totalInfluence() - mc.totalInfluence()) > 1e-6,
                    "the difference of two outputs is not the first output alone");
        }
    }

    @Test
    void theEstimateDoesNotDependOnHowPointsAreBatchedOrDrawn() {
        try (Mlp mlp = new Mlp(CPU, Architecture.of(8, 16, 3), Activation.TANH).initialize(Initialization.NORMAL, 31)) {
            for (InputDistribution distribution : new InputDistribution[] {new InputDistribution.Uniform(), new InputDistribution.Gaussian()}) {
                BmdSettings settings = BmdSettings.of(distribution, 300, 32);
                // One point per model call, drawn alone, against 300 points per call drawn on all cores.
                BmdResult single = BooleanMeanDimension.monteCarlo(mlp, settings.withRowsPerCall(9));
                BmdResult batched = BooleanMeanDimension.monteCarlo(mlp, settings.withRowsPerCall(300 * 9));
                assertEquals(single.bmd(), batched.bmd(), 0, distribution.name());
                assertEquals(single.stderr(), batched.stderr(), 0, distribution.name());
            }
        }
    }

    @Test
    void parityOfThreeBitsHasBmdThree() {
        BmdResult mc = BooleanMeanDimension.monteCarlo(
                FunctionModel.scalar(CPU, 8, x -> ExactBmdTest.parity(x, 3)), uniform(400, 3));
        assertEquals(3.0, mc.totalInfluence(), 1e-9, "every flip of a parity bit changes f by 2");
        assertEquals(3.0, mc.bmd(), 3 * mc.stderr() + 1e-9, "parity BMD " + mc.bmd() + " +- " + mc.stderr());
        assertEquals(0.0, mc.influence()[5], 0.0, "an unused input has no influence");
    }

    @Test
    void linearFunctionHasInfluenceWSquaredAtEveryPoint() {
        double[] w = {1, -2, 0.5, 0};
        BmdResult mc = BooleanMeanDimension.monteCarlo(FunctionModel.scalar(CPU, 4, x -> ExactBmdTest.dot(w, x)), uniform(50, 5));
        assertArrayEquals(new double[] {1, 4, 0.25, 0}, mc.influence(), 1e-6, "Inf_i = w_i^2");
    }

    @Test
    void resultDoesNotDependOnHowPointsAreBatched() {
        FunctionModel f = FunctionModel.scalar(CPU, 6, x -> Math.tanh(x[0] + 0.5 * x[1] * x[2]) + x[3] * x[4] * x[5]);
        BmdResult oneCall = BooleanMeanDimension.monteCarlo(f, uniform(37, 2).withRowsPerCall(10_000));
        BmdResult manyCalls = BooleanMeanDimension.monteCarlo(f, uniform(37, 2).withRowsPerCall(15));
        assertEquals(oneCall.bmd(), manyCalls.bmd(), 0.0, "same points, other batching");
        assertArrayEquals(oneCall.influence(), manyCalls.influence(), 0.0);
    }

    @Test
    void gaussianFlipsNegateTheCoordinate() {
        // f(x) = x: Inf_i = E[(x_i - (-x_i))^2] / 4 = E[x_i^2], which is 1 for N(0, 1).
        FunctionModel identity = new FunctionModel(CPU, 3, 3, x -> x.clone());
        BmdResult mc = BooleanMeanDimension.monteCarlo(identity, BmdSettings.of(new InputDistribution.Gaussian(), 4000, 1));
        for (int i = 0; i < 3; i++) assertEquals(1.0, mc.influence()[i], 0.1, "E[x_i^2] for coordinate " + i);
        assertEquals(1.0, mc.bmd(), 3 * mc.stderr(), "identity is linear");
    }

    @Test
    void dataFlipsReflectAroundTheColumnMean() {
        int n = 64;
        Matrix inputs = new Matrix(n, 2);
        for (int r = 0; r < n; r++) {
            inputs.set(r, 0, 5f + (r % 2 == 0 ? 1f : -1f));
            inputs.set(r, 1, r % 4 == 0 ? 3f : -1f);
        }
        Dataset data = new Dataset("two columns", inputs, new Matrix(n, 1), 0);
        FunctionModel identity = new FunctionModel(CPU, 2, 2, x -> x.clone());
        BmdResult mc = BooleanMeanDimension.monteCarlo(identity, BmdSettings.of(new InputDistribution.DataReflection(data), 500, 4));
        // Reflection around the mean m moves x by 2 (x - m): Inf = E[(x - m)^2] over the drawn rows.
        assertEquals(1.0, mc.influence()[0], 1e-6, "column 0 is 5 +- 1 around mean 5");
        assertEquals(3.0, mc.influence()[1], 0.6, "column 1: (3 - 0)^2 / 4 of the time, (-1 - 0)^2 otherwise");
    }

    @Test
    void dataFlipsOnBinaryInputsAreTrueSignFlips() {
        int n = 64;
        Matrix inputs = new Matrix(n, 2);
        for (int r = 0; r < n; r++) {
            inputs.set(r, 0, r % 4 == 0 ? 1f : -1f); // mean -0.5: a reflection would move x by 1 or 3, a sign flip by 2
            inputs.set(r, 1, 1f);
        }
        Dataset data = new Dataset("binary", inputs, new Matrix(n, 1), 0);
        FunctionModel identity = new FunctionModel(CPU, 2, 2, x -> x.clone());
        BmdResult mc = BooleanMeanDimension.monteCarlo(identity, BmdSettings.of(new InputDistribution.DataSignFlips(data), 500, 4));
        // f(x) = x: a sign flip changes coordinate i by 2 x_i, so Inf_i = E[(2 x_i)^2] / 4 = 1 exactly.
        assertEquals(1.0, mc.influence()[0], 1e-9);
        assertEquals(1.0, mc.influence()[1], 1e-9);
        assertEquals("data", mc.distribution());
        assertTrue(mc.isMeanDimension() && mc.toMap().containsKey("bmd"), "a sign flip on the cube is a BMD");
    }

    @Test
    void dataFlipsOnRawPixelsAreRefusedPointingToBinarizeAndDataReflect() {
        Dataset pixels = new Dataset("pixels", new Matrix(2, 2, new float[] {0.2f, 1f, -1f, 1f}), new Matrix(2, 1), 0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> InputDistribution.parse("data", pixels));
        assertEquals(List.of("distribution", "binarize"), e.fields());
        assertTrue(e.getMessage().contains("data-reflect"), e.getMessage());
    }

    @Test
    void theReflectionIndexIsNeverReportedAsBmd() {
        Dataset pixels = new Dataset("pixels", new Matrix(4, 2, new float[] {0.2f, 1f, 0.9f, 0f, 0.5f, 0.5f, 0.1f, 0.7f}), new Matrix(4, 1), 0);
        InputDistribution reflect = InputDistribution.parse("data-reflect", pixels);
        BmdResult mc = BooleanMeanDimension.monteCarlo(new FunctionModel(CPU, 2, 2, x -> x.clone()), BmdSettings.of(reflect, 50, 1));
        assertEquals("data-reflect", mc.distribution());
        assertFalse(mc.isMeanDimension());
        assertFalse(mc.toMap().containsKey("bmd"), "no bmd key: " + mc.toMap().keySet());
        assertEquals(mc.bmd(), (double) mc.toMap().get("reflection_sensitivity"));
    }

    @Test
    void constantModelHasUndefinedBmd() {
        BmdResult mc = BooleanMeanDimension.monteCarlo(FunctionModel.scalar(CPU, 5, x -> -1.5), uniform(20, 1));
        assertFalse(mc.isDefined(), "variance " + mc.variance());
        assertTrue(Double.isNaN(mc.bmd()) && mc.totalInfluence() == 0, "BMD NaN, influence 0");
    }

    @Test
    void fewerThanTwoSamplesIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> uniform(1, 1));
        assertTrue(e.getMessage().contains("samples must be >= 2"), e.getMessage());
    }

    @Test
    void rowsPerCallOutsideWhatFloatRowNumbersCarryAreRefused() {
        for (int rows : new int[] {0, BmdSettings.MAX_ROWS_PER_CALL + 1}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> uniform(10, 1).withRowsPerCall(rows));
            assertTrue(e.getMessage().contains("rowsPerCall must be in [1, 16777216]"), e.getMessage());
        }
        assertEquals(BmdSettings.MAX_ROWS_PER_CALL, uniform(10, 1).withRowsPerCall(BmdSettings.MAX_ROWS_PER_CALL).rowsPerCall());
    }

    @Test
    void dataOfAnotherWidthThanTheModelIsRefused() {
        Dataset data = new Dataset("five features", new Matrix(4, 5), new Matrix(4, 1), 0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BooleanMeanDimension.monteCarlo(
                FunctionModel.scalar(CPU, 3, x -> x[0]), BmdSettings.of(new InputDistribution.DataReflection(data), 10, 1)));
        assertTrue(e.getMessage().contains("takes 3 inputs") && e.getMessage().contains("5 features"), e.getMessage());
    }

    static float[] randomNormals(int count, long seed) {
        float[] values = new float[count];
        Philox.fillNormal(values, 0, count, seed, 0, 0f, 1f);
        return values;
    }
}
