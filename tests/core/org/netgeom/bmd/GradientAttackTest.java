package org.netgeom.bmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.Dataset;
import org.netgeom.io.Progress;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.tensor.Matrix;

/**
 * FGSM, PGD and greedy flips against what a linear two-class model allows by hand: its logit
 * margin m(x) = (w_y - w_o) . x + b_y - b_o falls by eps |w_y - w_o|_1 under the best L-inf attack
 * (every coordinate moved by eps against sign(w_y - w_o)) and by eps |w_y - w_o|_2 under the best
 * L2 attack; and the projections and clipping on a nonlinear model.
 */
class GradientAttackTest {
    /** Class 0's and class 1's weights; the margin direction w_0 - w_1 = (1, -2, 0.5, -0.25). */
    private static final float[] W0 = {0.5f, -1f, 0.25f, 0f}, W1 = {-0.5f, 1f, -0.25f, 0.25f};
    private static final double[] DIRECTION = {1, -2, 0.5, -0.25};
    private static final double L1 = 3.75, L2 = Math.sqrt(1 + 4 + 0.25 + 0.0625);

    private static Mlp linear(CpuBackend backend) {
        Matrix flat = new Matrix(1, 10);
        System.arraycopy(W0, 0, flat.data(), 0, 4);
        System.arraycopy(W1, 0, flat.data(), 4, 4);
        flat.data()[8] = 0.1f; // b_0 - b_1 = 0.1
        return new Mlp(backend, Architecture.of(4, 2), List.of()).loadParameters(flat);
    }

    private static Dataset data(float[][] rows, int[] labels) {
        Matrix targets = new Matrix(labels.length, 1);
        for (int r = 0; r < labels.length; r++) targets.set(r, 0, labels[r]);
        return new Dataset("hand-made", Matrix.of(toDouble(rows)), targets, 2);
    }

    @Test
    void fgsmMovesEachCoordinateByEpsilonAgainstTheMarginAndClipsToTheRange() {
        // Row 0 (class 0) moves along -sign(w_0 - w_1), row 1 (class 1) along +sign; 0.03 - 0.05 clips at 0, 0.97 + 0.05 at 1.
        Dataset data = data(new float[][] {{0.03f, 0.5f, 0.5f, 0.02f}, {0.97f, 0.5f, 0.5f, 0.5f}}, new int[] {0, 1});
        AttackSettings settings = AttackSettings.of(AttackSettings.Attack.FGSM, AttackSettings.Norm.LINF, 0.05)
                .withValidRange(new AttackSettings.ValidRange(0, 1, "given"));
        try (CpuBackend backend = new CpuBackend(1); Mlp model = linear(backend)) {
            Matrix attacked = GradientAttack.attack(model, data, settings, 0.05, Progress.quiet());
            assertArrayEquals(new float[] {0f, 0.55f, 0.45f, 0.07f}, row(attacked, 0), 1e-7f);
            assertArrayEquals(new float[] {1f, 0.45f, 0.55f, 0.45f}, row(attacked, 1), 1e-7f);
        }
    }

    @Test
    void linfRobustAccuracyIsTheShareOfMarginsAboveEpsilonTimesTheL1Norm() {
        // Margins (for the true class) from the bias 0.1 and t * direction: m = 0.1 + t |direction|^2 for class 0.
        double[] margins = {0.05, 0.2, 0.35, 0.5, 0.8, 1.2, -0.1};
        float[][] rows = new float[margins.length][4];
        int[] labels = new int[margins.length];
        for (int r = 0; r < margins.length; r++) {
            labels[r] = r % 2;
            // class 1's margin is -(w_0 - w_1) . x - 0.1
            double t = labels[r] == 0 ? (margins[r] - 0.1) / (L2 * L2) : -(margins[r] + 0.1) / (L2 * L2);
            for (int i = 0; i < 4; i++) rows[r][i] = (float) (t * DIRECTION[i]);
        }
        Dataset data = data(rows, labels);
        try (CpuBackend backend = new CpuBackend(1); Mlp model = linear(backend)) {
            for (AttackSettings.Attack attack : new AttackSettings.Attack[] {AttackSettings.Attack.FGSM, AttackSettings.Attack.PGD}) {
                for (AttackSettings.Norm norm : AttackSettings.Norm.values()) {
                    double[] budgets = {0, 0.03, 0.1, 0.2};
                    GradientAttack.Result result = GradientAttack.measure(model, data,
                            AttackSettings.of(attack, norm, budgets), Progress.quiet());
                    assertEquals(6 / 7.0, result.cleanAccuracy(), 1e-12);
                    for (int b = 0; b < budgets.length; b++) {
                        double drop = budgets[b] * (norm == AttackSettings.Norm.LINF ? L1 : L2);
                        int robust = 0;
                        for (double m : margins) if (m > drop) robust++;
                        assertEquals(robust / 7.0, result.points().get(b).robustAccuracy(), 1e-12,
                                attack + " " + norm + " eps " + budgets[b]);
                    }
                }
            }
        }
    }

    @Test
    void l2AttacksEndOnTheBallAlongTheWeightDifference() {
        Dataset data = data(new float[][] {{0.1f, 0.2f, -0.3f, 0.4f}}, new int[] {0});
        try (CpuBackend backend = new CpuBackend(1); Mlp model = linear(backend)) {
            for (AttackSettings.Attack attack : new AttackSettings.Attack[] {AttackSettings.Attack.FGSM, AttackSettings.Attack.PGD}) {
                Matrix attacked = GradientAttack.attack(model, data, AttackSettings.of(attack, AttackSettings.Norm.L2, 0.3), 0.3,
                        Progress.quiet());
                for (int i = 0; i < 4; i++) {
                    double expected = data.inputs().data()[i] - 0.3 * DIRECTION[i] / L2;
                    assertEquals(expected, attacked.data()[i], 1e-6, attack + " coordinate " + i);
                }
            }
        }
    }

    @Test
    void pgdStaysInsideTheBallAndTheValidRangeOfANonlinearModel() {
        Random random = new Random(3);
        int n = 30, d = 12;
        float[][] rows = new float[n][d];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) rows[r][i] = random.nextFloat();
            labels[r] = random.nextInt(3);
        }
        Matrix targets = new Matrix(n, 1);
        for (int r = 0; r < n; r++) targets.set(r, 0, labels[r]);
        Dataset data = new Dataset("uniform", Matrix.of(toDouble(rows)), targets, 3);
        AttackSettings.ValidRange unit = AttackSettings.ValidRange.of(data.inputs());
        assertEquals(0, unit.lower());
        assertEquals(1, unit.upper());
        try (CpuBackend backend = new CpuBackend(1);
             Mlp model = new Mlp(backend, Architecture.of(d, 16, 3), Activation.TANH).initialize(Initialization.NORMAL, 4)) {
            for (AttackSettings.Norm norm : AttackSettings.Norm.values()) {
                double eps = norm == AttackSettings.Norm.LINF ? 0.2 : 0.8;
                AttackSettings settings = AttackSettings.of(AttackSettings.Attack.PGD, norm, eps).withSteps(7).withValidRange(unit);
                Matrix attacked = GradientAttack.attack(model, data, settings, eps, Progress.quiet());
                for (int r = 0; r < n; r++) {
                    double l2 = 0;
                    for (int i = 0; i < d; i++) {
                        double x = attacked.get(r, i), delta = x - data.inputs().get(r, i);
                        assertTrue(x >= 0 && x <= 1, "row " + r + " input " + i + " = " + x + " leaves [0, 1]");
                        if (norm == AttackSettings.Norm.LINF) assertTrue(Math.abs(delta) <= eps + 1e-6, "|delta| " + delta);
                        l2 += delta * delta;
                    }
                    if (norm == AttackSettings.Norm.L2) assertTrue(Math.sqrt(l2) <= eps + 1e-5, "|delta|_2 " + Math.sqrt(l2));
                }
                // The attack raises the loss: its accuracy is no higher than the clean one on this model.
                GradientAttack.Result result = GradientAttack.measure(model, data, settings, Progress.quiet());
                assertTrue(result.points().getFirst().robustAccuracy() < result.cleanAccuracy(),
                        norm + ": robust " + result.points().getFirst().robustAccuracy() + " clean " + result.cleanAccuracy());
            }
        }
    }

    @Test
    void greedyFlipsTheCoordinatesThatCarryTheMostMargin() {
        // Class 0 on x = (1, -1, 1, 1): contributions x_i (w_0 - w_1)_i = (1, 2, 0.5, -0.25); the flips go 1, 0, 2, 3.
        Dataset data = data(new float[][] {{1, -1, 1, 1}}, new int[] {0});
        try (CpuBackend backend = new CpuBackend(1); Mlp model = linear(backend)) {
            Matrix gradients = GradientAttack.gradients(model, data, data.inputs());
            assertArrayEquals(new float[] {1, 1, 1, 1}, row(GradientAttack.greedyFlips(data.inputs(), gradients, 1), 0),
                    "one flip: input 1, the largest contribution");
            assertArrayEquals(new float[] {-1, 1, 1, 1}, row(GradientAttack.greedyFlips(data.inputs(), gradients, 2), 0));
            assertArrayEquals(new float[] {-1, 1, -1, 1}, row(GradientAttack.greedyFlips(data.inputs(), gradients, 3), 0));
            // Margin 0.1 + 3.25 = 3.35: one flip leaves 3.35 - 4 < 0, so the prediction changes from the first flip.
            GradientAttack.Result result = GradientAttack.measure(model, data, AttackSettings.greedyFlips(0, 1, 4), Progress.quiet());
            assertEquals(List.of(1.0, 0.0, 0.0), result.points().stream().map(GradientAttack.Point::robustAccuracy).toList());
        }
    }

    @Test
    void greedyFlipRefusesInputsThatAreNotSigns() {
        Dataset data = data(new float[][] {{1, -1, 0.5f, 1}}, new int[] {0});
        try (CpuBackend backend = new CpuBackend(1); Mlp model = linear(backend)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> GradientAttack.measure(model, data, AttackSettings.greedyFlips(1), Progress.quiet()));
            assertTrue(e.getMessage().contains("--binarize") && e.getMessage().contains("row 0, input 2"), e.getMessage());
        }
    }

    @Test
    void settingsNameTheFieldAtFault() {
        assertEquals("epsilon", assertThrows(InvalidInputException.class,
                () -> AttackSettings.of(AttackSettings.Attack.PGD, AttackSettings.Norm.LINF, -0.1)).field());
        assertEquals("epsilon", assertThrows(InvalidInputException.class,
                () -> AttackSettings.of(AttackSettings.Attack.FGSM, AttackSettings.Norm.L2)).field());
        assertEquals("stepSize", assertThrows(InvalidInputException.class,
                () -> AttackSettings.of(AttackSettings.Attack.FGSM, AttackSettings.Norm.LINF, 0.1).withStepSize(0.01)).field());
        assertEquals("flipCounts", assertThrows(InvalidInputException.class, AttackSettings::greedyFlips).field());
        assertEquals("attack", assertThrows(InvalidInputException.class, () -> AttackSettings.Attack.parse("cw")).field());
        assertEquals(0.025, AttackSettings.of(AttackSettings.Attack.PGD, AttackSettings.Norm.LINF, 0.1).stepFor(0.1), 1e-15);
    }

    @Test
    void theValidRangeFollowsTheData() {
        assertEquals("+-1 inputs", AttackSettings.ValidRange.of(new Matrix(1, 3, new float[] {1, -1, 1})).name());
        assertEquals("[0, 1] inputs", AttackSettings.ValidRange.of(new Matrix(1, 3, new float[] {0, 0.5f, 1})).name());
        assertEquals("none", AttackSettings.ValidRange.of(new Matrix(1, 3, new float[] {0, 1.5f, 1})).name());
        assertEquals(-2, AttackSettings.ValidRange.parse("-2:3", null).lower());
        assertEquals("validRange", assertThrows(InvalidInputException.class, () -> AttackSettings.ValidRange.parse("3:2", null)).field());
    }

    private static float[] row(Matrix m, int r) {
        float[] out = new float[m.cols()];
        System.arraycopy(m.data(), r * m.cols(), out, 0, m.cols());
        return out;
    }

    private static double[][] toDouble(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = new double[rows[r].length];
            for (int i = 0; i < rows[r].length; i++) out[r][i] = rows[r][i];
        }
        return out;
    }
}
