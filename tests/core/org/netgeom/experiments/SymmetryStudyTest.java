package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Dataset;
import org.netgeom.io.CsvTable;
import org.netgeom.report.FigureFormat;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.Philox;

class SymmetryStudyTest {
    @TempDir Path dir;

    /** 8 x 8 images, two classes: which half holds the brighter blob, plus uniform noise. */
    private static Dataset images(String name, int n, long stream) {
        float[] pixels = new float[n * 64];
        Philox.fillUniform(pixels, 0, pixels.length, 3, stream, 0f, 0.3f);
        Matrix labels = new Matrix(n, 1);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            labels.set(i, 0, label);
            for (int y = 2; y < 6; y++) for (int x = 0; x < 3; x++) pixels[i * 64 + y * 8 + x + 5 * label] += 0.7f;
        }
        return new Dataset(name, new Matrix(n, 64, pixels), labels, 2);
    }

    private static final DataSplit DATA = new DataSplit(images("train", 120, 1), images("test", 40, 2));

    private static SymmetryStudy.Settings settings() {
        return SymmetryStudy.Settings.defaults().withHiddenWidth(8).withEpochs(2).withSeeds(2).withBatch(16).withLearningRate(1e-2f)
                .withHeatEpochs(1).withPermutations(100).withFigureFormat(FigureFormat.SVG);
    }

    private static SymmetryArms.Arm mlp(String name, org.netgeom.data.InputExpansion expansion, int inputs) {
        return new SymmetryArms.Arm("images", SymmetryArms.MLP, name, new org.netgeom.nn.ModelSpec.MlpSpec(
                org.netgeom.nn.Architecture.of(inputs, 8, 2), List.of(org.netgeom.tensor.Activation.RELU),
                org.netgeom.nn.Initialization.PYTORCH, org.netgeom.nn.MlpOptions.none()), expansion, org.netgeom.nn.Loss.CROSS_ENTROPY);
    }

    @Test
    void constantFillersMoveTheirWeightSumsInAnMlpAndZeroFillersLeaveThemExactly() {
        List<SymmetryArms.Arm> arms = List.of(mlp("baseline", org.netgeom.data.InputExpansion.none(), 64),
                mlp("expand K=2", new org.netgeom.data.InputExpansion(2, 0.5f, 0), 256),
                mlp("expand K=2 c=0", new org.netgeom.data.InputExpansion(2, 0f, 0), 256));
        CsvTable results;
        try (Backend backend = new CpuBackend(1)) {
            results = SymmetryStudy.run(backend, arms, Map.of("images", DATA), settings(), dir);
        }
        for (int r = 0; r < results.rowCount(); r++) {
            if (!results.value(r, "phase").equals("final")) continue;
            double drift = results.doubleValue(r, "filler_sum_drift");
            switch (results.value(r, "arm")) {
                case "baseline" -> assertTrue(Double.isNaN(drift), "no fillers, no drift");
                // Adam moves every constant-input weight of a unit by the same step: their sum moves as one bias.
                case "expand K=2" -> assertTrue(drift > 0.01, "drift " + drift);
                // Zero inputs give zero gradients, and Adam leaves a weight with zero gradient where it is.
                default -> assertEquals(0.0, drift, "drift with c = 0");
            }
        }
        CsvTable sums = CsvTable.read(dir.resolve(SymmetryStudy.WEIGHT_SUMS_CSV));
        assertEquals(2 * 2 * 8, sums.rowCount(), "two expanded arms x two seeds x eight hidden units");
    }

    @Test
    void aTinyCnnRunsEveryArmWithItsControlsAndResumesWithoutRepeating() {
        List<SymmetryArms.Arm> arms = SymmetryArms.fashionNetwork(SymmetryArms.CNN, "conv:4k3p1,relu,gap,flatten,linear:2").stream()
                .map(a -> new SymmetryArms.Arm("images", a.architecture(), a.name(), a.model(), a.expansion(), a.loss())).toList();
        assertEquals(List.of("baseline", "expand K=2", "expand K=2 c=0", "upsample K=2 nearest", "upsample K=2 bilinear"),
                arms.stream().map(SymmetryArms.Arm::name).toList());
        SymmetrySummary.Outcome outcome;
        try (Backend backend = new CpuBackend(1)) {
            SymmetryStudy.Tasks tasks = new SymmetryStudy.Tasks(arms, Map.of("images", DATA));
            outcome = SymmetryStudy.study(backend, tasks, settings(), dir, org.netgeom.io.ProgressMode.QUIET, Map.of(), List.of("test"));
            CsvTable again = SymmetryStudy.run(backend, arms, Map.of("images", DATA), settings(), dir);
            assertEquals(5 * 3, again.rowCount(), "a resumed study adds no rows");
        }
        List<SymmetrySummary.ArmSummary> summaries = SymmetrySummary.arms(CsvTable.read(dir.resolve("results.csv")));
        assertEquals(5, summaries.size());
        for (SymmetrySummary.ArmSummary a : summaries) {
            assertEquals(2, a.seeds());
            assertTrue(a.accuracyMean() > 0.4, a.arm() + " accuracy " + a.accuracyMean());
            assertTrue(Double.isFinite(a.earlyReplicaDistance()) && a.earlyReplicaDistance() > 0, a.arm());
            if (!a.arm().equals("baseline")) {
                assertTrue(a.differenceLow() <= a.differenceVsBaseline() && a.differenceVsBaseline() <= a.differenceHigh(), a.arm());
                // Every expanded arm has filler pixels; in a convolution each tap also sees pixels elsewhere, so c = 0 moves them too.
                assertTrue(a.fillerSumDrift() > 0, a.arm() + " drift " + a.fillerSumDrift());
            }
        }
        assertEquals(3, ((List<?>) outcome.summary().get("controls")).size(), "K = 2 against c = 0, nearest and bilinear");
        List<?> rankings = (List<?>) outcome.summary().get("rankings");
        SymmetrySummary.Ranking ranking = (SymmetrySummary.Ranking) rankings.getFirst();
        assertEquals(false, ranking.claimed(), "five configurations support no ranking claim");
    }

    @Test
    void armsArePairedBySeedNotByRowOrder() {
        CsvTable results = new CsvTable(SymmetryStudy.HEADER);
        double[][] rows = {{1, 0.80}, {2, 0.70}, {3, 0.75}};
        for (double[] row : rows) results.addRow("t", "mlp", "baseline", "final", (long) row[0], row[1], 0.1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        // The arm's seeds in another order, each 0.05 above its own baseline seed.
        for (int i = rows.length - 1; i >= 0; i--) {
            results.addRow("t", "mlp", "arm", "final", (long) rows[i][0], rows[i][1] + 0.05, 0.1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        SymmetrySummary.Comparison c = SymmetrySummary.compare(results, "t", "mlp", "arm", "baseline");
        assertEquals(3, c.pairs());
        assertEquals(0.05, c.difference(), 1e-12);
        assertEquals(0.05, c.low(), 1e-9, "the same shift on every seed: a zero-width interval");
    }
}
