package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.BackendOptions;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.io.CsvTable;
import org.netgeom.report.FigureFormat;
import org.netgeom.tensor.Backend;

/** A reproduction run from the library, without the command line: the twin-peaks stage at the tiny scale. */
class ReproductionRunTest {
    @TempDir Path dir;

    @Test
    void aLibraryRunWritesEachStepsSummaryAndAMarkerAndASecondRunReusesTheStage() throws IOException {
        Reproduction.Common common = new Reproduction.Common(BackendOptions.cpu(), "quiet", null, FigureFormat.PNG);
        List<Reproduction.Stage> plan = Reproduction.plan(Reproduction.Scale.TINY, dir, common,
                List.of(Reproduction.Experiment.TWIN_PEAKS));
        List<String> heard = new ArrayList<>();
        ReproductionRun.Listener listener = new ReproductionRun.Listener() {
            @Override public void stageReused(Reproduction.Stage stage) { heard.add("reused " + stage.experiment().folder()); }

            @Override public void stepStarting(ReproductionStep step) { heard.add(step.arguments().getFirst()); }
        };
        try (Backend backend = new CpuBackend(1)) {
            ReproductionRun.Outcome first = ReproductionRun.run(Reproduction.Scale.TINY, plan, backend, dir, List.of("test"), listener);
            assertEquals(List.of("double-descent", "double-descent"), heard);
            assertEquals(3, first.claims().size(), "the twin-peaks stage states three claims");
            Path stage = dir.resolve("twin-peaks");
            assertTrue(Files.isRegularFile(stage.resolve(ReproductionRun.STAGE_MARKER)));
            assertTrue(Files.readString(stage.resolve("lambda-optimal.json")).startsWith("{\"rows\":5,"));
            int rows = CsvTable.read(stage.resolve(Reproduction.INTERPOLATING_SWEEP).resolve("results.csv")).rowCount();

            heard.clear();
            ReproductionRun.Outcome second = ReproductionRun.run(Reproduction.Scale.TINY, plan, backend, dir, List.of("test"), listener);
            assertEquals(List.of("reused twin-peaks"), heard);
            assertEquals(first.claims(), second.claims());
            assertEquals(rows, CsvTable.read(stage.resolve(Reproduction.INTERPOLATING_SWEEP).resolve("results.csv")).rowCount());
        }
        assertTrue(Files.readString(dir.resolve(ReproductionRun.REPORT_MD)).contains("netgeom double-descent --model rf"));
    }
}
