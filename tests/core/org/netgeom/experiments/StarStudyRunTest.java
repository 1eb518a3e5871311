package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.DataSplit;
import org.netgeom.data.Teacher;
import org.netgeom.io.CsvTable;
import org.netgeom.io.JsonOutput;
import org.netgeom.star.BarrierTable;
import org.netgeom.star.StarlightConfig;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.InvalidInputException;
import org.netgeom.train.TrainConfig;

/** A tiny star study end to end: the random start and the source-average variant on one zoo, both comparisons, both splits. */
class StarStudyRunTest {
    @TempDir Path dir;

    private static DataSplit data() {
        return DataSets.load(DataSpec.teacher(Teacher.Kind.MLP), DataOptions.defaults().withInputDim(6).withTeacherClasses(3)
                .withTrainSize(60).withTestSize(30).withSeed(3));
    }

    private static StarStudy.Settings settings() {
        TrainConfig training = Zoo.TRAINING.withEpochs(2).withBatchSize(16);
        StarlightRun.Settings starlight = StarlightRun.Settings.defaults().withTraining(training).withPoints(3).withSplit("both")
                .withEvalRows(0);
        return StarStudy.Settings.of(List.of(4), 1, "relu", 3, 2, starlight)
                .withVariantStarts(List.of(StarlightConfig.Start.SOURCE_AVERAGE));
    }

    @Test
    void randomStartAndSourceAverageVariantShareTheZooAndRecordTheirStarts() {
        try (Backend backend = new CpuBackend(1)) {
            StarStudy.Outcome outcome = StarStudy.run(settings(), backend, data(), dir);
            JsonNode random = JsonOutput.readFile(dir.resolve("w4/starlight/report.json"));
            JsonNode average = JsonOutput.readFile(dir.resolve("w4/starlight-source-average/report.json"));
            assertEquals("random", random.get("start").asText());
            assertEquals("source-average", average.get("start").asText());
            assertNotEquals(random.get("start_model").get("train_loss_mean").asDouble(), average.get("start_model").get("train_loss_mean").asDouble(),
                    "the two starts are different models before training");
            assertEquals(random.get("sources"), average.get("sources"), "both star models see the same zoo");
            for (JsonNode report : List.of(random, average)) {
                assertEquals(3, report.get("sources").get("count").asInt());
                assertTrue(report.get("sources").get("train_loss_mean").asDouble() > 0);
                assertTrue(report.get("star_train_loss").asDouble() > 0);
            }

            CsvTable summary = outcome.summary();
            for (String start : List.of("random", "source-average")) {
                for (String split : List.of("train", "test")) {
                    assertTrue(summary.containsRow(java.util.Map.of("start", start, "split", split, "kind", BarrierTable.STAR_TO_HELD_OUT,
                            "aligned", "true")), start + " " + split + "\n" + summary.toCsv());
                }
            }
            int anchorRows = 0;
            for (int r = 0; r < summary.rowCount(); r++) {
                if (!summary.value(r, "kind").equals(BarrierTable.ANCHOR_TO_HELD_OUT)) continue;
                anchorRows++;
                assertEquals(3 * 2, (int) summary.doubleValue(r, "count"), "every source against every held-out model");
            }
            assertEquals(2 * 2, anchorRows, "raw and aligned, per split, measured once for both starts");
            List<StarClaim.Width> widths = StarClaim.read(dir);
            assertEquals(1, widths.size());
            assertEquals(1, widths.getFirst().variants().size(), "the variant's barrier is read beside the main start's");
        }
    }

    @Test
    void fewerThanTwoHeldOutModelsAreRefusedBeforeAnyTraining() {
        // A sharded study would otherwise train every zoo and fail only in the merge, at the first Starlight run.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> StarStudy.Settings.of(List.of(4), 1, "relu", 3, 1, StarlightRun.Settings.defaults()));
        assertTrue(e.getMessage().contains("heldOut") && e.getMessage().contains("got 1"), e.getMessage());
    }

    @Test
    void itemsAreEachWidthsSourcesThenHeldOutModelsInWidthOrder() {
        StarStudy.Settings settings = StarStudy.Settings.of(List.of(8, 4), 1, "relu", 2, 2, StarlightRun.Settings.defaults());
        assertEquals(List.of("w8/sources/model-000", "w8/sources/model-001", "w8/held-out/model-000", "w8/held-out/model-001",
                "w4/sources/model-000", "w4/sources/model-001", "w4/held-out/model-000", "w4/held-out/model-001"),
                StarStudy.itemIds(settings));
    }

    @Test
    void aVariantRepeatingTheMainStartIsRefusedNamingTheField() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> settings().withVariantStarts(List.of(StarlightConfig.Start.RANDOM)));
        assertTrue(e.getMessage().contains("variantStarts"), e.getMessage());
    }
}
