package org.netgeom.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.backend.cpu.CpuBackend;
import org.netgeom.bmd.Readout;
import org.netgeom.data.DataOptions;
import org.netgeom.data.DataSets;
import org.netgeom.data.DataSpec;
import org.netgeom.data.Dataset;
import org.netgeom.data.Npy;
import org.netgeom.data.SafeTensors;
import org.netgeom.data.Teacher;
import org.netgeom.io.JsonOutput;
import org.netgeom.nn.Architecture;
import org.netgeom.nn.Initialization;
import org.netgeom.nn.Mlp;
import org.netgeom.nn.ModelFiles;
import org.netgeom.io.ProgressMode;
import org.netgeom.report.FigureFormat;
import org.netgeom.tensor.Activation;
import org.netgeom.tensor.Backend;
import org.netgeom.tensor.Matrix;

/** The one-shot commands' entry points write, for a library caller, the files the commands promise, provenance included. */
class OneShotRunsTest {
    private static final List<String> COMMAND_LINE = List.of("netgeom", "test");
    @TempDir Path dir;

    private Path model(Backend backend, String name, long seed) {
        Path file = dir.resolve(name);
        try (Mlp mlp = new Mlp(backend, Architecture.of(6, 5, 3), Activation.RELU).initialize(Initialization.PYTORCH, seed)) {
            ModelFiles.save(mlp, file, Map.of());
        }
        return file;
    }

    private static Dataset data() {
        return DataSets.load(DataSpec.teacher(Teacher.Kind.MLP), DataOptions.defaults().withInputDim(6).withTeacherClasses(3)
                .withTrainSize(20).withTestSize(12).withSeed(3)).test();
    }

    @Test
    void predictionRunWritesOneProbabilityRowPerExampleAndRecordsItsProvenance() {
        try (Backend backend = new CpuBackend(1)) {
            Path file = dir.resolve("p.npy");
            PredictionRun.Outcome outcome = PredictionRun.run(new PredictionRun.Settings(model(backend, "a.safetensors", 1),
                    Activation.RELU, false, 1, Map.of("split", "test"), COMMAND_LINE), backend, data(), file);
            Matrix probabilities = Npy.readMatrix(file);
            assertEquals(12, probabilities.rows());
            double rowSum = 0;
            for (int c = 0; c < probabilities.cols(); c++) rowSum += probabilities.get(0, c);
            assertEquals(1, rowSum, 1e-5);
            assertEquals(COMMAND_LINE, outcome.provenance().commandLine());
            assertEquals("probabilities", outcome.toMap().get("outputs"));
        }
    }

    @Test
    void bmdRunWithAFolderWritesTheReportWithProvenance() {
        try (Backend backend = new CpuBackend(1)) {
            BmdRun.Settings settings = new BmdRun.Settings(model(backend, "a.safetensors", 1), Activation.RELU, false, "uniform", 16,
                    Readout.vector(), 2, ProgressMode.QUIET, FigureFormat.PNG, COMMAND_LINE);
            BmdRun.Outcome outcome = BmdRun.run(settings, backend, null, dir);
            JsonNode report = JsonOutput.readFile(dir.resolve("bmd.json"));
            assertEquals(outcome.result().bmd(), report.path("results").path("bmd").asDouble(), 0);
            assertEquals("test", report.path("provenance").path("command_line").get(1).asText());
            assertTrue(dir.resolve("influence.csv").toFile().isFile());
        }
    }

    @Test
    void alignmentRunRecordsTheReferenceInTheAlignedFileAndMeasuresBothBarriers() {
        try (Backend backend = new CpuBackend(1)) {
            Path a = model(backend, "a.safetensors", 1), b = model(backend, "b.safetensors", 2), out = dir.resolve("aligned.safetensors");
            AlignmentRun.Outcome outcome = AlignmentRun.run(backend, a, b, out, 1, data(), 3);
            assertEquals(a.toString(), SafeTensors.read(out).metadata().get(AlignmentRun.ALIGNED_TO_KEY));
            assertEquals(3, outcome.before().curve().points().size());
            assertTrue(outcome.toMap().containsKey("barrier_after"));
        }
    }
}
