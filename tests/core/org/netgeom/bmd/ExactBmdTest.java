package org.netgeom.bmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Philox;

/** The exact (Walsh-Hadamard) estimator on functions whose BMD is known, and against the definition. */
class ExactBmdTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    @AfterAll
    static void closeBackend() { CPU.close(); }

    @Test
    void linearFunctionHasBmdExactlyOne() {
        double[] w = {0.5, -2, 1.25, 3, -0.75, 0.1};
        BmdResult r = BooleanMeanDimension.exact(FunctionModel.scalar(CPU, 6, x -> 0.3 + dot(w, x)), Readout.vector());
        assertEquals(1.0, r.bmd(), 1e-6, "linear BMD");
        for (int i = 0; i < w.length; i++) assertEquals(w[i] * w[i], r.influence()[i], 1e-5, "Inf_" + i + " = w_i^2");
    }

    @Test
    void parityOfKBitsHasBmdK() {
        for (int k = 1; k <= 4; k++) {
            int bits = k;
            BmdResult r = BooleanMeanDimension.exact(FunctionModel.scalar(CPU, 7, x -> parity(x, bits)), Readout.vector());
            assertEquals(k, r.bmd(), 1e-9, "parity of " + k + " bits");
            assertEquals(1.0, r.variance(), 1e-9, "parity variance");
        }
    }

    @Test
    void productOfFunctionsOnDisjointBitsAddsTheirBmds() {
        double[] g = centredTable(3, 11);
        double[] h = centredTable(4, 12);
        BmdResult bmdG = BooleanMeanDimension.exact(FunctionModel.scalar(CPU, 3, x -> lookup(g, x, 0, 3)), Readout.vector());
        BmdResult bmdH = BooleanMeanDimension.exact(FunctionModel.scalar(CPU, 4, x -> lookup(h, x, 0, 4)), Readout.vector());
        BmdResult product = BooleanMeanDimension.exact(
                FunctionModel.scalar(CPU, 7, x -> lookup(g, x, 0, 3) * lookup(h, x, 3, 4)), Readout.vector());
        assertTrue(bmdG.bmd() > 1 && bmdH.bmd() > 1, "neither factor is linear: " + bmdG.bmd() + ", " + bmdH.bmd());
        assertEquals(bmdG.bmd() + bmdH.bmd(), product.bmd(), 1e-5, "BMD(g h) = BMD(g) + BMD(h) for mean-zero g, h");
    }

    @Test
    void exactMatchesTheDefinitionOnASmallMlp() {
        try (Mlp mlp = new Mlp(CPU, Architecture.of(8, 12, 3), Activation.TANH).initialize(Initialization.NORMAL, 4)) {
            BmdResult r = BooleanMeanDimension.exact(mlp, Readout.vector());
            FunctionModel reference = new FunctionModel(CPU, 8, 3, x -> ReferenceForward.tanhMlp(CPU, mlp, x));
            double[] byDefinition = Definition.bmdAndTotalInfluence(reference, 8, 3);
            assertEquals(byDefinition[0], r.bmd(), 1e-4 * byDefinition[0], "BMD vs brute force over the cube");
            assertEquals(byDefinition[1], r.totalInfluence(), 1e-4 * byDefinition[1], "total influence vs brute force");
        }
    }

    @Test
    void scalarReadoutsPickOneOutputOrADifference() {
        FunctionModel twoOutputs = new FunctionModel(CPU, 5, 2, x -> new double[] {x[0], parity(x, 3)});
        assertEquals(1.0, BooleanMeanDimension.exact(twoOutputs, Readout.output(0)).bmd(), 1e-9, "output 0 is linear");
        assertEquals(3.0, BooleanMeanDimension.exact(twoOutputs, Readout.output(1)).bmd(), 1e-9, "output 1 is a 3-parity");
        assertEquals(2.0, BooleanMeanDimension.exact(twoOutputs, Readout.vector()).bmd(), 1e-9, "vector: (1 + 3) / (1 + 1)");
        assertEquals(2.0, BooleanMeanDimension.exact(twoOutputs, Readout.difference(1, 0)).bmd(), 1e-9, "x0 - parity: (1+3)/2");
    }

    @Test
    void constantFunctionHasNoBmd() {
        BmdResult r = BooleanMeanDimension.exact(FunctionModel.scalar(CPU, 4, x -> 2.5), Readout.vector());
        assertFalse(r.isDefined(), "a constant has variance 0");
        assertTrue(Double.isNaN(r.bmd()), "BMD is NaN, not a division by zero: " + r.bmd());
    }

    @Test
    void moreThanTwentyInputsIsRefusedWithTheWayOut() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BooleanMeanDimension.exact(FunctionModel.scalar(CPU, 21, x -> x[0]), Readout.vector()));
        assertTrue(e.getMessage().contains("d = 21") && e.getMessage().startsWith("exact evaluates"), e.getMessage());
    }

    @Test
    void readoutBeyondTheOutputsIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BooleanMeanDimension.exact(FunctionModel.scalar(CPU, 3, x -> x[0]), Readout.output(2)));
        assertTrue(e.getMessage().contains("1 outputs"), e.getMessage());
    }

    static double dot(double[] w, double[] x) {
        double s = 0;
        for (int i = 0; i < w.length; i++) s += w[i] * x[i];
        return s;
    }

    static double parity(double[] x, int bits) {
        double p = 1;
        for (int i = 0; i < bits; i++) p *= x[i];
        return p;
    }

    /** A random table of 2^bits values with mean exactly zero. */
    static double[] centredTable(int bits, long seed) {
        double[] t = new double[1 << bits];
        double mean = 0;
        for (int i = 0; i < t.length; i++) {
            t[i] = Philox.normal(seed, 0, i, 0f, 1f);
            mean += t[i] / t.length;
        }
        for (int i = 0; i < t.length; i++) t[i] -= mean;
        return t;
    }

    static double lookup(double[] table, double[] x, int from, int bits) {
        int index = 0;
        for (int j = 0; j < bits; j++) if (x[from + j] < 0) index |= 1 << j;
        return table[index];
    }
}
