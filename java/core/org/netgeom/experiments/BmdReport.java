package org.netgeom.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netgeom.bmd.BmdResult;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.report.FigureFormat;
import org.netgeom.report.PlotUnavailableException;
import org.netgeom.report.Plots;
import org.netgeom.report.Provenance;

/**
 * The files of one BMD measurement: bmd.json (results and provenance), influence.csv (Inf_i and
 * Inf_i / Var per input) and, for square image inputs, influence.png or .svg, the pixel-wise map
 * of docs/methods/bmd.md (Outputs).
 */
public final class BmdReport {
    /** What the report writes in its folder. */
    public static final List<String> RESULT_ENTRIES = Stream.of(List.of("bmd.json", "influence.csv"),
            FigureFormat.fileNames("influence")).flatMap(List::stream).toList();

    private BmdReport() {}

    /** {@code figures}: the influence map's format. */
    public static void write(Path dir, BmdResult result, Map<String, Object> results, Provenance provenance,
                             FigureFormat figures) {
        Path folder = TrainingRun.ensureDir(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("results", results);
        json.put("provenance", provenance.toMap());
        JsonOutput.writeFile(folder.resolve("bmd.json"), json);
        double[] influence = result.influence();
        double[] normalized = result.normalizedInfluence();
        CsvTable table = new CsvTable("input", "influence", "normalized_influence");
        for (int i = 0; i < influence.length; i++) table.addRow(i, influence[i], normalized[i]);
        table.write(folder.resolve("influence.csv"));
        int side = imageSide(influence.length);
        if (side > 0) {
            double[][] map = new double[side][side];
            for (int i = 0; i < influence.length; i++) map[i / side][i % side] = normalized[i];
            String figure = figures.fileName("influence");
            try {
                Plots.heatmap(folder.resolve(figure), "Inf_i / Var (" + (result.isMeanDimension() ? "BMD " : "reflection sensitivity, not a BMD, ")
                        + String.format("%.3f", result.bmd()) + ")",
                        map, 560, 480);
            } catch (PlotUnavailableException e) {
                System.err.println("netgeom: " + figure + " skipped: " + e.getMessage());
            }
        }
    }

    /** The side of a square image of {@code inputs} pixels (at least 4 x 4), else 0. */
    static int imageSide(int inputs) {
        int side = (int) Math.round(Math.sqrt(inputs));
        return side >= 4 && side * side == inputs ? side : 0;
    }
}
